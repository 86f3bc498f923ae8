"""The laptop's side of recovery: a request for Geneva, then Geneva's response loaded.

1. `write_request` (the laptop is locked: nothing here needs the passphrase). The request
   carries the key file's recovery slot (sealed to Geneva, signed by the device key when it
   was made), who asks and why, a fresh request id and a one-time age X25519 recipient.
   The one-time secret waits in `<database>.recovery` (mode 0600), sealed under the NEW
   passphrase the person chooses now (Argon2id, ChaCha20-Poly1305, as a passphrase slot):
   nothing secret is written in the clear, and the new passphrase is typed twice, days
   apart, before it replaces the old one. The request's fingerprint is read to Geneva by
   phone; Geneva refuses a request whose fingerprint differs (a file changed on the way).
2. Geneva answers with a response it signs, holding the database key sealed to the one-time
   recipient (app/sync/repository/recovery.py).
3. `complete` checks Geneva's signature (with the Geneva key in the signed slot), that the
   response answers the waiting request of this laptop, opens it with the one-time secret,
   proves the key opens this database, records the recovery in the audit trail and rewrites
   the key file: the new passphrase replaces every passphrase slot, so the old one stops
   working. A refused response changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from app.crypto import keyfile
from app.crypto.kdf import KdfParams
from app.errors import DatabaseDamaged, InvalidInput, SillokError, WrongPassphrase
from app.files import atomic_write
from app.formats import age, minisign, signed
from app.i18n import N_
from app.oserrors import reason
from app.store import audit
from app.store.database import Database
from app.store.keys import fingerprint
from app.sync.recovery_errors import RecoveryResponseInvalid
from app.sync.recovery_slot import RecoverySlot, current_slot, open_sealed, slots_in

REQUEST_FORMAT: Final = "sillok-recovery-request"
RESPONSE_FORMAT: Final = "sillok-recovery-response"
PENDING_FORMAT: Final = "sillok-recovery-pending"
GRANTED_FORMAT: Final = "sillok-recovery-grant"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecoveryRequest(_Frozen):
    format: Literal["sillok-recovery-request"] = REQUEST_FORMAT
    format_version: Literal[1] = 1
    request_id: str
    created_at: str
    requested_by: str
    reason: str
    one_time_recipient: str
    slot: RecoverySlot

    def body(self) -> bytes:
        return signed.canonical(self)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body()).hexdigest()

    @property
    def fingerprint(self) -> str:
        """What the field office reads to Geneva by phone."""
        return fingerprint(self.sha256)


class RecoveryResponse(_Frozen):
    """Signed by Geneva's signing key."""

    format: Literal["sillok-recovery-response"] = RESPONSE_FORMAT
    format_version: Literal[1] = 1
    recovery_id: int
    request_id: str
    request_sha256: str
    device_id: str
    database_id: str
    repository_id: str
    one_time_recipient: str
    approved_by: str
    recovered_at: str
    sealed: str
    """base64 of an age file to `one_time_recipient`: the grant JSON with the key."""


class Pending(_Frozen):
    format: Literal["sillok-recovery-pending"] = PENDING_FORMAT
    format_version: Literal[1] = 1
    request_id: str
    request_sha256: str
    request_fingerprint: str
    database_id: str
    device_id: str
    created_at: str
    requested_by: str
    reason: str
    one_time: dict[str, Any]
    """The one-time X25519 secret, sealed under the new passphrase (a passphrase slot)."""


def pending_path(database: Path) -> Path:
    return database.with_name(database.name + ".recovery")


def read_request_bytes(data: bytes) -> RecoveryRequest:
    """A request from its bytes (ValueError when it is not one)."""
    try:
        return RecoveryRequest.model_validate_json(data)
    except ValidationError as error:
        raise ValueError(f"{error.error_count()} problem(s)") from error


def write_request(
    database: Path,
    out: Path,
    *,
    requested_by: str,
    reason: str,
    new_passphrase: str,
    kdf_params: KdfParams | None = None,
) -> RecoveryRequest:
    """Write a recovery request to `out` (never overwritten) and the waiting request
    beside the database (replacing an earlier one, which can then no longer complete)."""
    from app.crypto import kdf

    if not requested_by.strip() or not reason.strip():
        raise InvalidInput(detail=N_("say who asks and why: Geneva records both"))
    keyfile.require_strong(new_passphrase)
    slot = current_slot(keyfile.keyfile_path(database))
    one_time = age.AgeIdentity.generate()
    request = RecoveryRequest(
        request_id=secrets.token_hex(16),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        requested_by=requested_by.strip(),
        reason=reason.strip(),
        one_time_recipient=str(one_time.recipient),
        slot=slot,
    )
    database_id = slot.statement.database_id
    secret = one_time.secret_text().encode("ascii")
    pending = Pending(
        request_id=request.request_id,
        request_sha256=request.sha256,
        request_fingerprint=request.fingerprint,
        database_id=database_id,
        device_id=slot.statement.device_id,
        created_at=request.created_at,
        requested_by=request.requested_by,
        reason=request.reason,
        one_time=keyfile.seal_secret(
            secret, new_passphrase, database_id, kdf_params or kdf.calibrate()
        ),
    )
    data = json.dumps(request.model_dump(mode="json"), sort_keys=True, indent=2) + "\n"
    atomic_write(out, data.encode("utf-8"), exclusive=True)
    try:
        atomic_write(pending_path(database), signed.canonical(pending) + b"\n")
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return request


