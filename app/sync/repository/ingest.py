"""`verify` and `ingest` a package at Geneva, and write its signed receipt.

Order of checks (nothing is ingested unless all pass): the package format
(app/sync/package.py: decryption with Geneva's package key, archive safety, the device's
signature on the manifest, every hash), the device (enrolled, not revoked), the sequence
(an exact duplicate only re-sends the receipt; the same number with other content, or a
previous-package hash that contradicts one held, is a cloned-device alert, recorded), the
demo flag, then the contents (app/sync/repository/contents.py). A sequence below 1 is
malformed (25). A device with a cloned-device alert not yet cleared by staff
(`repository clear-alert`) is blocked (58). A gap in the sequence is ingested, flagged as
an alert and reported (`IngestResult.missing`). `verify` records nothing, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.files import atomic_write
from app.formats import signed
from app.formats.errors import ContentMismatch
from app.i18n import N_
from app.oserrors import mapped, os_error
from app.store.connection import Connection
from app.sync.enrolment import iso, now_utc
from app.sync.package import Limits, OpenedPackage, open_package
from app.sync.receipts import RECEIPT_FORMAT, Receipt
from app.sync.repository import consolidated, facts
from app.sync.repository.contents import Contents, read_contents
from app.sync.repository.devices import public_key_for
from app.sync.repository.keeping import crash_point, keep_files, receipt_files, receipt_paths
from app.sync.repository.store import Repository
from app.sync.repository_errors import ClonedDevice, ClonedDeviceSeen, DemoMismatch, DeviceBlocked

DEMO_IN_REAL = N_("The package holds demonstration data; this repository is real.")
FIRST_SEQUENCE = N_("sequence numbers start at 1")
REAL_IN_DEMO = N_("The package holds real testimony; this repository is for demonstrations.")


@dataclass(frozen=True)
class IngestResult:
    device_id: str
    sequence: int
    sha256: str
    duplicate: bool
    new_records: int
    missing: list[int]
    receipt: Receipt | None
    receipt_path: Path | None


def _alert(
    repository: Repository, opened: OpenedPackage, kind: str, detail: str, at: datetime
) -> None:
    with repository.transaction() as connection:
        connection.execute(
            "INSERT INTO alerts (at, device_id, sequence, kind, detail, package_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                iso(at),
                opened.manifest.device_id,
                opened.manifest.sequence,
                kind,
                detail,
                opened.sha256,
            ),
        )


def _sequence(
    repository: Repository, opened: OpenedPackage, at: datetime, *, record: bool
) -> tuple[bytes | None, list[int]]:
    """(the stored receipt if this exact package is held, the sequences missing before it);
    ClonedDevice (recorded when `record`) if it contradicts what is held."""
    manifest = opened.manifest
    if manifest.sequence < 1:
        raise ContentMismatch(
            what=str(opened.path), detail=FIRST_SEQUENCE, name=f"manifest.json: {manifest.sequence}"
        )
    with repository.reading() as connection:
        held = dict(
            connection.execute(
                "SELECT sequence, sha256 FROM packages WHERE device_id = ?", (manifest.device_id,)
            ).fetchall()
        )
        same = held.get(manifest.sequence)
        if same == opened.sha256:
            row = connection.execute(
                "SELECT receipt FROM packages WHERE device_id = ? AND sequence = ?",
                (manifest.device_id, manifest.sequence),
            ).fetchone()
            return bytes(row[0]), []
    problem = None
    if same is not None:
        problem = N_("another package with this number was ingested before")
    elif manifest.sequence - 1 in held and held[manifest.sequence - 1] != (
        manifest.previous_package_sha256
    ):
        problem = N_("the package before it, as this one names it, is not the one held")
    elif manifest.sequence + 1 in held:
        with repository.reading() as connection:
            following = connection.execute(
                "SELECT previous_sha256 FROM packages WHERE device_id = ? AND sequence = ?",
                (manifest.device_id, manifest.sequence + 1),
            ).fetchone()
        if following[0] != opened.sha256:
            problem = N_("the package after it names another package before it")
    if problem is not None:
        if not record:
            raise ClonedDeviceSeen(
                device=manifest.device_id, sequence=manifest.sequence, detail=problem
            )
        _alert(repository, opened, "cloned_device", problem, at)
        raise ClonedDevice(device=manifest.device_id, sequence=manifest.sequence, detail=problem)
    _refuse_if_blocked(repository, manifest.device_id)
    highest = max(held, default=0)
    missing = [n for n in range(1, max(highest, manifest.sequence)) if n not in held]
    return None, [n for n in missing if n != manifest.sequence]


def _refuse_if_blocked(repository: Repository, device_id: str) -> None:
    """DeviceBlocked while a cloned-device alert of this device is not cleared."""
    with repository.reading() as connection:
        row = connection.execute(
            "SELECT id, at, detail FROM alerts WHERE device_id = ? AND kind = 'cloned_device' "
            "AND cleared_at IS NULL ORDER BY id LIMIT 1",
            (device_id,),
        ).fetchone()
    if row is not None:
        raise DeviceBlocked(device=device_id, alert=row[0], at=row[1], detail=row[2])


def _open(repository: Repository, package: Path, work: Path, limits: Limits) -> OpenedPackage:
    return open_package(
        package,
        identity=repository.keys.package,
        public_key_for=lambda device: public_key_for(repository, device),
        into=work / "package",
        limits=limits,
    )


def _check_demo(repository: Repository, opened: OpenedPackage) -> None:
    demo = bool(opened.manifest.extra.get("demo", False))
    if demo != repository.demo:
        raise DemoMismatch(detail=DEMO_IN_REAL if demo else REAL_IN_DEMO)


def verify(repository: Repository, package: Path, *, limits: Limits = Limits()) -> IngestResult:  # noqa: B008
    """Every check of `ingest`, changing nothing (not even an alert)."""
    with mapped(package), repository.work_folder() as work:
        opened = _open(repository, package, work, limits)
        receipt, missing = _sequence(repository, opened, now_utc(), record=False)
        _check_demo(repository, opened)
        contents = read_contents(opened, repository)
    return IngestResult(
        opened.manifest.device_id,
        opened.manifest.sequence,
        opened.sha256,
        receipt is not None,
        len(contents.records),
        missing,
        None,
        None,
    )


def ingest(
    repository: Repository,
    package: Path,
    *,
    receipt_out: Path | None = None,
    limits: Limits = Limits(),  # noqa: B008 - frozen
    at: datetime | None = None,
) -> IngestResult:
    """Verify `package`, keep its files, merge it and write its signed receipt (see the
    module docstring, and app/sync/repository/keeping.py for the order of the writes)."""
    at = at or now_utc()
    with mapped(package), repository.work_folder() as work:
        opened = _open(repository, package, work, limits)
        crash_point("ingest.opened")
        manifest = opened.manifest
        stored, missing = _sequence(repository, opened, at, record=True)
        if stored is not None:
            return _again(repository, opened, stored, receipt_out)
        _check_demo(repository, opened)
        contents = read_contents(opened, repository)
        kept = _stored_name(opened)
        keep_files(repository, opened, contents, kept)
        try:
            data, receipt, new = _commit(repository, opened, contents, missing, kept, at)
        except ClonedDevice as error:
            _alert(repository, opened, "cloned_device", str(error.params["detail"]), at)
            raise
        crash_point("ingest.committed")
        path = _receipt_path(repository, manifest.device_id, manifest.sequence)
        if receipt_out is not None:
            _write(receipt_out, data)
    return IngestResult(
        manifest.device_id,
        manifest.sequence,
        opened.sha256,
        False,
        new,
        missing,
        receipt,
        receipt_out or path,
    )


def _again(
    repository: Repository, opened: OpenedPackage, stored: bytes, receipt_out: Path | None
) -> IngestResult:
    """A package already held: put back any of its files that went missing, and send the
    receipt the store holds again."""
    manifest = opened.manifest
    receipt, _body, _sig = signed.read_document(stored, Receipt)
    contents = read_contents(opened, repository)
    keep_files(repository, opened, contents, _stored_name(opened))
    path = _receipt_path(repository, manifest.device_id, manifest.sequence)
    for each, data in receipt_files(path, stored).items():
        if not each.is_file() or each.read_bytes() != data:
            _write(each, data)
    if receipt_out is not None:
        _write(receipt_out, stored)
    return IngestResult(
        manifest.device_id,
        manifest.sequence,
        opened.sha256,
        True,
        0,
        [],
        receipt,
        receipt_out or path,
    )


def _write(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data)
    except OSError as error:
        raise os_error(error, path) from error


def _commit(
    repository: Repository,
    opened: OpenedPackage,
    contents: Contents,
    missing: list[int],
    kept: str,
    at: datetime,
) -> tuple[bytes, Receipt, int]:
    manifest = opened.manifest
    receipt_file = _receipt_path(repository, manifest.device_id, manifest.sequence)
    try:
        return _commit_with_receipt(repository, opened, contents, missing, kept, at, receipt_file)
    except BaseException:
        # Not held after all: no receipt may claim it (nothing else refers to the files).
        for each in receipt_paths(receipt_file):
            each.unlink(missing_ok=True)
        raise


def _commit_with_receipt(
    repository: Repository,
    opened: OpenedPackage,
    contents: Contents,
    missing: list[int],
    kept: str,
    at: datetime,
    receipt_file: Path,
) -> tuple[bytes, Receipt, int]:
    manifest = opened.manifest
    with repository.transaction() as connection:
        new = _merge(connection, opened, contents, at)
        if missing:
            connection.execute(
                "INSERT INTO alerts (at, device_id, sequence, kind, detail, package_sha256) "
                "VALUES (?, ?, ?, 'sequence_gap', ?, ?)",
                (
                    iso(at),
                    manifest.device_id,
                    manifest.sequence,
                    "missing " + ", ".join(map(str, missing)),
                    opened.sha256,
                ),
            )
        held = [
            row[0]
            for row in connection.execute(
                "SELECT sequence FROM packages WHERE device_id = ? UNION SELECT ? ORDER BY 1",
                (manifest.device_id, manifest.sequence),
            )
        ]
        receipt = Receipt(
            repository_id=repository.repository_id,
            device_id=manifest.device_id,
            sequence=manifest.sequence,
            package_sha256=opened.sha256,
            received_at=iso(at),
            records=len(contents.records),
            new_records=new,
            attachments=len(contents.attachments),
            held_sequences=held,
            missing_sequences=[n for n in range(1, max(held)) if n not in held],
        )
        data = signed.sign_document(
            receipt,
            repository.keys.signing,
            f"{RECEIPT_FORMAT} {manifest.device_id} #{manifest.sequence}",
        )
        for each, content in receipt_files(receipt_file, data).items():
            _write(each, content)
        crash_point("ingest.receipt_written")
        connection.execute(
            "INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                manifest.device_id,
                manifest.sequence,
                opened.sha256,
                manifest.previous_package_sha256,
                manifest.created_at,
                iso(at),
                kept,
                ", ".join(map(str, missing)) or None,
                len(contents.records),
                len(contents.attachments),
                len(contents.withheld),
                data,
            ),
        )
        crash_point("ingest.before_commit")
    return data, receipt, new


def _receipt_path(repository: Repository, device_id: str, sequence: int) -> Path:
    folder = repository.subfolder("receipts") / device_id
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder / f"{sequence:06d}.receipt"


def _stored_name(opened: OpenedPackage) -> str:
    manifest = opened.manifest
    return f"packages/{manifest.device_id}/{manifest.sequence:06d}-{opened.sha256[:16]}.sillok"


def _merge(connection: Connection, opened: OpenedPackage, contents: Contents, at: datetime) -> int:
    """Insert every version not held yet (a held version with other content is a clone),
    and bring the consolidated view up to date with them."""
    manifest = opened.manifest
    new = 0
    touched: list[tuple[str, str]] = []
    lifted: list[tuple[str, str, int, str | None]] = []
    for kind, record_id, version, deleted, body, sha, interview in contents.records:
        row = connection.execute(
            "SELECT body_sha256 FROM record_versions WHERE kind = ? AND record_id = ? "
            "AND version = ? "
            "AND deleted = ?",
            (kind, record_id, version, deleted),
        ).fetchone()
        if row is not None:
            if row[0] != sha and not deleted:
                raise ClonedDevice(
                    device=manifest.device_id,
                    sequence=manifest.sequence,
                    detail=f"{kind} {record_id} version {version} differs from the one held",
                )
            continue
        connection.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                kind,
                record_id,
                version,
                deleted,
                body,
                sha,
                manifest.device_id,
                manifest.sequence,
                interview,
            ),
        )
        touched.append((kind, record_id))
        if not deleted:
            lifted.append((kind, record_id, version, body))
        new += 1
    consolidated.refresh(connection, touched)
    facts.lift(connection, lifted)
    connection.executemany(
        "INSERT OR IGNORE INTO attachment_files VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                attachment_id,
                plain,
                file_sha,
                size,
                f"objects/{file_sha}.age",
                manifest.device_id,
                manifest.sequence,
            )
            for attachment_id, plain, file_sha, size, _path in contents.attachments
        ],
    )
    database_id = manifest.extra["audit"]["database_id"]
    connection.executemany(
        "INSERT OR IGNORE INTO audit_entries VALUES (?, ?, ?, ?, ?, ?)",
        [
            (database_id, seq, line, entry_hash, manifest.device_id, manifest.sequence)
            for seq, line, entry_hash in contents.audit
        ],
    )
    connection.executemany(
        "INSERT INTO withheld VALUES (?, ?, ?)",
        [(manifest.device_id, manifest.sequence, line) for line in contents.withheld],
    )
    return new
