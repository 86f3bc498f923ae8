"""The key file: the database's random key, wrapped for each way of unlocking it.

The database is keyed with a random 256-bit key that never leaves memory unwrapped.
The key file beside it (`<database>.keys`) holds that key sealed in one or more *slots*.
Format version 1 knows the `passphrase` slot (Argon2id, then ChaCha20-Poly1305) and, made
and read by app/sync/recovery_slot.py, the `recovery` slot sealed to Geneva's recovery key.
Slots of a kind this version does not know are kept, byte for byte, whenever the file is
rewritten.

Layout (UTF-8 text, see docs/keyfile-format.md):

    <JSON body, sorted keys, two-space indent>
    sha256:<hex digest of the body bytes above, newline included>

The checksum line tells damage (a flipped byte anywhere) apart from a wrong passphrase:
AEAD failure on an intact file can only mean the passphrase is wrong. It is not a MAC: the
AEAD is what protects the key, and its associated data binds the format version, the KDF
parameters and the database id, so none of them can be changed without detection.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from pydantic import BaseModel, ConfigDict, ValidationError

from app.crypto import kdf
from app.crypto.kdf import KdfParams
from app.crypto.strength import assess
from app.errors import KeyFileDamaged, KeyFileMissing, PassphraseRejected, WrongPassphrase
from app.files import atomic_write
from app.i18n import N_

FORMAT: Final = "sillok-keyfile"
VERSION: Final = 1
AEAD: Final = "chacha20-poly1305"
NONCE_BYTES = 12
CHECKSUM_PREFIX = "sha256:"


def keyfile_path(database: Path) -> Path:
    return database.with_name(database.name + ".keys")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


class PassphraseSlot(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["passphrase"] = "passphrase"
    slot_id: str
    kdf: KdfParams
    salt: str
    aead: Literal["chacha20-poly1305"] = AEAD
    nonce: str
    sealed_key: str

    def associated_data(self, database_id: str) -> bytes:
        bound = {
            "format": FORMAT,
            "version": VERSION,
            "database_id": database_id,
            "slot_id": self.slot_id,
            "kind": self.kind,
            "kdf": self.kdf.model_dump(),
            "salt": self.salt,
            "aead": self.aead,
        }
        return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


class KeyFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["sillok-keyfile"] = FORMAT
    version: Literal[1] = VERSION
    database_id: str
    created_at: str
    slots: tuple[dict[str, Any], ...]
    """Raw slots, so that kinds unknown to this version survive a rewrite."""

    def passphrase_slots(self) -> list[PassphraseSlot]:
        return [
            PassphraseSlot.model_validate(s) for s in self.slots if s.get("kind") == "passphrase"
        ]

    def to_bytes(self) -> bytes:
        body = json.dumps(self.model_dump(), sort_keys=True, indent=2, ensure_ascii=True) + "\n"
        raw = body.encode("ascii")
        return raw + (CHECKSUM_PREFIX + hashlib.sha256(raw).hexdigest() + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> KeyFile:
        body, sep, last = data.rstrip(b"\n").rpartition(b"\n")
        body += sep
        if not sep or not last.startswith(CHECKSUM_PREFIX.encode()):
            raise KeyFileDamaged(path=str(path), detail=N_("no checksum line"))
        if hashlib.sha256(body).hexdigest().encode() != last[len(CHECKSUM_PREFIX) :]:
            raise KeyFileDamaged(path=str(path), detail=N_("checksum does not match"))
        try:
            keyfile = cls.model_validate_json(body)
            keyfile.passphrase_slots()
        except (ValidationError, ValueError) as error:
            raise KeyFileDamaged(path=str(path), detail=N_("unreadable content")) from error
        return keyfile


def _seal(
    database_key: bytes, passphrase: str, database_id: str, params: KdfParams
) -> dict[str, Any]:
    salt = secrets.token_bytes(kdf.SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    draft = PassphraseSlot(
        slot_id=secrets.token_hex(8), kdf=params, salt=_b64(salt), nonce=_b64(nonce), sealed_key=""
    )
    kek = kdf.derive(passphrase, salt, params)
    sealed = ChaCha20Poly1305(kek).encrypt(nonce, database_key, draft.associated_data(database_id))
    return draft.model_copy(update={"sealed_key": _b64(sealed)}).model_dump()


def _open_slot(slot: PassphraseSlot, passphrase: str, database_id: str) -> bytes | None:
    kek = kdf.derive(passphrase, _unb64(slot.salt), slot.kdf)
    try:
        key = ChaCha20Poly1305(kek).decrypt(
            _unb64(slot.nonce), _unb64(slot.sealed_key), slot.associated_data(database_id)
        )
    except InvalidTag:
        return None
    return key


def require_strong(passphrase: str) -> None:
    """Refuse a new passphrase that is too easy to guess (the core enforces it, whatever
    the front end did)."""
    strength = assess(passphrase)
    if not strength.acceptable:
        raise PassphraseRejected(detail=f"{strength.label}. {strength.hint}")


def read(path: Path) -> KeyFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise KeyFileMissing(path=str(path)) from error
    return KeyFile.from_bytes(data, path)


def create(path: Path, passphrase: str, params: KdfParams | None = None) -> tuple[KeyFile, bytes]:
    """A new database key sealed under `passphrase`; writes the key file atomically."""
    require_strong(passphrase)
    database_key = secrets.token_bytes(kdf.KEY_BYTES)
    database_id = secrets.token_hex(16)
    slot = _seal(database_key, passphrase, database_id, params or kdf.calibrate())
    keyfile = KeyFile(
        database_id=database_id,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        slots=(slot,),
    )
    atomic_write(path, keyfile.to_bytes(), exclusive=True)
    return keyfile, database_key


def _unlock_slot(keyfile: KeyFile, passphrase: str, path: Path) -> tuple[str, bytes]:
    slots = keyfile.passphrase_slots()
    if not slots:
        raise KeyFileDamaged(path=str(path), detail=N_("no passphrase slot"))
    for slot in slots:
        key = _open_slot(slot, passphrase, keyfile.database_id)
        if key is not None:
            if len(key) != kdf.KEY_BYTES:
                raise KeyFileDamaged(path=str(path), detail=N_("key has the wrong length"))
            return slot.slot_id, key
    raise WrongPassphrase()


def unlock(path: Path, passphrase: str) -> tuple[KeyFile, bytes]:
    """The database key, or WrongPassphrase. Reads only; never writes."""
    keyfile = read(path)
    _slot_id, key = _unlock_slot(keyfile, passphrase, path)
    return keyfile, key


def change_passphrase(path: Path, old: str, new: str, params: KdfParams | None = None) -> None:
    """Re-wrap the same database key under `new`; the database is not touched.

    The slot that `old` opens is replaced by one for `new`; every other slot (another
    passphrase, or a recovery slot) is kept as it is.
    """
    require_strong(new)
    keyfile = read(path)
    slot_id, database_key = _unlock_slot(keyfile, old, path)
    kept = [s for s in keyfile.slots if s.get("slot_id") != slot_id]
    slot = _seal(database_key, new, keyfile.database_id, params or kdf.calibrate())
    updated = keyfile.model_copy(update={"slots": (*kept, slot)})
    atomic_write(path, updated.to_bytes())


def seal_secret(
    secret: bytes, passphrase: str, database_id: str, params: KdfParams
) -> dict[str, Any]:
    """`secret` sealed like a passphrase slot (fresh salt and nonce), for other files that
    must keep a secret under a passphrase (the pending recovery request)."""
    return _seal(secret, passphrase, database_id, params)


def open_secret(slot: dict[str, Any], passphrase: str, database_id: str) -> bytes | None:
    """What `seal_secret` sealed, or None when the passphrase (or anything bound) differs."""
    return _open_slot(PassphraseSlot.model_validate(slot), passphrase, database_id)


def replace_slots(
    path: Path, drop: Callable[[dict[str, Any]], bool], add: Sequence[dict[str, Any]]
) -> KeyFile:
    """Rewrite the key file atomically without the slots `drop` selects, with `add`
    appended. Refuses (KeyFileDamaged) to leave it without a passphrase slot."""
    keyfile = read(path)
    kept = [s for s in keyfile.slots if not drop(s)]
    updated = keyfile.model_copy(update={"slots": (*kept, *add)})
    if not updated.passphrase_slots():
        raise KeyFileDamaged(path=str(path), detail=N_("no passphrase slot"))
    atomic_write(path, updated.to_bytes())
    return updated


def reset_passphrase(
    path: Path, database_key: bytes, new: str, params: KdfParams | None = None
) -> KeyFile:
    """Every passphrase slot replaced by one for `new` (after a recovery: the old
    passphrase stops working). The caller has proved `database_key` opens the database;
    other slots (the recovery slot) are kept."""
    require_strong(new)
    database_id = read(path).database_id
    slot = _seal(database_key, new, database_id, params or kdf.calibrate())
    return replace_slots(path, lambda s: s.get("kind") == "passphrase", [slot])
