"""Every rejection at the repository, each with its own error and exit code, and nothing
ingested; the exact duplicate that only re-sends its receipt; the gap that is ingested
but flagged; demo data kept away from a real repository."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.formats import minisign
from app.formats.errors import ContentMismatch, Damaged, NotForThisKey, Truncated
from app.services import Services
from app.sync.enrolment import now_utc
from app.sync.export import ExportResult, export_package
from app.sync.package import ManifestHeader, PackageEntry, write_package
from app.sync.repository.devices import revoke
from app.sync.repository.ingest import ingest, verify
from app.sync.repository.store import Repository
from app.sync.repository_errors import (
    ClonedDevice,
    DemoMismatch,
    DeviceRevoked,
    TrustBundleExpired,
    UnknownDevice,
)
from tests.sync_support import (
    enrol_device,
    new_device,
    new_repository,
    repository_counts,
    witness,
)

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


class Setup:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.geneva = new_repository(tmp_path / "geneva")
        self.database = new_device(tmp_path / "field" / "sillok.db")
        self.services = Services(self.database, actor="officer-1")
        self.accepted = enrol_device(self.database, self.geneva, tmp_path / "exchange")
        witness(self.services, tmp_path / "scans")

    def export(self) -> ExportResult:
        return export_package(self.database, self.tmp / "usb", actor="officer-1")

    def close(self) -> None:
        self.database.close()
        self.geneva.close()


@pytest.fixture
def setup(tmp_path: Path) -> Any:
    made = Setup(tmp_path)
    yield made
    made.close()


def _refused(setup: Setup, package: Path, error: type[Exception], code: int) -> None:
    before = repository_counts(setup.geneva)
    with pytest.raises(error) as raised:
        ingest(setup.geneva, package)
    assert raised.value.exit_code == code  # type: ignore[attr-defined]
    assert repository_counts(setup.geneva) == before
    assert list((setup.geneva.folder / "work").iterdir()) == []


def _copy(package: Path, data: bytes) -> Path:
    changed = package.with_name("changed-" + package.name)
    changed.write_bytes(data)
    return changed


def test_a_changed_byte_anywhere_is_refused(setup: Setup) -> None:
    package = setup.export().path
    data = package.read_bytes()
    for position in (len(data) // 2, len(data) - 3):
        mutated = bytearray(data)
        mutated[position] ^= 0x01
        _refused(setup, _copy(package, bytes(mutated)), Damaged, 21)


def test_a_truncated_package_is_refused(setup: Setup) -> None:
    package = setup.export().path
    data = package.read_bytes()
    _refused(setup, _copy(package, data[: len(data) - 70_000 % len(data)]), Truncated, 22)


def test_a_package_for_another_recipient_is_refused(setup: Setup, tmp_path: Path) -> None:
    package = setup.export().path
    other = new_repository(tmp_path / "other-geneva")
    try:
        with pytest.raises(NotForThisKey) as raised:
            ingest(other, package)
        assert raised.value.exit_code == 23
        assert repository_counts(other)["records"] == 0
    finally:
        other.close()


def _foreign_package(setup: Setup, device_id: str) -> Path:
    """A well-formed package to Geneva's key, signed by a key Geneva never enrolled."""
    out = setup.tmp / "usb" / f"{device_id}.sillok"
    out.parent.mkdir(exist_ok=True)
    write_package(
        out,
        entries=[PackageEntry("withheld.jsonl", 0, lambda: io.BytesIO(b""))],
        header=ManifestHeader(device_id, 1, None, now_utc().isoformat()),
        signer=minisign.SigningKey.generate(),
        recipient=setup.geneva.keys.package.recipient,
    )
    return out


def test_an_unknown_device_is_refused(setup: Setup) -> None:
    _refused(setup, _foreign_package(setup, "dev-0000000000000000"), UnknownDevice, 32)


def test_a_device_claiming_an_enrolled_id_with_another_key_is_refused(setup: Setup) -> None:
    device_id = setup.accepted.bundle.device.device_id
    _refused(setup, _foreign_package(setup, device_id), ContentMismatch.__mro__[1], 24)


def test_a_revoked_device_is_refused(setup: Setup) -> None:
    package = setup.export().path
    revoke(setup.geneva, setup.accepted.bundle.device.device_id, "laptop stolen")
    _refused(setup, package, DeviceRevoked, 33)


def test_an_exact_duplicate_only_resends_the_receipt(setup: Setup) -> None:
    package = setup.export().path
    first = ingest(setup.geneva, package)
    counts = repository_counts(setup.geneva)
    again = ingest(setup.geneva, package, receipt_out=setup.tmp / "again.receipt")
    assert again.duplicate and again.new_records == 0
    assert (setup.tmp / "again.receipt").read_bytes() == first.receipt_path.read_bytes()
    assert repository_counts(setup.geneva) == counts


