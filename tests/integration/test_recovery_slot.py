"""The recovery slot in the key file, and what the recovery files give away (nothing)."""

from __future__ import annotations

import base64
import io
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.crypto import keyfile
from app.errors import SillokError
from app.formats import age
from app.formats.errors import FormatError
from app.services import Services
from app.store.database import Database
from app.sync import enrolment, recovery, recovery_slot
from app.sync.repository import recovery as geneva
from app.sync.repository.store import Repository
from tests.recovery_support import (
    NEW_PASSPHRASE,
    Laptop,
    answer,
    enrolled_laptop,
    opens,
    recovery_identity,
)
from tests.support import FAST_KDF, PASSPHRASE, record_interview
from tests.sync_support import enrol_device, new_repository, run_tool


@pytest.fixture
def repository(tmp_path: Path) -> Iterator[Repository]:
    repository = new_repository(tmp_path / "geneva")
    yield repository
    repository.close()


def _slots(path: Path) -> list[str]:
    return [s["kind"] for s in keyfile.read(keyfile.keyfile_path(path)).slots]


def _audit_kinds(path: Path, passphrase: str) -> list[str]:
    with Database.open(path, passphrase) as database, database.reading() as connection:
        rows = connection.execute("SELECT entity_type FROM audit_log ORDER BY seq")
        return [row[0] for row in rows]


def test_enrolment_adds_the_slot_and_everyday_unlocking_is_unchanged(
    tmp_path: Path, repository: Repository
) -> None:
    laptop = enrolled_laptop(tmp_path / "laptop", repository)
    assert _slots(laptop.path) == ["passphrase", "recovery"]
    slot = recovery_slot.current_slot(laptop.keys)
    assert slot.statement.recipient == str(repository.keys.recovery.recipient)  # type: ignore[union-attr]
    assert "recovery_slot" in _audit_kinds(laptop.path, PASSPHRASE)
    # The passphrase still opens it; changing the passphrase keeps the slot as it is.
    keyfile.change_passphrase(laptop.keys, PASSPHRASE, NEW_PASSPHRASE, FAST_KDF)
    assert opens(laptop.path, NEW_PASSPHRASE) and not opens(laptop.path, PASSPHRASE)
    assert recovery_slot.current_slot(laptop.keys) == slot
    # Loading the same bundle again changes nothing in the key file.
    before = laptop.keys.read_bytes()
    with Database.open(laptop.path, NEW_PASSPHRASE) as database:
        bundle = sorted((laptop.folder / "exchange").glob("bundle-*.json"))[-1]
        assert not enrolment.accept_bundle(database, bundle).changed
    assert laptop.keys.read_bytes() == before


def test_a_new_geneva_recovery_key_reseals_the_slot(tmp_path: Path, repository: Repository) -> None:
    laptop = enrolled_laptop(tmp_path / "laptop", repository)
    first = recovery_slot.current_slot(laptop.keys)
    old_key = recovery_identity(repository, tmp_path / "old-key.txt")
    geneva.rotate_key(repository)
    with Database.open(laptop.path, PASSPHRASE) as database:
        enrol_device(database, repository, laptop.folder / "exchange")
    resealed = recovery_slot.current_slot(laptop.keys)
    assert _slots(laptop.path) == ["passphrase", "recovery"]
    assert resealed.statement.recipient == str(repository.keys.recovery.recipient)  # type: ignore[union-attr]
    assert resealed.statement.recipient != first.statement.recipient
    assert _audit_kinds(laptop.path, PASSPHRASE).count("recovery_slot") == 2
    # The retired key alone no longer opens this laptop's slot; the custodians' new
    # export (current and retired keys) does.
    request = laptop.request()
    with pytest.raises(SillokError) as error:
        answer(repository, request, laptop.folder / "request.json", tmp_path / "r.json", old_key)
    assert error.value.exit_code == 66
    both = recovery_identity(repository, tmp_path / "keys.txt")
    answer(repository, request, laptop.folder / "request.json", tmp_path / "r.json", both)
    laptop.complete(tmp_path / "r.json")
    assert opens(laptop.path, NEW_PASSPHRASE)


