"""Geneva's side of recovery: the recovery key, answering a request, the register.

`recover` answers a laptop's recovery request (app/sync/recovery.py) only when all hold:

- the request reads as one, and its fingerprint is the one the field office read out by
  phone (so no byte of it changed on the way);
- the laptop's data and this repository are both real or both demonstrations;
- the device is enrolled here and not revoked, and its slot is signed by the device key
  registered at enrolment, for this repository;
- the request was never answered before (its id and its hash are in the register once);
- the custodians' recovery identity (`--identity`, the key file `export-keys` wrote) is one
  of this repository's recovery keys and opens the slot, whose content names the same
  database and slot as the signed statement.

Then it records the recovery in the register (`recoveries`: who asked, why, who approved,
when, the request as received) and writes a response signed by Geneva's signing key, the
database key sealed to the request's one-time recipient. Every refusal writes nothing.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.files import atomic_write
from app.formats import age, minisign, signed
from app.formats.errors import FormatError
from app.i18n import N_, _
from app.store.connection import Connection
from app.store.keys import RECOVERY, RETIRED_RECOVERY, fingerprint
from app.sync.recovery import (
    GRANTED_FORMAT,
    RESPONSE_FORMAT,
    RecoveryRequest,
    RecoveryResponse,
    read_request_bytes,
)
from app.sync.recovery_errors import (
    RecoveryDemoMismatch,
    RecoveryDeviceRefused,
    RecoveryKeyInvalid,
    RecoveryReplayed,
    RecoveryRequestInvalid,
)
from app.sync.recovery_slot import SEALED_FORMAT, open_sealed, seal_to
from app.sync.repository.store import Repository

REGISTER = """
CREATE TABLE IF NOT EXISTS recoveries (
    recovery_id    INTEGER PRIMARY KEY,
    request_id     TEXT NOT NULL UNIQUE,
    request_sha256 TEXT NOT NULL UNIQUE,
    device_id      TEXT NOT NULL REFERENCES devices(device_id),
    database_id    TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    reason         TEXT NOT NULL,
    requested_at   TEXT NOT NULL,
    approved_by    TEXT NOT NULL,
    recovered_at   TEXT NOT NULL,
    recipient      TEXT NOT NULL,
    response_sha256 TEXT NOT NULL,
    request        BLOB NOT NULL
) STRICT
"""
DEMO_REQUEST = N_("The request comes from a demonstration laptop; this repository is real.")
REAL_REQUEST = N_("The request comes from a real laptop; this repository is for demonstrations.")


def _made(repository: Repository, connection: Connection) -> None:
    """The register, made on first use in a file store made before recovery existed (a
    server's is made with its schema: its roles may not create tables)."""
    if repository.store.kind == "sqlcipher":
        connection.execute(REGISTER)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds")


# -- the recovery key ---------------------------------------------------------------------


def rotate_key(repository: Repository, at: datetime | None = None) -> age.AgeRecipient:
    """A new recovery key (the first one, for a repository made before recovery existed).
    The current one is kept as retired: slots sealed to it still open. Bundles issued
    from now on carry the new recipient, and each laptop re-seals its slot on loading one."""
    # Microseconds: names sort newest first, and two rotations never share one.
    stamp = (at or _now()).astimezone(UTC).isoformat(timespec="microseconds")
    fresh = age.AgeIdentity.generate()
    keys = repository.keys
    with repository.transaction() as connection:
        if keys.recovery is not None:
            connection.execute(
                "UPDATE geneva_keys SET name = ? WHERE name = ?",
                (RETIRED_RECOVERY + stamp, RECOVERY),
            )
        connection.execute(
            "INSERT INTO geneva_keys VALUES (?, ?)",
            (RECOVERY, repository.store.seal(fresh.secret_text().encode())),
        )
    retired = (keys.recovery, *keys.retired_recovery) if keys.recovery else ()
    repository.keys = dataclasses.replace(keys, recovery=fresh, retired_recovery=retired)
    return fresh.recipient


def load_identities(path: Path) -> list[age.AgeIdentity]:
    """The age identities in an age-keygen file (as `export-keys` writes and `age -d`
    restores), or RecoveryKeyInvalid."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise RecoveryKeyInvalid(what=str(path), detail=N_("it cannot be read")) from error
    found = []
    for line in lines:
        if line.strip().upper().startswith("AGE-SECRET-KEY-"):
            try:
                found.append(age.AgeIdentity.parse(line.strip()))
            except (FormatError, ValueError) as error:
                raise RecoveryKeyInvalid(what=str(path), detail=N_("a key is malformed")) from error
    if not found:
        raise RecoveryKeyInvalid(what=str(path), detail=N_("it holds no age secret key"))
    return found


# -- answering a request ------------------------------------------------------------------


@dataclass(frozen=True)
class Recovered:
    response: RecoveryResponse
    request: RecoveryRequest
    device_fingerprint: str
    request_fingerprint: str
    geneva_fingerprint: str


@dataclass(frozen=True)
class RegisterEntry:
    recovery_id: int
    device_id: str
    requested_by: str
    reason: str
    approved_by: str
    recovered_at: str


def _read(path: Path) -> tuple[RecoveryRequest, bytes]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RecoveryRequestInvalid(what=str(path), detail=error.strerror or "") from error
    try:
        request = read_request_bytes(data)
        age.AgeRecipient.parse(request.one_time_recipient)
        age.AgeRecipient.parse(request.slot.statement.recipient)
        request.slot.sealed_bytes()
    except (ValueError, UnicodeDecodeError, FormatError) as error:
        detail = N_("it is not a Sillok recovery request")
        raise RecoveryRequestInvalid(what=str(path), detail=detail) from error
    return request, data


def _check_device(repository: Repository, request: RecoveryRequest, path: Path) -> None:
    statement = request.slot.statement
    with repository.reading() as connection:
        row = connection.execute(
            "SELECT signing_public_key, revoked_at, demo FROM devices WHERE device_id = ?",
            (statement.device_id,),
        ).fetchone()
    if row is None:
        raise RecoveryDeviceRefused(
            device=statement.device_id, detail=N_("it is not enrolled in this repository")
        )
    if row[1] is not None:
        raise RecoveryDeviceRefused(
            device=statement.device_id,
            detail=_("it was revoked on {revoked}").format(revoked=row[1]),
        )
    if bool(row[2]) != repository.demo:
        raise RecoveryDemoMismatch(detail=DEMO_REQUEST if row[2] else REAL_REQUEST)
    if statement.repository_id != repository.repository_id:
        detail = N_("its slot was made for another repository")
        raise RecoveryRequestInvalid(what=str(path), detail=detail)
    if statement.device_signing_public_key != row[0] or not request.slot.signature_valid(
        minisign.PublicKey.parse(row[0])
    ):
        detail = N_("its slot is not signed by the device key registered at enrolment")
        raise RecoveryRequestInvalid(what=str(path), detail=detail)
    sealed_hash = hashlib.sha256(request.slot.sealed_bytes()).hexdigest()
    if sealed_hash != statement.sealed_key_sha256:
        detail = N_("its sealed key differs from the one the device signed")
        raise RecoveryRequestInvalid(what=str(path), detail=detail)


def _check_not_answered(repository: Repository, request: RecoveryRequest) -> None:
    with repository.transaction() as connection:
        _made(repository, connection)
        row = connection.execute(
            "SELECT recovery_id, recovered_at FROM recoveries "
            "WHERE request_id = ? OR request_sha256 = ?",
            (request.request_id, request.sha256),
        ).fetchone()
    if row is not None:
        raise RecoveryReplayed(request=request.request_id, recovery=row[0], answered=row[1])


def _database_key(
    repository: Repository, request: RecoveryRequest, identities: list[age.AgeIdentity], what: str
) -> bytes:
    statement = request.slot.statement
    keys = repository.keys
    own = {str(i.recipient) for i in (keys.recovery, *keys.retired_recovery) if i is not None}
    given = {str(i.recipient) for i in identities}
    if statement.recipient not in own:
        detail = _("the slot is sealed to {recipient}, not a recovery key of this repository")
        raise RecoveryKeyInvalid(what=what, detail=detail.format(recipient=statement.recipient))
    if statement.recipient not in given:
        detail = _("the slot is sealed to {recipient}, which this file does not hold")
        raise RecoveryKeyInvalid(what=what, detail=detail.format(recipient=statement.recipient))
    try:
        plain = json.loads(open_sealed(request.slot.sealed_bytes(), identities, what))
        key = base64.b64decode(plain["database_key"], validate=True)
    except Exception as error:
        raise RecoveryKeyInvalid(what=what, detail=N_("the sealed key does not open")) from error
    if (
        plain.get("format") != SEALED_FORMAT
        or plain.get("database_id") != statement.database_id
        or plain.get("slot_id") != statement.slot_id
        or len(key) != 32
    ):
        raise RecoveryKeyInvalid(what=what, detail=N_("the sealed key names another database"))
    return key


def recover(
    repository: Repository,
    request_path: Path,
    out: Path,
    *,
    identity_path: Path,
    request_fingerprint: str,
    approved_by: str,
    at: datetime | None = None,
) -> Recovered:
    """Answer the recovery request at `request_path` (see the module doc); the response
    goes to `out` (never overwritten)."""
    at = at or _now()
    request, raw = _read(request_path)
    if request_fingerprint.strip().upper() != request.fingerprint:
        detail = N_("its fingerprint is not the one read out by the field office")
        raise RecoveryRequestInvalid(what=str(request_path), detail=detail)
    if request.slot.statement.demo != repository.demo:
        raise RecoveryDemoMismatch(
            detail=DEMO_REQUEST if request.slot.statement.demo else REAL_REQUEST
        )
    _check_device(repository, request, request_path)
    _check_not_answered(repository, request)
    identities = load_identities(identity_path)
    key = _database_key(repository, request, identities, str(identity_path))
    statement = request.slot.statement
    with repository.transaction() as connection:
        _made(repository, connection)
        recovery_id = int(
            connection.execute(
                "SELECT coalesce(max(recovery_id), 0) + 1 FROM recoveries"
            ).fetchone()[0]
        )
        grant = json.dumps(
            {
                "database_id": statement.database_id,
                "database_key": base64.b64encode(key).decode("ascii"),
                "format": GRANTED_FORMAT,
                "request_id": request.request_id,
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode("ascii")
        response = RecoveryResponse(
            recovery_id=recovery_id,
            request_id=request.request_id,
            request_sha256=request.sha256,
            device_id=statement.device_id,
            database_id=statement.database_id,
            repository_id=repository.repository_id,
            one_time_recipient=request.one_time_recipient,
            approved_by=approved_by.strip(),
            recovered_at=_iso(at),
            sealed=base64.b64encode(
                seal_to(age.AgeRecipient.parse(request.one_time_recipient), grant)
            ).decode("ascii"),
        )
        data = signed.sign_document(
            response,
            repository.keys.signing,
            f"{RESPONSE_FORMAT} {recovery_id} {statement.device_id}",
        )
        connection.execute(
            "INSERT INTO recoveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                recovery_id,
                request.request_id,
                request.sha256,
                statement.device_id,
                statement.database_id,
                request.requested_by,
                request.reason,
                request.created_at,
                response.approved_by,
                response.recovered_at,
                statement.recipient,
                hashlib.sha256(data).hexdigest(),
                raw,
            ),
        )
        atomic_write(out, data, exclusive=True)
    with repository.reading() as connection:
        device_key = connection.execute(
            "SELECT signing_public_key FROM devices WHERE device_id = ?", (statement.device_id,)
        ).fetchone()[0]
    return Recovered(
        response=response,
        request=request,
        device_fingerprint=fingerprint(device_key),
        request_fingerprint=request.fingerprint,
        geneva_fingerprint=repository.keys.public().fingerprint,
    )


def register(repository: Repository) -> list[RegisterEntry]:
    """Every recovery answered, oldest first."""
    with repository.transaction() as connection:
        _made(repository, connection)
        rows = connection.execute(
            "SELECT recovery_id, device_id, requested_by, reason, approved_by, recovered_at "
            "FROM recoveries ORDER BY recovery_id"
        ).fetchall()
    return [RegisterEntry(*row) for row in rows]
