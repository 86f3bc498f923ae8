"""Enrolment: a device asks, Geneva registers it and answers with a signed trust bundle.

1. The device writes an *enrolment request* (`sillok enrol-request`): its id, its public
   signing key and age recipient, whether its database is a demonstration, signed by its
   own key (proof that it holds the secret key).
2. Geneva registers it (`sillok repository enrol`) and returns a *trust bundle*: Geneva's
   public keys, the device's registration, a version (one counter per repository, only
   increasing), an expiry and the `demo` flag, signed by Geneva's signing key.
3. The device loads it (`sillok enrol-accept`). Both sides show the two fingerprints
   (device key, Geneva key) to compare by phone. The device refuses a bundle that has
   expired, one for another device, one signed by another Geneva key than the first it
   accepted, and one whose version is lower than the one it holds (a rollback). A bundle
   carrying Geneva's recovery key adds a recovery slot to the key file
   (app/sync/recovery_slot.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from app.errors import SillokError
from app.files import atomic_write
from app.formats import signed
from app.i18n import N_
from app.oserrors import reason
from app.store import attachments
from app.store.connection import Connection
from app.store.database import Database
from app.store.keys import DeviceKeys, GenevaPublicKeys, create_device_keys, device_keys
from app.sync.repository_errors import (
    EnrolmentInvalid,
    NotEnrolled,
    TrustBundleExpired,
    TrustBundleRollback,
)
from app.sync.witness_link import LinkKey

REQUEST_FORMAT: Final = "sillok-enrolment-request"
BUNDLE_FORMAT: Final = "sillok-trust-bundle"


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EnrolmentRequest(_Frozen):
    format: Literal["sillok-enrolment-request"] = "sillok-enrolment-request"
    format_version: Literal[1] = 1
    device_id: str
    label: str
    signing_public_key: str
    age_recipient: str
    demo: bool
    created_at: str


class DeviceRegistration(_Frozen):
    device_id: str
    label: str
    signing_public_key: str
    age_recipient: str
    registered_at: str


class TrustBundle(_Frozen):
    format: Literal["sillok-trust-bundle"] = "sillok-trust-bundle"
    format_version: Literal[1] = 1
    repository_id: str
    version: int
    issued_at: str
    expires_at: str
    demo: bool
    geneva: GenevaPublicKeys
    device: DeviceRegistration
    witness_link: LinkKey | None = None
    """The repository's witness link secret, encrypted to this device (witness_link.py)."""

    def expired(self, at: datetime) -> bool:
        return datetime.fromisoformat(self.expires_at) <= at


def is_demo(connection: Connection) -> bool:
    """Whether this database holds demonstration data (meta `purpose` = `demo`)."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'purpose'").fetchone()
    return row is not None and row[0] == "demo"


# -- the device ---------------------------------------------------------------------------


def ensure_device_keys(database: Database, label: str) -> DeviceKeys:
    with database.transaction() as connection:
        return device_keys(connection) or create_device_keys(connection, label)


def write_request(database: Database, out: Path, label: str = "") -> EnrolmentRequest:
    """Write this device's enrolment request to `out` (never overwrites)."""
    keys = ensure_device_keys(database, label.strip() or "field laptop")
    with database.reading() as connection:
        demo = is_demo(connection)
    request = EnrolmentRequest(
        device_id=keys.device_id,
        label=keys.label,
        signing_public_key=keys.public_key_text,
        age_recipient=str(keys.recipient),
        demo=demo,
        created_at=iso(now_utc()),
    )
    data = signed.sign_document(request, keys.signing, f"{REQUEST_FORMAT} {keys.device_id}")
    atomic_write(out, data, exclusive=True)
    return request


