"""`export_package`: everything Geneva does not hold yet, signed and encrypted to Geneva.

The package (format: docs/package-format.md; contents: docs/sync.md) holds:

- `records/<kind>.jsonl`: each new or changed record, its canonical JSON body per line
  (consent enforced, see app/sync/selection.py); `records/deleted.jsonl`: records Geneva
  holds that were deleted here;
- `attachments/<id>.age`: the encrypted attachment files, copied byte for byte;
- `audit/trail.jsonl`: the audit trail since the last package Geneva acknowledged (the
  content hash of entries about withheld records redacted), and `audit/checkpoint.json`,
  its head signed by the device;
- `withheld.jsonl`: what consent kept back and why, without the content;
- `versions.json`: the questionnaire and legal catalogue versions used.

The device-side bookkeeping (sequence, the package hash for the next one's chain, what the
package carried) is written only once the package file is complete: a cancelled or failed
export leaves nothing behind, and the next export uses the same sequence number.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO
from uuid import UUID

from app import __version__
from app.formats import age, signed
from app.i18n import N_
from app.oserrors import NOT_A_FOLDER, WrongKindOfPath
from app.store import attachments, audit
from app.store.connection import Connection
from app.store.database import Database
from app.store.keys import DeviceKeys, device_keys
from app.sync import selection
from app.sync.enrolment import is_demo, iso, now_utc, require_bundle
from app.sync.package import ManifestHeader, PackageEntry, WrittenPackage, write_package
from app.sync.repository_errors import DemoMismatch, NotEnrolled

Progress = Callable[[int, int | None, str], None]
EXTENSION = ".sillok"
DEMO_TO_REAL = N_(
    "This database holds demonstration data; this device is enrolled with a real repository."
)
REAL_TO_DEMO = N_(
    "This database holds real testimony; this device is enrolled with a demonstration repository."
)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    sha256: str
    size: int
    records: int
    attachments: int
    identities: int
    deletions: int
    withheld: int
    audit_entries: int


class _Lines(io.RawIOBase):
    """A read-only stream over an iterator of byte chunks (nothing buffered on disk)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self._pending))
        target[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _entry(name: str, size: int, chunks: Callable[[], Iterator[bytes]]) -> PackageEntry:
    return PackageEntry(name, size, lambda: io.BufferedReader(_Lines(chunks())))


def _open_binary(path: Path) -> BinaryIO:
    return open(path, "rb")


def _small(name: str, data: bytes) -> PackageEntry:
    return PackageEntry(name, len(data), lambda: io.BytesIO(data))


def _json_line(value: object) -> bytes:
    return signed.canonical(value if isinstance(value, dict) else {"value": value}) + b"\n"


def _audit_lines(connection: Connection, since: int) -> Iterator[bytes]:
    cursor = connection.execute(
        "SELECT seq, at, actor, action, entity_type, entity_id, content_hash, prev_hash, "
        "entry_hash, entity_id IN (SELECT id FROM temp.x_withheld) FROM audit_log "
        "WHERE seq > ? ORDER BY seq",
        (since,),
    )
    names = (
        "seq",
        "at",
        "actor",
        "action",
        "entity_type",
        "entity_id",
        "content_hash",
        "prev_hash",
        "entry_hash",
    )
    for row in cursor:
        line = dict(zip(names, row[:9], strict=True))
        line["redacted"] = bool(row[9])
        if line["redacted"]:
            line["content_hash"] = None
        yield _json_line(line)


def _catalogue_versions() -> dict[str, str]:
    try:
        from app.legal.catalogue import default_catalogue

        return dict(default_catalogue().version)
    except Exception:  # noqa: BLE001 - a broken catalogue must not block an export
        return {}


def export_package(
    database: Database,
    out_dir: Path,
    *,
    actor: str,
    progress: Progress | None = None,
    at: datetime | None = None,
) -> ExportResult:
    """Write the next package into `out_dir` and record it (see the module docstring).

    `progress(done_bytes, total_bytes, label)` is called as it goes; raising from it
    cancels, leaving no file and no change. Raises NotEnrolled, TrustBundleExpired,
    DemoMismatch, AttachmentUnavailable, AlreadyExists, StorageFull.
    """
    at = at or now_utc()
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise WrongKindOfPath(path=str(out_dir), detail=NOT_A_FOLDER)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with database.reading() as connection:  # holds the database lock throughout
        bundle = require_bundle(connection, N_("making a package"), at)
        keys = device_keys(connection)
        if keys is None:
            raise NotEnrolled(what=N_("making a package"))
        demo = is_demo(connection)
        if demo != bundle.demo:
            raise DemoMismatch(detail=DEMO_TO_REAL if demo else REAL_TO_DEMO)
        connection.execute("BEGIN")  # one read snapshot for the whole package
        try:
            written, counts, audit_seq, audit_head = _write(
                database, connection, keys, out_dir, bundle.geneva.package(), at, progress
            )
        finally:
            if connection.in_transaction:
                connection.execute("COMMIT")
        try:
            with database.transaction() as writing:
                _record(writing, database, actor, written, counts, at, audit_seq, audit_head)
        except BaseException:
            written.path.unlink(missing_ok=True)
            raise
    return ExportResult(
        path=written.path,
        sequence=counts["sequence"],
        sha256=written.sha256,
        size=written.size,
        records=counts["records"],
        attachments=counts["attachments"],
        identities=counts["identities"],
        deletions=counts["deletions"],
        withheld=counts["withheld"],
        audit_entries=counts["audit_entries"],
    )


def _write(
    database: Database,
    connection: Connection,
    keys: DeviceKeys,
    out_dir: Path,
    recipient: age.AgeRecipient,
    at: datetime,
    progress: Progress | None,
) -> tuple[WrittenPackage, dict[str, int], int, str]:
    last = connection.execute(
        "SELECT sequence, sha256 FROM sync_packages ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    sequence = last[0] + 1 if last else 1
    acknowledged = connection.execute(
        "SELECT audit_seq FROM sync_packages WHERE acknowledged_at IS NOT NULL "
        "ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    since = acknowledged[0] if acknowledged else 0
    plan = selection.prepare(connection)
    counts = {"sequence": sequence, "records": 0, "identities": 0, "attachments": 0}
    entries: list[PackageEntry] = []
    for kind in selection.SCOPES:
        lines, size = selection.size_and_count(connection, kind)
        if lines:
            counts["records"] += lines
            if kind == "sealed_identity":
                counts["identities"] += lines
            entries.append(
                _entry(f"records/{kind}.jsonl", size, partial(selection.lines, connection, kind))
            )
    deleted = selection.deletions(connection)
    counts["deletions"] = len(deleted)
    if deleted:
        entries.append(
            _small(
                "records/deleted.jsonl",
                b"".join(
                    _json_line({"kind": k, "id": i, "version": v, "deleted": True})
                    for k, i, v in deleted
                ),
            )
        )
    for attachment_id, filename in selection.attachments(connection):
        path = attachments.file_for(database.path, UUID(attachment_id))
        stream = attachments.open_encrypted(database.path, UUID(attachment_id), filename)
        size = os.fstat(stream.fileno()).st_size
        stream.close()
        entries.append(
            PackageEntry(f"attachments/{attachment_id}.age", size, partial(_open_binary, path))
        )
        counts["attachments"] += 1
    audit_seq, audit_head = audit.head(connection, database.database_id)
    audit_size = sum(len(line) for line in _audit_lines(connection, since))
    counts["audit_entries"] = audit_seq - since
    entries.append(
        _entry("audit/trail.jsonl", audit_size, partial(_audit_lines, connection, since))
    )
    checkpoint = {
        "database_id": database.database_id,
        "device_id": keys.device_id,
        "from_seq": since + 1,
        "to_seq": audit_seq,
        "head_hash": audit_head,
        "at": iso(at),
    }
    checkpoint_body = signed.canonical(checkpoint)
    entries.append(_small("audit/checkpoint.json", checkpoint_body))
    entries.append(
        _small(
            "audit/checkpoint.json.minisig",
            keys.signing.sign(checkpoint_body, f"sillok audit checkpoint {audit_seq}").encode(),
        )
    )
    counts["withheld"] = len(plan.withheld)
    entries.append(_small("withheld.jsonl", b"".join(_json_line(w) for w in plan.withheld)))
    versions = {
        "sillok": __version__,
        "questionnaires": selection.questionnaires(connection),
        "legal_catalogue": _catalogue_versions(),
    }
    entries.append(_small("versions.json", signed.canonical(versions) + b"\n"))
    header = ManifestHeader(
        device_id=keys.device_id,
        sequence=sequence,
        previous_package_sha256=last[1] if last else None,
        created_at=iso(at),
        extra={
            "audit": checkpoint,
            "counts": {k: v for k, v in counts.items() if k != "sequence"},
            "demo": is_demo(connection),
            "acknowledged_audit_seq": since,
            "versions": versions,
        },
    )
    out = out_dir / f"sillok-{keys.device_id}-{sequence:06d}{EXTENSION}"
    written = write_package(
        out,
        entries=entries,
        header=header,
        signer=keys.signing,
        recipient=recipient,
        progress=progress,
    )
    return written, counts, audit_seq, audit_head


def _record(
    connection: Connection,
    database: Database,
    actor: str,
    written: WrittenPackage,
    counts: dict[str, int],
    at: datetime,
    audit_seq: int,
    audit_head: str,
) -> None:
    sequence = counts["sequence"]
    connection.execute(
        "INSERT INTO sync_packages (sequence, sha256, file_name, created_at, audit_seq, "
        "audit_head) VALUES (?, ?, ?, ?, ?, ?)",
        (sequence, written.sha256, written.path.name, iso(at), audit_seq, audit_head),
    )
    for kind in selection.SCOPES:
        connection.execute(selection.items_sql(kind), (sequence, kind))
    connection.executemany(
        "INSERT INTO sync_package_items VALUES (?, ?, ?, 0)",
        [(sequence, kind, record_id) for kind, record_id, _v in selection.deletions(connection)],
    )
    audit.append(
        connection,
        database.database_id,
        actor=actor,
        action="event",
        entity_type="sync_package",
        entity_id=str(sequence),
        content=json.dumps({"sha256": written.sha256, "file": written.path.name}),
    )
