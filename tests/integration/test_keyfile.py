"""The key file: slots, AEAD binding, damage told apart from a wrong passphrase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.crypto import keyfile
from app.crypto.kdf import MIN_MEMORY_KIB, KdfParams
from app.errors import AlreadyExists, KeyFileDamaged, KeyFileMissing, WrongPassphrase
from tests.support import FAST_KDF, PASSPHRASE


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "sillok.db.keys"


def test_unlock_returns_the_key_created(key_path: Path) -> None:
    created, key = keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    unlocked, again = keyfile.unlock(key_path, PASSPHRASE)
    assert again == key and len(key) == 32
    assert unlocked.database_id == created.database_id


def test_hangul_passphrase_unlocks_in_either_normal_form(key_path: Path) -> None:
    import unicodedata

    _, key = keyfile.create(key_path, "실록 기록 보관 서울 제네바", FAST_KDF)
    decomposed = unicodedata.normalize("NFD", "실록 기록 보관 서울 제네바")
    assert decomposed != "실록 기록 보관 서울 제네바"
    assert keyfile.unlock(key_path, decomposed)[1] == key


def test_wrong_passphrase_is_told_and_nothing_written(key_path: Path) -> None:
    keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    before = key_path.read_bytes()
    with pytest.raises(WrongPassphrase):
        keyfile.unlock(key_path, PASSPHRASE + " ")
    assert key_path.read_bytes() == before


def test_missing_key_file(key_path: Path) -> None:
    with pytest.raises(KeyFileMissing):
        keyfile.unlock(key_path, PASSPHRASE)


def test_every_flipped_byte_is_damage_not_a_wrong_passphrase(key_path: Path) -> None:
    keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    original = key_path.read_bytes()
    for position in range(len(original)):
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        key_path.write_bytes(bytes(damaged))
        with pytest.raises(KeyFileDamaged):
            keyfile.unlock(key_path, PASSPHRASE)


def test_kdf_parameters_are_bound_into_the_aead(key_path: Path) -> None:
    """Lowering the KDF cost (and fixing the checksum) cannot keep the key usable."""
    import hashlib

    keyfile.create(key_path, PASSPHRASE, FAST_KDF.model_copy(update={"time_cost": 2}))
    body = json.loads(key_path.read_text().rsplit("sha256:", 1)[0])
    body["slots"][0]["kdf"]["time_cost"] = 1
    text = json.dumps(body, sort_keys=True, indent=2) + "\n"
    key_path.write_text(text + "sha256:" + hashlib.sha256(text.encode()).hexdigest() + "\n")
    with pytest.raises(WrongPassphrase):
        keyfile.unlock(key_path, PASSPHRASE)


def test_database_id_is_bound_into_the_aead(key_path: Path) -> None:
    import hashlib

    keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    body = json.loads(key_path.read_text().rsplit("sha256:", 1)[0])
    body["database_id"] = "0" * 32
    text = json.dumps(body, sort_keys=True, indent=2) + "\n"
    key_path.write_text(text + "sha256:" + hashlib.sha256(text.encode()).hexdigest() + "\n")
    with pytest.raises(WrongPassphrase):
        keyfile.unlock(key_path, PASSPHRASE)


def test_change_passphrase_rewraps_the_same_key_and_keeps_other_slots(key_path: Path) -> None:
    import hashlib

    _, key = keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    # A slot of a kind a later version will add (a recovery slot sealed to Geneva).
    body = json.loads(key_path.read_text().rsplit("sha256:", 1)[0])
    recovery = {"kind": "recovery-x25519", "slot_id": "r1", "recipient": "age1example"}
    body["slots"].append(recovery)
    text = json.dumps(body, sort_keys=True, indent=2) + "\n"
    key_path.write_text(text + "sha256:" + hashlib.sha256(text.encode()).hexdigest() + "\n")

    keyfile.change_passphrase(key_path, PASSPHRASE, "새 암호 문장 다섯 단어 이상", FAST_KDF)
    with pytest.raises(WrongPassphrase):
        keyfile.unlock(key_path, PASSPHRASE)
    assert keyfile.unlock(key_path, "새 암호 문장 다섯 단어 이상")[1] == key
    assert recovery in [dict(s) for s in keyfile.read(key_path).slots]


def test_create_never_overwrites(key_path: Path) -> None:
    keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    before = key_path.read_bytes()
    with pytest.raises(AlreadyExists):
        keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    assert key_path.read_bytes() == before


def test_memory_below_64_mib_is_refused() -> None:
    with pytest.raises(ValueError):
        KdfParams(memory_kib=MIN_MEMORY_KIB - 1, time_cost=1, parallelism=1)


def test_key_file_holds_no_key_material_in_clear(key_path: Path) -> None:
    _, key = keyfile.create(key_path, PASSPHRASE, FAST_KDF)
    data = key_path.read_bytes()
    assert key not in data and key.hex().encode() not in data
    assert PASSPHRASE.encode() not in data