def current_bundle(connection: Connection) -> TrustBundle | None:
    """The trust bundle in force (highest version accepted), or None."""
    row = connection.execute(
        "SELECT bundle FROM sync_trust_bundles ORDER BY version DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    document, _body, _signature = signed.read_document(bytes(row[0]), TrustBundle)
    return document


def require_bundle(connection: Connection, what: str, at: datetime | None = None) -> TrustBundle:
    """The trust bundle, or NotEnrolled; with `at`, also TrustBundleExpired."""
    bundle = current_bundle(connection)
    if bundle is None:
        raise NotEnrolled(what=what)
    if at is not None and bundle.expired(at):
        raise TrustBundleExpired(expired=bundle.expires_at)
    return bundle


def require_from_geneva(
    connection: Connection,
    what: str,
    document: tuple[bytes, str, str, str],
    invalid: Callable[[str], SillokError],
) -> TrustBundle:
    """Check a signed document Geneva sent this device: `document` is (signed bytes,
    signature, device id, repository id) as the document states them. Raises
    `invalid(reason)` unless Geneva's key of the trust bundle in force signed it, for this
    device and this repository (NotEnrolled without a bundle)."""
    body, signature, device_id, repository_id = document
    bundle = require_bundle(connection, what)
    keys = device_keys(connection)
    if not signed.verify(body, signature, bundle.geneva.signing()):
        raise invalid(N_("its signature is not Geneva's"))
    if keys is None or device_id != keys.device_id:
        raise invalid(N_("it is for another device"))
    if repository_id != bundle.repository_id:
        raise invalid(N_("it comes from another repository"))
    return bundle


@dataclass(frozen=True)
class Accepted:
    bundle: TrustBundle
    device_fingerprint: str
    geneva_fingerprint: str
    changed: bool
    """False when this exact bundle was already loaded."""


def _invalid(path: Path, detail: str) -> EnrolmentInvalid:
    return EnrolmentInvalid(what=str(path), detail=detail)


def _letters(fingerprint: str) -> str:
    """A fingerprint as typed, without dashes or spaces, in capitals."""
    return "".join(c for c in fingerprint.upper() if c.isalnum())


def accept_bundle(
    database: Database,
    path: Path,
    *,
    expected_geneva_fingerprint: str | None = None,
    at: datetime | None = None,
) -> Accepted:
    """Check the trust bundle at `path` and make it the one in force."""
    at = at or now_utc()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _invalid(path, reason(error)) from error
    try:
        bundle, body, signature = signed.read_document(data, TrustBundle)
    except signed.Unreadable as error:
        raise _invalid(path, error.detail) from error
    with database.transaction() as connection:
        keys = device_keys(connection)
        if keys is None:
            raise _invalid(path, N_("this device never made an enrolment request"))
        if (
            bundle.device.device_id != keys.device_id
            or bundle.device.signing_public_key != keys.public_key_text
        ):
            raise _invalid(path, N_("it was made for another device"))
        if not signed.verify(body, signature, bundle.geneva.signing()):
            raise _invalid(path, N_("its signature is not valid"))
        fingerprint = bundle.geneva.fingerprint
        if expected_geneva_fingerprint is not None and (
            _letters(expected_geneva_fingerprint) != _letters(fingerprint)
        ):
            raise _invalid(path, N_("the Geneva fingerprint is not the one you were given"))
        held = current_bundle(connection)
        if held is not None:
            if bundle.geneva.signing_public_key != held.geneva.signing_public_key:
                raise _invalid(path, N_("it is signed by another Geneva key than before"))
            if bundle.repository_id != held.repository_id:
                raise _invalid(path, N_("it comes from another repository"))
            if bundle.version < held.version or (bundle.version == held.version and bundle != held):
                raise TrustBundleRollback(offered=bundle.version, held=held.version)
        if bundle.expired(at):
            raise TrustBundleExpired(expired=bundle.expires_at)
        changed = held is None or bundle.version > held.version
        if changed:
            connection.execute(
                "INSERT INTO sync_trust_bundles (version, repository_id, expires_at, demo, "
                "bundle, accepted_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    bundle.version,
                    bundle.repository_id,
                    bundle.expires_at,
                    int(bundle.demo),
                    data,
                    iso(at),
                ),
            )
    if (
        held is None
        or not changed
        or held.geneva.package_recipient != bundle.geneva.package_recipient
    ):
        # Attachments added before (or under another Geneva key) get Geneva's package key;
        # loading the same bundle again repairs an interrupted re-wrap.
        attachments.rewrap_all(database.path, keys, [keys.recipient, bundle.geneva.package()])
    # The key file gets (or re-seals) the recovery slot for Geneva's recovery key; loading
    # the same bundle again repairs an interrupted write.
    from app.sync.recovery_slot import ensure_slot

    ensure_slot(database, keys, bundle)
    return Accepted(bundle, keys.fingerprint, fingerprint, changed)


# -- Geneva -------------------------------------------------------------------------------


def read_request(path: Path) -> EnrolmentRequest:
    """An enrolment request, its self-signature checked."""
    from app.formats import minisign

    try:
        request, body, signature = signed.read_document(path.read_bytes(), EnrolmentRequest)
    except OSError as error:
        raise _invalid(path, reason(error)) from error
    except signed.Unreadable as error:
        raise _invalid(path, error.detail) from error
    try:
        key = minisign.PublicKey.parse(request.signing_public_key)
    except Exception as error:
        raise _invalid(path, N_("its public key is malformed")) from error
    if not signed.verify(body, signature, key):
        raise _invalid(path, N_("its signature is not valid"))
    return request