def test_same_sequence_other_content_is_a_cloned_device_alert(setup: Setup) -> None:
    original = setup.export().path
    ingest(setup.geneva, original)
    original.unlink()
    # A copy of the laptop made before that export carries on with sequence 1.
    with setup.database.transaction() as connection:
        connection.execute("DELETE FROM sync_package_items")
        connection.execute("DELETE FROM sync_packages")
    witness(setup.services, setup.tmp / "scans", attachment=None)
    clone = setup.export()
    assert clone.sequence == 1
    _refused(setup, clone.path, ClonedDevice, 34)
    with setup.geneva.reading() as connection:
        alerts = connection.execute("SELECT kind, sequence FROM alerts").fetchall()
    assert alerts == [("cloned_device", 1)]
    with pytest.raises(ClonedDevice):  # verify says so too, recording nothing more
        verify(setup.geneva, clone.path)
    with setup.geneva.reading() as connection:
        assert connection.execute("SELECT count(*) FROM alerts").fetchone() == (1,)


def test_a_gap_is_ingested_flagged_and_reported(setup: Setup) -> None:
    first = setup.export()
    witness(setup.services, setup.tmp / "scans", attachment=None)
    second = setup.export()
    result = ingest(setup.geneva, second.path)
    assert result.missing == [1] and result.receipt.missing_sequences == [1]
    with setup.geneva.reading() as connection:
        assert connection.execute("SELECT kind FROM alerts").fetchall() == [("sequence_gap",)]
        assert connection.execute("SELECT gap_before FROM packages").fetchone() == ("1",)
    filled = ingest(setup.geneva, first.path)
    assert filled.missing == [] and filled.receipt.held_sequences == [1, 2]


def test_unexpected_content_signed_by_the_device_is_refused(setup: Setup) -> None:
    with setup.database.reading() as connection:
        from app.store.keys import device_keys

        keys = device_keys(connection)
    out = setup.tmp / "odd.sillok"
    write_package(
        out,
        entries=[PackageEntry("records/kwanliso.jsonl", 3, lambda: io.BytesIO(b"{}\n"))],
        header=ManifestHeader(keys.device_id, 1, None, now_utc().isoformat()),
        signer=keys.signing,
        recipient=setup.geneva.keys.package.recipient,
    )
    _refused(setup, out, ContentMismatch, 25)


def test_an_expired_trust_bundle_stops_the_export(setup: Setup) -> None:
    with pytest.raises(TrustBundleExpired):
        export_package(
            setup.database,
            setup.tmp / "usb",
            actor="officer-1",
            at=now_utc() + timedelta(days=400),
        )
    assert not (setup.tmp / "usb").exists() or list((setup.tmp / "usb").iterdir()) == []


def test_demo_data_cannot_be_exported_to_a_real_repository(setup: Setup) -> None:
    with setup.database.transaction() as connection:
        connection.execute("INSERT INTO meta (key, value) VALUES ('purpose', 'demo')")
    with pytest.raises(DemoMismatch) as raised:
        setup.export()
    assert raised.value.exit_code == 35
    assert "demonstration" in raised.value.message()
    assert not (setup.tmp / "usb").exists() or list((setup.tmp / "usb").iterdir()) == []
    with setup.database.reading() as connection:
        assert connection.execute("SELECT count(*) FROM sync_packages").fetchone() == (0,)


def test_demo_data_goes_to_a_demo_repository(tmp_path: Path) -> None:
    demo = new_repository(tmp_path / "demo-geneva", demo=True)
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        with database.transaction() as connection:
            connection.execute("INSERT INTO meta (key, value) VALUES ('purpose', 'demo')")
        accepted = enrol_device(database, demo, tmp_path / "exchange")
        assert accepted.bundle.demo
        witness(Services(database, actor="demo"), tmp_path / "scans")
        package = export_package(database, tmp_path / "usb", actor="demo")
        assert ingest(demo, package.path).new_records == package.records
    finally:
        database.close()
        demo.close()


def test_cancelling_an_export_leaves_nothing(setup: Setup) -> None:
    def cancel(done: int, total: int | None, label: str) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_package(setup.database, setup.tmp / "usb", actor="officer-1", progress=cancel)
    assert list((setup.tmp / "usb").iterdir()) == []
    assert setup.export().sequence == 1


def test_the_repository_store_holds_no_plaintext(setup: Setup) -> None:
    ingest(setup.geneva, setup.export().path)
    for path in setup.geneva.folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "회령 보위부".encode() not in data, path
            assert "김순희".encode() not in data, path


def test_a_repository_is_only_as_open_as_its_passphrase(setup: Setup) -> None:
    from app.errors import WrongPassphrase

    with pytest.raises(WrongPassphrase):
        Repository.open(setup.geneva.folder, "not the repository passphrase")
