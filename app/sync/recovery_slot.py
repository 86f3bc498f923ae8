"""The recovery slot: the laptop's database key sealed to Geneva's recovery key.

When a trust bundle carrying Geneva's recovery recipient (age X25519) is loaded, the laptop
adds to its key file (app/crypto/keyfile.py) a slot of kind `recovery`:

- `sealed_key`: an age file, to Geneva's recovery recipient only, of the compact JSON
  `{"database_id", "database_key" (base64), "format", "slot_id"}`. The laptop cannot open
  it; Geneva alone can.
- `statement`: what Geneva must know to answer a request without trusting the file it
  comes in: device, database, repository, the `demo` flag, the recipient, the SHA-256 of
  `sealed_key`, Geneva's signing key (so the locked laptop can check Geneva's response)
  and the device's own public key (so it can show its fingerprint).
- `minisig`: the device key's signature over the canonical statement, made while the
  laptop was unlocked; Geneva checks it with the key it registered at enrolment.

A bundle with another recovery recipient (Geneva rotated its key) replaces the slot; the
same recipient leaves it as it is. Everyday unlocking never reads this slot.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from app.crypto import keyfile
from app.formats import age, minisign, signed
from app.i18n import N_
from app.store import audit
from app.store.database import Database
from app.store.keys import DeviceKeys
from app.sync import enrolment
from app.sync.recovery_errors import RecoveryUnavailable

KIND: Final = "recovery"
STATEMENT_FORMAT: Final = "sillok-recovery-slot"
SEALED_FORMAT: Final = "sillok-recovery-key"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SlotStatement(_Frozen):
    format: Literal["sillok-recovery-slot"] = STATEMENT_FORMAT
    format_version: Literal[1] = 1
    slot_id: str
    device_id: str
    database_id: str
    repository_id: str
    demo: bool
    recipient: str
    """Geneva's recovery recipient (age1…) the key is sealed to."""
    sealed_key_sha256: str
    geneva_signing_public_key: str
    device_signing_public_key: str
    """So the locked laptop can show its own fingerprint for the phone comparison."""
    sealed_at: str


class RecoverySlot(_Frozen):
    kind: Literal["recovery"] = KIND
    slot_id: str
    statement: SlotStatement
    minisig: str
    sealed_key: str
    """base64 of the age file."""

    def sealed_bytes(self) -> bytes:
        return base64.b64decode(self.sealed_key.encode("ascii"), validate=True)

    def signature_valid(self, key: minisign.PublicKey) -> bool:
        return signed.verify(signed.canonical(self.statement), self.minisig, key)


def sealed_plaintext(database_id: str, slot_id: str, database_key: bytes) -> bytes:
    data = {
        "database_id": database_id,
        "database_key": base64.b64encode(database_key).decode("ascii"),
        "format": SEALED_FORMAT,
        "slot_id": slot_id,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("ascii")


def seal_to(recipient: age.AgeRecipient, plaintext: bytes) -> bytes:
    sink = io.BytesIO()
    with age.Encryptor(sink, [recipient]) as encryptor:
        encryptor.write(plaintext)
    return sink.getvalue()


def open_sealed(data: bytes, identities: list[age.AgeIdentity], what: str) -> bytes:
    """The plaintext of a small age file (raises the age module's errors)."""
    sink = io.BytesIO()
    age.decrypt_stream(io.BytesIO(data), sink, identities, what=what)
    return sink.getvalue()


def make_slot(
    keys: DeviceKeys,
    bundle: enrolment.TrustBundle,
    database_id: str,
    database_key: bytes,
    at: datetime | None = None,
) -> RecoverySlot:
    recipient_text = bundle.geneva.recovery_recipient
    assert recipient_text is not None
    slot_id = secrets.token_hex(8)
    sealed = seal_to(
        age.AgeRecipient.parse(recipient_text),
        sealed_plaintext(database_id, slot_id, database_key),
    )
    statement = SlotStatement(
        slot_id=slot_id,
        device_id=keys.device_id,
        database_id=database_id,
        repository_id=bundle.repository_id,
        demo=bundle.demo,
        recipient=recipient_text,
        sealed_key_sha256=hashlib.sha256(sealed).hexdigest(),
        geneva_signing_public_key=bundle.geneva.signing_public_key,
        device_signing_public_key=keys.public_key_text,
        sealed_at=(at or datetime.now(UTC)).isoformat(timespec="seconds"),
    )
    signature = keys.signing.sign(
        signed.canonical(statement), f"{STATEMENT_FORMAT} {keys.device_id} {slot_id}"
    )
    return RecoverySlot(
        slot_id=slot_id,
        statement=statement,
        minisig=signature,
        sealed_key=base64.b64encode(sealed).decode("ascii"),
    )


def slots_in(keys_file: keyfile.KeyFile) -> list[RecoverySlot]:
    """The recovery slots of a key file (unreadable ones are left out)."""
    found = []
    for raw in keys_file.slots:
        if raw.get("kind") == KIND:
            try:
                found.append(RecoverySlot.model_validate(raw))
            except ValidationError:
                continue
    return found


def current_slot(path: Path) -> RecoverySlot:
    """The recovery slot of the key file at `path`, or RecoveryUnavailable."""
    slots = slots_in(keyfile.read(path))
    if not slots:
        raise RecoveryUnavailable(detail=N_("no trust bundle with a recovery key was loaded"))
    return slots[-1]


def ensure_slot(database: Database, keys: DeviceKeys, bundle: enrolment.TrustBundle) -> bool:
    """Add or re-seal the recovery slot for `bundle`'s recovery key; True if it changed.

    Nothing happens when the bundle carries no recovery key, or when the slot already
    seals this database to that key for this device and repository."""
    if bundle.geneva.recovery_recipient is None:
        return False
    path = keyfile.keyfile_path(database.path)
    for slot in slots_in(keyfile.read(path)):
        held = slot.statement
        if (
            held.recipient == bundle.geneva.recovery_recipient
            and held.device_id == keys.device_id
            and held.repository_id == bundle.repository_id
            and held.database_id == database.database_id
            and held.geneva_signing_public_key == bundle.geneva.signing_public_key
            and held.device_signing_public_key == keys.public_key_text
        ):
            return False
    slot = make_slot(keys, bundle, database.database_id, database.key)
    raw: dict[str, Any] = slot.model_dump(mode="json")
    with database.transaction() as connection:
        audit.append(
            connection,
            database.database_id,
            actor=keys.device_id,
            action="event",
            entity_type="recovery_slot",
            entity_id=slot.slot_id,
            content=signed.canonical(slot.statement).decode("utf-8"),
        )
        keyfile.replace_slots(path, lambda s: s.get("kind") == KIND, [raw])
    return True
