"""`sillok repository check`: does the store hold only what is on disk, and is every
file it names there, whole?

For every package the store holds: its file under `packages/` with the SHA-256 the store
recorded, its receipt under `receipts/` equal to the one in the store; for every
attachment object: its file under `objects/` with its SHA-256. Files nobody names (the
package file or objects kept by an ingest that was stopped before its commit) and
temporary files are leftovers, not problems: ingesting that package again uses them.
`repair` rewrites a missing or changed receipt file from the store and removes temporary
files and receipts for packages not held (the next ingest removes stale work folders); a
missing package file or object comes back only by ingesting that package again.

The search index is compared with the consolidated view too (search_check.py): a record
it does not answer for is exit 85 (`repair` queues it again and indexes it). The register
of disclosures is listed where a registered disclosure's file was not written, or where
its outcome is unknown (the writing stopped after the register line: look for the file).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import SillokError
from app.files import atomic_write
from app.i18n import N_, Marked
from app.oserrors import mapped
from app.sync.repository import disclosure_register
from app.sync.repository.keeping import receipt_files
from app.sync.repository.search_check import IndexReport, check_index
from app.sync.repository.store import Repository

MISSING = N_("missing")
CHANGED = N_("not the file the store recorded")
RECEIPT_RESTORED = N_("receipt file restored from the store")


class RepositoryCheckFailed(SillokError):
    exit_code = 57
    template = N_(
        "The repository check found {count} problem(s): the store names files that are "
        "missing or changed. Nothing was changed. Ingest each package named above again "
        "from its original copy (the field office keeps it until Geneva's receipt arrives)."
    )


class SearchIndexDrift(SillokError):
    exit_code = 85
    template = N_(
        "The repository check found {count} record(s) for which the search index does not "
        "answer as the consolidated view says (listed above): searches may miss them. "
        "Nothing was changed. Run `sillok repository check --repair` as an analyst, legal "
        "officer, custodian or the owner: they are queued again and indexed."
    )


@dataclass(frozen=True)
class Finding:
    path: str
    detail: Marked


@dataclass
class RepositoryReport:
    packages: int = 0
    objects: int = 0
    problems: list[Finding] = field(default_factory=list)
    repaired: list[Finding] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    index: IndexReport = field(default_factory=IndexReport)
    disclosures: list[dict[str, Any]] | None = field(default_factory=list)
    """Registered disclosures whose file was not written or whose outcome is unknown (the
    writing stopped after the register line); None: the role may not read the register."""

    def raise_if_failed(self) -> None:
        if self.problems:
            raise RepositoryCheckFailed(count=len(self.problems))
        if self.index.drift:
            raise SearchIndexDrift(count=len(self.index.drift))


def _sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as reading:
            return hashlib.file_digest(reading, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def check(repository: Repository, *, repair: bool = False, keys: bool = False) -> RepositoryReport:
    report = RepositoryReport()
    folder = repository.folder
    with repository.reading() as connection:
        packages = connection.execute(
            "SELECT device_id, sequence, sha256, stored_as, receipt FROM packages"
        ).fetchall()
        objects = connection.execute(
            "SELECT DISTINCT file_sha256, stored_as FROM attachment_files"
        ).fetchall()
    named: set[Path] = set()
    with mapped(folder):
        for device_id, sequence, sha256, stored_as, receipt in packages:
            report.packages += 1
            path = folder / stored_as
            named.add(path)
            found = _sha256(path)
            if found != sha256:
                report.problems.append(Finding(stored_as, MISSING if found is None else CHANGED))
            receipt_path = folder / "receipts" / device_id / f"{sequence:06d}.receipt"
            for receipt_file, data in receipt_files(receipt_path, bytes(receipt)).items():
                named.add(receipt_file)
                if receipt_file.is_file() and receipt_file.read_bytes() == data:
                    continue
                finding = Finding(str(receipt_file.relative_to(folder)), RECEIPT_RESTORED)
                if repair:
                    receipt_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    atomic_write(receipt_file, data)
                    report.repaired.append(finding)
                else:
                    report.problems.append(
                        Finding(finding.path, MISSING if not receipt_file.is_file() else CHANGED)
                    )
        for file_sha256, stored_as in objects:
            report.objects += 1
            path = folder / stored_as
            named.add(path)
            found = _sha256(path)
            if found != file_sha256:
                report.problems.append(Finding(stored_as, MISSING if found is None else CHANGED))
        report.leftovers = _leftovers(folder, named, repair)
    report.index = check_index(repository, repair=repair, keys=keys)
    report.disclosures = _disclosures_in_question(repository)
    return report


def _disclosures_in_question(repository: Repository) -> list[dict[str, Any]] | None:
    if not repository.may_read("disclosures"):
        return None
    return [
        row
        for row in reversed(disclosure_register.register(repository))
        if row["outcome"] in ("not_written", "unknown")
    ]


def _leftovers(folder: Path, named: set[Path], repair: bool) -> list[str]:
    found = []
    for sub in ("packages", "objects", "receipts"):
        for path in sorted((folder / sub).rglob("*")):
            if path.is_file() and path not in named:
                found.append(str(path.relative_to(folder)))
                if repair and (path.name.endswith(".tmp") or sub == "receipts"):
                    path.unlink()
    work = folder / "work"
    found.extend(str(path.relative_to(folder)) for path in sorted(work.glob("*")))
    return found
