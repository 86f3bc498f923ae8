"""What the desk shows about Geneva before it does anything: this laptop's enrolment, and
what the next package would carry.

`enrolment_status` reads the device keys and the trust bundle in force (it never creates
keys). `summarise_export` takes the same consent-enforced selection as `export_package`
(app/sync/selection.py) in one read snapshot and counts it: records new or changed by
kind, attachments and their size, sealed identities, deletions, and what consent withholds
(counts per reason, never content), with an estimate of the package's size for a free
space check. It refuses first, with the same errors and in the same order as the export
itself: NotEnrolled, TrustBundleExpired, DemoMismatch, AttachmentUnavailable. Nothing here
writes to the database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from app.i18n import N_
from app.store import attachments
from app.store.attachments import AttachmentUnavailable
from app.store.connection import Connection
from app.store.database import Database
from app.store.keys import device_keys
from app.sync import selection
from app.sync.enrolment import current_bundle, is_demo, now_utc, require_bundle
from app.sync.repository_errors import DemoMismatch, NotEnrolled

EXPIRY_WARNING_DAYS = 30
"""A trust bundle that expires within this many days is shown with a warning."""

TAR_MEMBER_OVERHEAD = 1024
"""A ustar header and, at most, its padding."""
AUDIT_LINE_OVERHEAD = 200
"""Keys, quotes and numbers of one audit line beyond its text fields."""
WITHHELD_LINE_SIZE = 200
FIXED_OVERHEAD = 64 * 1024
"""Manifest, checksums, signatures, checkpoint, versions, tar end and age header."""
AGE_CHUNK, AGE_TAG = 64 * 1024, 16


@dataclass(frozen=True)
class EnrolmentStatus:
    database_demo: bool
    device_id: str | None = None
    device_fingerprint: str | None = None
    """None until this laptop wrote its first enrolment request (its keys are made then)."""
    device_label: str | None = None
    bundle_version: int | None = None
    expires_at: datetime | None = None
    repository_demo: bool | None = None
    geneva_fingerprint: str | None = None

    @property
    def enrolled(self) -> bool:
        return self.bundle_version is not None

    def days_left(self, at: datetime | None = None) -> int | None:
        """Whole days until the trust bundle expires (negative once expired)."""
        if self.expires_at is None:
            return None
        return (self.expires_at - (at or now_utc())).days

    def expired(self, at: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or now_utc())

    def expires_soon(self, at: datetime | None = None) -> bool:
        left = self.days_left(at)
        return left is not None and left < EXPIRY_WARNING_DAYS


def enrolment_status(database: Database) -> EnrolmentStatus:
    with database.reading() as connection:
        demo = is_demo(connection)
        keys = device_keys(connection)
        bundle = current_bundle(connection)
    if keys is None:
        return EnrolmentStatus(database_demo=demo)
    device = EnrolmentStatus(demo, keys.device_id, keys.fingerprint, keys.label)
    if bundle is None:
        return device
    return replace(
        device,
        bundle_version=bundle.version,
        expires_at=datetime.fromisoformat(bundle.expires_at),
        repository_demo=bundle.demo,
        geneva_fingerprint=bundle.geneva.fingerprint,
    )


@dataclass(frozen=True)
class KindCount:
    kind: str
    new: int
    changed: int


@dataclass(frozen=True)
class Withheld:
    kind: str
    """"interview" or "sealed_identity"."""
    reason: str
    """e.g. "transfer_geneva_not_granted" (see app/sync/selection.py)."""
    count: int


@dataclass(frozen=True)
class ExportSummary:
    sequence: int
    demo: bool
    expires_at: datetime
    interviews: int
    """Interviews whose witness consented to transfer to Geneva."""
    kinds: tuple[KindCount, ...]
    """Only the kinds with something to send, in the package's order."""
    attachments: int
    attachment_bytes: int
    identities: int
    deletions: int
    withheld: tuple[Withheld, ...]
    estimated_bytes: int

    @property
    def records(self) -> int:
        return sum(kind.new + kind.changed for kind in self.kinds)

    @property
    def withheld_count(self) -> int:
        return sum(item.count for item in self.withheld)


def summarise_export(database: Database, at: datetime | None = None) -> ExportSummary:
    """What `export_package` would write now (see the module docstring)."""
    from app.sync.export import DEMO_TO_REAL, REAL_TO_DEMO

    at = at or now_utc()
    with database.reading() as connection:
        bundle = require_bundle(connection, N_("making a package"), at)
        if device_keys(connection) is None:
            raise NotEnrolled(what=N_("making a package"))
        demo = is_demo(connection)
        if demo != bundle.demo:
            raise DemoMismatch(detail=DEMO_TO_REAL if demo else REAL_TO_DEMO)
        connection.execute("BEGIN")  # one read snapshot, as the export takes
        try:
            return _count(database, connection, demo, bundle.expires_at)
        finally:
            if connection.in_transaction:
                connection.execute("COMMIT")


def _count(database: Database, connection: Connection, demo: bool, expires: str) -> ExportSummary:
    last = connection.execute("SELECT max(sequence) FROM sync_packages").fetchone()[0]
    plan = selection.prepare(connection)
    kinds: list[KindCount] = []
    content = 0
    members = 0
    for kind in selection.SCOPES:
        new, changed = selection.new_and_changed(connection, kind)
        if new or changed:
            kinds.append(KindCount(kind, new, changed))
            content += selection.size_and_count(connection, kind)[1]
            members += 1
    deleted = selection.deletions(connection)
    content += 100 * len(deleted)
    attachment_bytes = 0
    files = selection.attachments(connection)
    for attachment_id, filename in files:
        path = attachments.file_for(database.path, UUID(attachment_id))
        try:
            attachment_bytes += path.stat().st_size
        except OSError as error:
            raise AttachmentUnavailable(
                name=filename, detail=error.strerror or str(error)
            ) from error
    acknowledged = connection.execute(
        "SELECT audit_seq FROM sync_packages WHERE acknowledged_at IS NOT NULL "
        "ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    lines, text = connection.execute(
        "SELECT count(*), coalesce(sum(length(at) + length(actor) + length(action) + "
        "length(entity_type) + length(entity_id) + length(coalesce(content_hash, '')) + "
        "length(coalesce(prev_hash, '')) + length(entry_hash)), 0) FROM audit_log "
        "WHERE seq > ?",
        (acknowledged[0] if acknowledged else 0,),
    ).fetchone()
    content += int(text) + AUDIT_LINE_OVERHEAD * int(lines)
    content += WITHHELD_LINE_SIZE * len(plan.withheld) + attachment_bytes
    members += len(files) + 8
    plain = content + TAR_MEMBER_OVERHEAD * members + FIXED_OVERHEAD
    reasons = Counter((str(item["kind"]), str(item["reason"])) for item in plan.withheld)
    return ExportSummary(
        sequence=(last or 0) + 1,
        demo=demo,
        expires_at=datetime.fromisoformat(expires),
        interviews=plan.exported_interviews,
        kinds=tuple(kinds),
        attachments=len(files),
        attachment_bytes=attachment_bytes,
        identities=sum(k.new + k.changed for k in kinds if k.kind == "sealed_identity"),
        deletions=len(deleted),
        withheld=tuple(Withheld(k, r, n) for (k, r), n in sorted(reasons.items())),
        estimated_bytes=plain + (plain // AGE_CHUNK + 1) * AGE_TAG,
    )