def _open(data: bytes, identities: list[age.AgeIdentity]) -> bytes:
    sink = io.BytesIO()
    age.decrypt_stream(io.BytesIO(data), sink, identities)
    return sink.getvalue()


def test_request_and_response_give_nothing_without_the_right_key(
    tmp_path: Path, repository: Repository
) -> None:
    laptop = Laptop(tmp_path / "laptop" / "sillok.db", tmp_path / "laptop")
    with Database.create(laptop.path, PASSPHRASE, FAST_KDF) as database:
        enrol_device(database, repository, laptop.folder / "exchange")
        record_interview(Services(database, actor="officer-1"))
        database_key = database.key
        with database.reading() as connection:
            device_secret = connection.execute("SELECT age_identity FROM sync_device").fetchone()[0]
    request = laptop.request()
    (tmp_path / "custody").mkdir()
    (tmp_path / "exchange").mkdir()
    custody_key = recovery_identity(repository, tmp_path / "custody" / "key.txt")
    response_path = tmp_path / "exchange" / "response.json"
    answer(repository, request, laptop.folder / "request.json", response_path, custody_key)
    signed_part = json.loads(response_path.read_text())["signed"]
    response = recovery.RecoveryResponse.model_validate(signed_part)

    # Every file recovery writes is for its owner only.
    for written in (laptop.keys, laptop.folder / "request.json", response_path):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, written
    assert stat.S_IMODE(recovery.pending_path(laptop.path).stat().st_mode) == 0o600

    # The database key is in no file, in any encoding, anywhere: laptop, exchange, Geneva.
    encodings = [
        database_key,
        database_key.hex().encode(),
        database_key.hex().upper().encode(),
        base64.b64encode(database_key),
        base64.urlsafe_b64encode(database_key).rstrip(b"="),
    ]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "sillok.db.recovery" for p in files)
    for path in files:
        data = path.read_bytes()
        assert not any(encoded in data for encoded in encodings), path

    # The sealed slot opens with Geneva's recovery key only: not with the laptop's own
    # age key, nor with Geneva's package or identity keys, nor with the one-time key.
    keys = repository.keys
    slot = request.slot.sealed_bytes()
    sealed = base64.b64decode(response.sealed)
    others = [
        age.AgeIdentity.parse(device_secret),
        keys.package,
        keys.identity_vault,
    ]
    for wrong in others:
        with pytest.raises(FormatError):
            _open(slot, [wrong])
        with pytest.raises(FormatError):
            _open(sealed, [wrong])
    with pytest.raises(FormatError):
        _open(sealed, [keys.recovery])  # type: ignore[list-item]
    assert keys.recovery is not None
    assert base64.b64encode(database_key).decode() in _open(slot, [keys.recovery]).decode()

    # The standard `age` tool agrees: the slot is an ordinary age file to Geneva's key.
    (tmp_path / "slot.age").write_bytes(slot)
    opened = run_tool("age", "-d", "-i", str(custody_key), str(tmp_path / "slot.age"))
    assert base64.b64encode(database_key).decode() in opened


def test_a_bundle_without_a_recovery_key_is_as_before(repository: Repository) -> None:
    """Bundles from a repository without a recovery key carry no new field at all (not even
    null), so their signed bytes are those of the earlier format."""
    import dataclasses

    from app.formats import signed

    keys = repository.keys
    without = dataclasses.replace(keys, recovery=None).public()
    assert "recovery_recipient" not in signed.canonical(without).decode()
    with_key = keys.public()
    assert f'"recovery_recipient":"{keys.recovery.recipient}"' in (  # type: ignore[union-attr]
        signed.canonical(with_key).decode()
    )
