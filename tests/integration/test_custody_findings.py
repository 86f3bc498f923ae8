"""Review findings 2, 4, 6, 7 and 8 (../shared/reviews/faults-and-tampering.md): `verify`
never claims to have recorded anything; the Geneva fingerprint is required and may be
typed without dashes, in any case; signed but malformed packages are refused as
malformed (25); sequence numbers start at 1; a cloned-device alert blocks its device
until staff clear it with a recorded reason."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.services import Services
from app.store.keys import device_keys
from app.sync.export import export_package
from app.sync.manifest import RESERVED_NAMES
from app.sync.package import ManifestHeader, PackageEntry, open_package, write_package
from app.sync.repository.devices import public_key_for
from app.sync.repository.ingest import ingest, verify
from app.sync.repository.listing import alerts
from app.sync.repository.store import SCHEMA_VERSION, Repository
from app.sync.repository_errors import ClonedDevice
from tests.repository_support import drop_schema_3, schema_version
from tests.support import PASSPHRASE, snapshot
from tests.sync_support import (
    GENEVA_PASSPHRASE,
    enrol_device,
    new_device,
    new_repository,
    repository_counts,
    witness,
)


def sillok(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SILLOK_LANGUAGE": "en"}
    env.pop("SILLOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


class Field:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.geneva = new_repository(tmp / "geneva")
        self.database = new_device(tmp / "field" / "sillok.db")
        self.services = Services(self.database, actor="officer-1")
        enrol_device(self.database, self.geneva, tmp / "exchange")
        witness(self.services, tmp / "scans")

    def export(self) -> Path:
        return export_package(self.database, self.tmp / "usb", actor="officer-1").path

    def secrets(self) -> tuple[Path, Path]:
        field, geneva = self.tmp / "field.txt", self.tmp / "geneva.txt"
        field.write_text(PASSPHRASE + "\n")
        geneva.write_text(GENEVA_PASSPHRASE + "\n")
        return field, geneva

    def resign(
        self,
        package: Path,
        change: Callable[[dict[str, bytes], dict[str, object]], None],
        *,
        sequence: int | None = None,
    ) -> Path:
        """`package` rebuilt and validly signed by the device, its files (and manifest
        extra) changed by `change`."""
        opened = open_package(
            package,
            identity=self.geneva.keys.package,
            public_key_for=lambda device: public_key_for(self.geneva, device),
            into=self.tmp / f"open-{len(list(self.tmp.glob('open-*')))}",
        )
        files = {
            f.name: opened.file(f.name).read_bytes()
            for f in opened.manifest.files
            if f.name not in RESERVED_NAMES
        }
        extra = dict(opened.manifest.extra)
        change(files, extra)
        with self.database.reading() as connection:
            keys = device_keys(connection)
        assert keys is not None
        out = self.tmp / f"resigned-{len(list(self.tmp.glob('resigned-*')))}.sillok"
        write_package(
            out,
            entries=[
                PackageEntry(name, len(data), lambda data=data: io.BytesIO(data))
                for name, data in files.items()
            ],
            header=ManifestHeader(
                keys.device_id,
                opened.manifest.sequence if sequence is None else sequence,
                opened.manifest.previous_package_sha256,
                opened.manifest.created_at,
                extra,
            ),
            signer=keys.signing,
            recipient=self.geneva.keys.package.recipient,
        )
        return out

    def close(self) -> None:
        self.database.close()
        self.geneva.close()


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    made = Field(tmp_path)
    yield made
    made.close()


# -- finding 2: verify never claims to have recorded anything ----------------------------


def test_verify_of_a_gap_says_nothing_was_recorded(field: Field) -> None:
    field.export()
    witness(field.services, field.tmp / "scans", attachment=None)
    second = field.export()
    _, geneva = field.secrets()
    field.geneva.close()
    before = snapshot(field.geneva.folder)
    done = sillok(
        "repository", "verify", "--repo", str(field.geneva.folder),
        "--passphrase-file", str(geneva), str(second),
    )  # fmt: skip
    assert done.returncode == 38
    assert "nothing was recorded" in done.stderr
    assert "The package was ingested" not in done.stderr and "is recorded" not in done.stderr
    assert snapshot(field.geneva.folder) == before
    field.geneva = Repository.open(field.geneva.folder, GENEVA_PASSPHRASE)


def test_verify_of_a_clone_says_nothing_was_recorded(field: Field) -> None:
    original = field.export()
    ingest(field.geneva, original)
    clone = field.resign(original, lambda files, extra: None, sequence=1)
    # Same sequence, other bytes (a new signature and encryption): a clone.
    _, geneva = field.secrets()
    field.geneva.close()
    before = snapshot(field.geneva.folder)
    done = sillok(
        "repository", "verify", "--repo", str(field.geneva.folder),
        "--passphrase-file", str(geneva), str(clone),
    )  # fmt: skip
    assert done.returncode == 34
    assert "nothing was recorded" in done.stderr and "alert was recorded" not in done.stderr
    assert snapshot(field.geneva.folder) == before
    field.geneva = Repository.open(field.geneva.folder, GENEVA_PASSPHRASE)


# -- finding 4: the Geneva fingerprint is required, typed any way ------------------------


def test_enrol_accept_requires_genevas_fingerprint_typed_any_way(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    impostor = new_repository(tmp_path / "impostor")
    database = new_device(tmp_path / "field" / "sillok.db")
    database.close()
    field_secret = tmp_path / "field.txt"
    field_secret.write_text(PASSPHRASE + "\n")
    device = ("--db", str(tmp_path / "field" / "sillok.db"), "--passphrase-file", str(field_secret))
    assert sillok("enrol-request", *device, "--out", str(tmp_path / "r.json")).returncode == 0
    from app.sync.repository.devices import enrol

    fake = enrol(impostor, tmp_path / "r.json", tmp_path / "fake.json")
    real = enrol(geneva, tmp_path / "r.json", tmp_path / "real.json")
    geneva.close()
    impostor.close()
    without = sillok("enrol-accept", *device, str(tmp_path / "fake.json"))
    assert without.returncode == 29 and "--geneva-fingerprint" in without.stderr
    typed = real.geneva_fingerprint.replace("-", "").lower()
    accepted = sillok(
        "enrol-accept", *device, str(tmp_path / "real.json"), "--geneva-fingerprint", typed
    )
    assert accepted.returncode == 0, accepted.stderr
    assert fake.geneva_fingerprint != real.geneva_fingerprint


# -- finding 6: signed but malformed packages are malformed (25) -------------------------


def _no_withheld(files: dict[str, bytes], extra: dict[str, object]) -> None:
    del files["withheld.jsonl"]


def _no_checkpoint(files: dict[str, bytes], extra: dict[str, object]) -> None:
    del files["audit/checkpoint.json"]


def _no_audit(files: dict[str, bytes], extra: dict[str, object]) -> None:
    del extra["audit"]


def _deleted_array(files: dict[str, bytes], extra: dict[str, object]) -> None:
    files["records/deleted.jsonl"] = json.dumps(["interview", "x", 1]).encode() + b"\n"


@pytest.mark.parametrize(
    "change", [_no_withheld, _no_checkpoint, _no_audit, _deleted_array], ids=lambda c: c.__name__
)
def test_a_signed_but_malformed_package_is_refused_as_malformed(
    field: Field, change: Callable[[dict[str, bytes], dict[str, object]], None]
) -> None:
    bad = field.resign(field.export(), change)
    before = repository_counts(field.geneva)
    _, geneva = field.secrets()
    for action in ("verify", "ingest"):
        done = sillok(
            "repository", action, "--repo", str(field.geneva.folder),
            "--passphrase-file", str(geneva), str(bad),
        )  # fmt: skip
        assert done.returncode == 25, done.stderr
        assert "unexpected" not in done.stderr
    assert repository_counts(field.geneva) == before


# -- finding 7: sequence numbers start at 1 ----------------------------------------------


def test_sequence_zero_is_refused_and_the_genuine_first_package_is_taken(field: Field) -> None:
    genuine = field.export()
    zero = field.resign(genuine, lambda files, extra: None, sequence=0)
    _, geneva = field.secrets()
    done = sillok(
        "repository", "ingest", "--repo", str(field.geneva.folder),
        "--passphrase-file", str(geneva), str(zero),
    )  # fmt: skip
    assert done.returncode == 25, done.stderr
    assert repository_counts(field.geneva)["packages"] == 0
    assert ingest(field.geneva, genuine).sequence == 1


# -- finding 8: a cloned-device alert blocks until cleared with a reason ------------------


def test_a_cloned_device_alert_blocks_the_device_until_cleared(field: Field) -> None:
    from app.sync.repository.listing import clear_alert  # new at this commit
    from app.sync.repository_errors import DeviceBlocked

    original = field.export()
    ingest(field.geneva, original)
    clone = field.resign(original, lambda files, extra: None, sequence=1)
    with pytest.raises(ClonedDevice):
        ingest(field.geneva, clone)
    witness(field.services, field.tmp / "scans", attachment=None)
    following = field.export()
    before = repository_counts(field.geneva)
    with pytest.raises(DeviceBlocked) as blocked:
        ingest(field.geneva, following)
    assert blocked.value.exit_code == 58 and "clear-alert" in blocked.value.message()
    with pytest.raises(DeviceBlocked):
        verify(field.geneva, following)
    assert repository_counts(field.geneva) == before
    (alert,) = alerts(field.geneva)
    _, geneva = field.secrets()
    repo = ("--repo", str(field.geneva.folder), "--passphrase-file", str(geneva))
    listed = sillok("repository", "list", *repo)
    assert "BLOCKS device" in listed.stdout
    no_reason = sillok("repository", "clear-alert", *repo, str(alert.id), "--reason", " ")
    assert no_reason.returncode == 14
    cleared = sillok(
        "repository", "clear-alert", *repo, str(alert.id), "--reason",
        "the laptop was re-imaged from a backup; the clone package is kept as evidence",
    )  # fmt: skip
    assert cleared.returncode == 0, cleared.stderr
    (alert,) = alerts(field.geneva)
    assert alert.cleared_at and alert.cleared_by and "re-imaged" in (alert.cleared_reason or "")
    assert ingest(field.geneva, following).sequence == 2
    with pytest.raises(Exception) as again:
        clear_alert(field.geneva, alert.id, "twice", "staff")
    assert getattr(again.value, "exit_code", None) == 14


@pytest.mark.usefixtures("repository_backend")  # the migrations, on both stores
def test_a_store_of_schema_1_gains_the_alert_decision_columns(tmp_path: Path) -> None:
    repository = new_repository(tmp_path / "geneva")
    drop_schema_3(repository)
    with repository.transaction() as connection:
        for column in ("cleared_at", "cleared_by", "cleared_reason"):
            connection.execute(f"ALTER TABLE alerts DROP COLUMN {column}")
    repository.connection.executescript(repository.store.version_sql(1))
    repository.close()
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        assert schema_version(reopened) == SCHEMA_VERSION
        with reopened.reading() as connection:
            described = connection.execute("SELECT * FROM alerts LIMIT 0")
            columns = {column[0] for column in described.description}
        assert {"cleared_at", "cleared_by", "cleared_reason"} <= columns
        assert alerts(reopened) == []
