"""Geneva's side of enrolment: register a device and issue its trust bundle; revoke it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.files import atomic_write
from app.formats import age, minisign, signed
from app.i18n import N_
from app.store.connection import Connection
from app.store.keys import fingerprint
from app.sync import witness_link
from app.sync.enrolment import (
    BUNDLE_FORMAT,
    DeviceRegistration,
    EnrolmentRequest,
    TrustBundle,
    iso,
    now_utc,
    read_request,
)
from app.sync.repository.file_store import Store
from app.sync.repository.store import Repository
from app.sync.repository_errors import (
    DemoMismatch,
    DeviceRevoked,
    EnrolmentInvalid,
    UnknownDevice,
)

DEFAULT_VALID_DAYS = 365
DEMO_REQUEST = N_("The request comes from a demonstration database; this repository is real.")
REAL_REQUEST = N_("The request comes from a real database; this repository is for demonstrations.")


@dataclass(frozen=True)
class Enrolled:
    bundle: TrustBundle
    device_fingerprint: str
    geneva_fingerprint: str
    renewed: bool


def enrol(
    repository: Repository,
    request_path: Path,
    out: Path,
    *,
    valid_days: int = DEFAULT_VALID_DAYS,
    at: datetime | None = None,
) -> Enrolled:
    """Register the device that made `request_path` (or renew its bundle) and write its
    signed trust bundle to `out` (never overwritten)."""
    at = at or now_utc()
    request = read_request(request_path)
    if request.demo != repository.demo:
        raise DemoMismatch(detail=DEMO_REQUEST if request.demo else REAL_REQUEST)
    if valid_days < 1:
        raise EnrolmentInvalid(
            what=str(request_path), detail=N_("the validity must be a day or more")
        )
    with repository.transaction() as connection:
        row = connection.execute(
            "SELECT signing_public_key, revoked_at, registered_at FROM devices WHERE device_id = ?",
            (request.device_id,),
        ).fetchone()
        renewed = row is not None
        if row is not None:
            if row[1] is not None:
                raise DeviceRevoked(device=request.device_id, revoked=row[1])
            if row[0] != request.signing_public_key:
                raise EnrolmentInvalid(
                    what=str(request_path),
                    detail=N_("this device id is already enrolled with another key"),
                )
            registered_at = row[2]
        else:
            registered_at = iso(at)
            connection.execute(
                "INSERT INTO devices (device_id, label, signing_public_key, age_recipient, demo, "
                "registered_at, request) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    request.device_id,
                    request.label,
                    request.signing_public_key,
                    request.age_recipient,
                    int(request.demo),
                    registered_at,
                    request_path.read_bytes(),
                ),
            )
        version = (
            int(
                connection.execute(
                    "SELECT value FROM meta WHERE key = 'bundle_version'"
                ).fetchone()[0]
            )
            + 1
        )
        connection.execute(
            "UPDATE meta SET value = ? WHERE key = 'bundle_version'", (str(version),)
        )
        bundle = _bundle(repository, request, registered_at, version, at, valid_days)
        bundle = bundle.model_copy(
            update={"witness_link": _link_key(connection, request, repository.store)}
        )
        data = signed.sign_document(
            bundle,
            repository.keys.signing,
            f"{BUNDLE_FORMAT} v{version} {request.device_id} until {bundle.expires_at}",
        )
        connection.execute(
            "INSERT INTO bundles VALUES (?, ?, ?, ?, ?)",
            (version, request.device_id, bundle.issued_at, bundle.expires_at, data),
        )
        atomic_write(out, data, exclusive=True)
    return Enrolled(
        bundle, fingerprint(request.signing_public_key), bundle.geneva.fingerprint, renewed
    )


def _bundle(
    repository: Repository,
    request: EnrolmentRequest,
    registered_at: str,
    version: int,
    at: datetime,
    valid_days: int,
) -> TrustBundle:
    return TrustBundle(
        repository_id=repository.repository_id,
        version=version,
        issued_at=iso(at),
        expires_at=iso(at + timedelta(days=valid_days)),
        demo=repository.demo,
        geneva=repository.keys.public(),
        device=DeviceRegistration(
            device_id=request.device_id,
            label=request.label,
            signing_public_key=request.signing_public_key,
            age_recipient=request.age_recipient,
            registered_at=registered_at,
        ),
    )


def _link_key(
    connection: Connection, request: EnrolmentRequest, store: Store
) -> witness_link.LinkKey:
    """The repository's witness link secret (made at the first enrolment, with its cost),
    encrypted to the device's own age key (app/sync/witness_link.py)."""
    row = connection.execute(
        "SELECT secret FROM geneva_keys WHERE name = 'witness_link'"
    ).fetchone()
    if row is None:
        secret = witness_link.new_secret()
        cost = f"{witness_link.DEFAULT_MEMORY_KIB},{witness_link.DEFAULT_TIME_COST}"
        connection.execute(
            "INSERT INTO geneva_keys VALUES ('witness_link', ?)", (store.seal(secret),)
        )
        connection.execute("INSERT INTO meta VALUES ('witness_link_cost', ?)", (cost,))
    else:
        secret = store.unseal(row[0])
    cost_row = connection.execute("SELECT value FROM meta WHERE key = 'witness_link_cost'")
    memory_kib, time_cost = (int(n) for n in cost_row.fetchone()[0].split(","))
    recipient = age.AgeRecipient.parse(request.age_recipient)
    return witness_link.seal_for(secret, recipient, memory_kib, time_cost)


def revoke(repository: Repository, device_id: str, reason: str, at: datetime | None = None) -> None:
    """Refuse every package from `device_id` from now on (kept on record, never deleted)."""
    with repository.transaction() as connection:
        row = connection.execute(
            "SELECT revoked_at FROM devices WHERE device_id = ?", (device_id,)
        ).fetchone()
        if row is None:
            raise UnknownDevice(device=device_id)
        if row[0] is not None:
            raise DeviceRevoked(device=device_id, revoked=row[0])
        connection.execute(
            "UPDATE devices SET revoked_at = ?, revoked_reason = ? WHERE device_id = ?",
            (iso(at or now_utc()), reason, device_id),
        )


def public_key_for(repository: Repository, device_id: str) -> minisign.PublicKey:
    """The signing key of an enrolled, not revoked device; UnknownDevice or DeviceRevoked."""
    with repository.reading() as connection:
        row = connection.execute(
            "SELECT signing_public_key, revoked_at FROM devices WHERE device_id = ?",
            (device_id,),
        ).fetchone()
    if row is None:
        raise UnknownDevice(device=device_id)
    if row[1] is not None:
        raise DeviceRevoked(device=device_id, revoked=row[1])
    return minisign.PublicKey.parse(row[0])