@dataclass(frozen=True)
class Completed:
    recovery_id: int
    request_id: str
    device_id: str
    geneva_fingerprint: str
    request_fingerprint: str
    approved_by: str


def _invalid(path: Path, detail: str) -> RecoveryResponseInvalid:
    return RecoveryResponseInvalid(what=str(path), detail=detail)


def read_pending(database: Path, response: Path) -> Pending:
    try:
        return Pending.model_validate_json(pending_path(database).read_bytes())
    except FileNotFoundError as error:
        raise _invalid(response, N_("no recovery request is waiting on this laptop")) from error
    except (OSError, ValidationError) as error:
        raise _invalid(
            response, N_("the waiting request beside the database is damaged")
        ) from error


def _checked_response(path: Path, slot: RecoverySlot, pending: Pending) -> RecoveryResponse:
    try:
        response, body, signature = signed.read_document(path.read_bytes(), RecoveryResponse)
    except OSError as error:
        raise _invalid(path, reason(error)) from error
    except signed.Unreadable as error:
        raise _invalid(path, error.detail) from error
    geneva = minisign.PublicKey.parse(slot.statement.geneva_signing_public_key)
    if not signed.verify(body, signature, geneva):
        raise _invalid(path, N_("it is not signed by the Geneva key this laptop enrolled with"))
    if response.device_id != pending.device_id or response.database_id != pending.database_id:
        raise _invalid(path, N_("it was made for another laptop"))
    if (
        response.request_id != pending.request_id
        or response.request_sha256 != pending.request_sha256
    ):
        raise _invalid(path, N_("it answers another request than the one waiting (an old copy?)"))
    return response


def _granted_key(path: Path, response: RecoveryResponse, one_time: age.AgeIdentity) -> bytes:
    import base64

    try:
        plain = open_sealed(
            base64.b64decode(response.sealed, validate=True), [one_time], N_("the response")
        )
        grant = json.loads(plain)
        key = base64.b64decode(grant["database_key"], validate=True)
    except (SillokError, ValueError, KeyError, TypeError) as error:
        raise _invalid(
            path, N_("its sealed key cannot be opened with this request's key")
        ) from error
    if (
        grant.get("format") != GRANTED_FORMAT
        or grant.get("database_id") != response.database_id
        or grant.get("request_id") != response.request_id
        or len(key) != 32
    ):
        raise _invalid(path, N_("its sealed key does not match the response"))
    return key


def complete(
    database: Path,
    response_path: Path,
    new_passphrase: str,
    *,
    actor: str,
    kdf_params: KdfParams | None = None,
) -> Completed:
    """Load Geneva's response with the passphrase chosen at the request (see module doc)."""
    keys_path = keyfile.keyfile_path(database)
    pending = read_pending(database, response_path)
    slot = current_slot(keys_path)
    if pending.database_id != keyfile.read(keys_path).database_id:
        raise _invalid(response_path, N_("the waiting request belongs to another key file"))
    secret = keyfile.open_secret(pending.one_time, new_passphrase, pending.database_id)
    if secret is None:
        raise WrongPassphrase()
    one_time = age.AgeIdentity.parse(secret.decode("ascii"))
    response = _checked_response(response_path, slot, pending)
    key = _granted_key(response_path, response, one_time)
    try:
        opened = Database.open_with_key(database, key, pending.database_id)
    except (DatabaseDamaged, SillokError) as error:
        raise _invalid(response_path, N_("the key it holds does not open this database")) from error
    with opened:
        record = {
            "recovery_id": response.recovery_id,
            "request_id": response.request_id,
            "request_sha256": response.request_sha256,
            "requested_by": pending.requested_by,
            "reason": pending.reason,
            "approved_by": response.approved_by,
            "recovered_at": response.recovered_at,
            "repository_id": response.repository_id,
        }
        with opened.transaction() as connection:
            audit.append(
                connection,
                opened.database_id,
                actor=actor,
                action="event",
                entity_type="recovery",
                entity_id=str(response.recovery_id),
                content=json.dumps(record, sort_keys=True, ensure_ascii=False),
            )
            # Inside the transaction: a key file that cannot be written leaves no audit
            # entry claiming a recovery.
            keyfile.reset_passphrase(keys_path, key, new_passphrase, kdf_params)
    pending_path(database).unlink(missing_ok=True)
    return Completed(
        recovery_id=response.recovery_id,
        request_id=response.request_id,
        device_id=response.device_id,
        geneva_fingerprint=fingerprint(slot.statement.geneva_signing_public_key),
        request_fingerprint=pending.request_fingerprint,
        approved_by=response.approved_by,
    )


@dataclass(frozen=True)
class Status:
    """Where a locked laptop stands, for the desk: a slot or not, a request waiting or not."""

    slot: bool
    geneva_fingerprint: str | None
    pending: Pending | None


def status(database: Path) -> Status:
    """Reads only; a missing or damaged key file raises its usual error."""
    slots = slots_in(keyfile.read(keyfile.keyfile_path(database)))
    try:
        pending: Pending | None = Pending.model_validate_json(pending_path(database).read_bytes())
    except (OSError, ValidationError):
        pending = None
    if not slots:
        return Status(False, None, pending)
    statement = slots[-1].statement
    return Status(True, fingerprint(statement.geneva_signing_public_key), pending)
