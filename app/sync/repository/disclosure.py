"""Disclosure to an accountability mechanism: what one named recipient may receive, in a
package only that recipient can open, signed by Geneva.

Chosen by interview code, legal element or incident (all interviews when nothing is
chosen). An interview goes only if its latest consent allows sharing with accountability
mechanisms and it was recorded by an enrolled device (imported records of other
organisations carry their own consent basis, for the legal officer to decide one by one:
disclosure_consent.py); everything left out is counted by reason, never named. Sealed
identities never leave: they are sealed to the custodians' key and this command never
opens them. Redaction by category takes answers, fields or the transcript out, each item
listed in `redaction-log.json` (redaction.py).

The package is the laptops' package format (docs/package-format.md): an age file to the
recipient's X25519 key holding a tar of the files (disclosure_files.py), `SHA256SUMS`,
`manifest.json` and Geneva's minisign signature of it, so `age`, `tar`, `minisign` and
`sha256sum` alone open and check it. Every disclosure is written in the repository's
register (disclosure_register.py) before its file takes its name.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import SillokError
from app.formats import age, minisign
from app.formats.errors import KeyInvalid
from app.i18n import N_
from app.reports.statement import statement_pdf
from app.store.connection import Connection
from app.sync.enrolment import iso, now_utc
from app.sync.package import ManifestHeader, PackageEntry, write_package
from app.sync.repository import consolidated, permissions
from app.sync.repository.analysis_errors import (
    ConsentChangedDuringDisclosure,
    DisclosureNumbersBusy,
)
from app.sync.repository.disclosure_consent import consent_read, refusal, witnesses_who_withdrew
from app.sync.repository.disclosure_files import json_file, package_files, records_jsonl
from app.sync.repository.disclosure_register import make_register
from app.sync.repository.interview_data import interview_data
from app.sync.repository.redaction import digest_key, redact
from app.sync.repository.store import Repository

FORMAT = "sillok-disclosure"
GENEVA = "geneva"
"""The `device_id` of every disclosure's manifest: Geneva made it."""


@dataclass(frozen=True)
class Selection:
    interview_codes: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    incidents: tuple[str, ...] = ()

    def as_json(self) -> dict[str, list[str]]:
        return {
            "interview_codes": list(self.interview_codes),
            "elements": list(self.elements),
            "incidents": list(self.incidents),
        }


@dataclass
class Disclosed:
    number: int
    path: Path
    sha256: str
    interviews: list[str]
    """The codes of the interviews disclosed."""
    withheld: dict[str, int]
    """Interviews chosen but left out, counted by reason."""
    redacted: int


def chosen(repository: Repository, selection: Selection) -> list[str]:
    """The ids of the interviews the selection names (every one held if it names none)."""
    with repository.reading() as connection:
        interviews = consolidated.current(connection, "interview")
        wanted = set(selection.interview_codes)
        ids = {i.id for i in interviews if not wanted or str(i.body.get("code")) in wanted}
        if selection.elements or selection.incidents:
            tagged = {
                str(t.body["interview_id"])
                for t in consolidated.current(connection, "element_tag")
                if t.body.get("element_id") in selection.elements
            }
            told = {
                str(r.body["interview_id"])
                for r in consolidated.current(connection, "incident")
                if r.id in selection.incidents
            }
            ids &= tagged | told
    return sorted(ids)


def recipient_from_file(path: Path) -> str:
    """The first recipient in an age recipients file (`#` comments and blank lines
    skipped; the output of age-keygen holds it as `# public key: age1…`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KeyInvalid(what=str(path), detail=N_("not an age recipients file")) from error
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("# public key: "):
            line = line.removeprefix("# public key: ")
        if line.startswith("age1"):
            return line
    raise KeyInvalid(what=str(path), detail=N_("no age recipient (age1…) in it"))


ATTEMPTS = 20
"""How many times a disclosure is made again when other disclosures take its number."""


CONSENT_ATTEMPTS = 3
"""How many times a disclosure is made again when the consent of its interviews changes
while it is made (`ConsentChangedDuringDisclosure` after that)."""


class _NumberTaken(Exception):
    """Another disclosure registered this number while the file was being written."""


class _ConsentChanged(Exception):
    """The consent of an interview disclosed changed between the check and the register."""


def disclose(
    repository: Repository,
    *,
    recipient: str,
    recipient_name: str,
    out: Path,
    made_by: str,
    selection: Selection = Selection(),
    redactions: Iterable[str] = (),
    language: str = "both",
) -> Disclosed:
    """Write the disclosure to `out` (never overwritten) and record it in the register.

    The register line is written before the finished file takes its name, so no file
    exists that the register does not list. Its number (inside the file: manifest,
    disclosure.json, document numbers) is the next free one when the file is written;
    if another disclosure registered that number meanwhile, the file is made again with
    the next one. The name is taken (an empty file) before the register line, so no other
    program can take it meanwhile; the line's outcome is then recorded: written, or not
    written with the reason when anything failed after the line (the error is raised).
    The register's transaction reads the disclosed interviews' consent again: when it
    changed since the check, nothing is registered and the disclosure is made again from
    the check (`ConsentChangedDuringDisclosure` after CONSENT_ATTEMPTS)."""
    key = age.AgeRecipient.parse(recipient.strip())
    categories = sorted(set(redactions))
    # A role that may not disclose is refused before any work, in those words.
    permissions.require(repository, permissions.DISCLOSING)
    signer = repository.signing_key
    digests = digest_key(signer, repository.repository_id)
    repository.read_testimony("disclose", recipient_name)
    with repository.transaction() as connection:
        make_register(repository, connection)
    for _consent_attempt in range(CONSENT_ATTEMPTS):
        made = _made_once(
            repository, key, recipient_name, out, made_by, selection, categories, digests,
            signer, language,
        )  # fmt: skip
        if made is not None:
            return made
    raise ConsentChangedDuringDisclosure(attempts=CONSENT_ATTEMPTS)


def _made_once(
    repository: Repository,
    key: age.AgeRecipient,
    recipient_name: str,
    out: Path,
    made_by: str,
    selection: Selection,
    categories: list[str],
    digests: bytes,
    signer: minisign.SigningKey,
    language: str,
) -> Disclosed | None:
    """One making of the disclosure from its consent check; None when the consent of the
    interviews it discloses changed before its register line (nothing written or
    registered: `disclose` makes it again)."""
    withheld: Counter[str] = Counter()
    contents: list[tuple[str, bytes, bytes]] = []
    log: list[dict[str, str]] = []
    incidents: set[str] = set()
    ids = chosen(repository, selection)
    with repository.reading() as connection:
        withdrew = witnesses_who_withdrew(connection)
        checked = consent_read(connection, ids, withdrew)
    disclosed: list[str] = []
    for interview_id in ids:
        reason = refusal(repository, interview_id, withdrew)
        if reason is not None:
            withheld[reason] += 1
            continue
        disclosed.append(interview_id)
        with repository.reading() as connection:
            data = interview_data(connection, interview_id)
        incidents |= {str(incident.id) for incident in data.incidents}
        log += redact(data, categories, digests)
        pdf = statement_pdf(data, language=language)  # in memory: never a plaintext file
        contents.append((data.interview.code, records_jsonl(data), pdf))
    expected = {interview_id: checked[interview_id] for interview_id in disclosed}

    def unchanged(connection: Connection) -> None:
        if consent_read(connection, disclosed) != expected:
            raise _ConsentChanged

    codes = [code for code, _records, _pdf in contents]
    described: dict[str, Any] = {
        "format": FORMAT,
        "format_version": 1,
        "number": None,  # the register's, below
        "repository_id": repository.repository_id,
        "recipient": {"name": recipient_name, "age_recipient": str(key)},
        "made_by": made_by,
        "selection": _disclosed_part(selection, codes, incidents),
        "redactions": categories,
        "interviews": codes,
        "withheld": dict(sorted(withheld.items())),
        "sealed_identities": "never disclosed: sealed to the custodians' key",
    }
    for _attempt in range(ATTEMPTS):
        number = _next_number(repository)
        made_at = iso(now_utc())
        line = (
            number, made_at, made_by, recipient_name, str(key),
            json.dumps(selection.as_json(), ensure_ascii=False), json.dumps(categories),
            json.dumps(codes, ensure_ascii=False), json.dumps(dict(withheld)), out.name,
        )  # fmt: skip
        files = package_files(number, contents, log, categories)
        described["number"] = number
        files["disclosure.json"] = json_file(described)
        registered: list[bool] = []
        try:
            written = write_package(
                out,
                entries=[
                    PackageEntry(name, len(data), lambda data=data: io.BytesIO(data))  # type: ignore[misc]
                    for name, data in sorted(files.items())
                ],
                header=ManifestHeader(
                    GENEVA,
                    number,
                    None,
                    made_at,
                    extra={"kind": FORMAT, "recipient": recipient_name},
                ),
                signer=signer,
                recipient=key,
                before_publish=lambda sha256, line=line, registered=registered: _register(  # type: ignore[misc]
                    repository, (*line, sha256), registered, unchanged
                ),
                reserve=True,
            )
        except _NumberTaken:
            continue
        except _ConsentChanged:
            return None
        except BaseException as error:
            if registered:
                _outcome(repository, number, "not_written", _reason(error))
            raise
        _outcome(repository, number, "written", "")
        return Disclosed(number, written.path, written.sha256, codes, dict(withheld), len(log))
    raise DisclosureNumbersBusy(attempts=ATTEMPTS)


def _reason(error: BaseException) -> str:
    """Why a registered disclosure's file was not written, for the register."""
    said = error.message() if isinstance(error, SillokError) else str(error)
    return f"{type(error).__name__}: {said}"[:500]


def _outcome(repository: Repository, number: int, outcome: str, reason: str) -> None:
    """Record once what became of disclosure `number`'s file. A failure to record it is
    not raised over the writing's own outcome: the line then reads `unknown`, which
    `repository check` names."""
    try:
        with repository.transaction() as connection:
            connection.execute(
                "INSERT INTO disclosure_outcomes(number, at, outcome, reason) VALUES (?, ?, ?, ?)",
                (number, iso(now_utc()), outcome, reason),
            )
    except Exception:  # noqa: BLE001, S110 - the disclosure's own outcome is what is said
        pass


def _disclosed_part(
    selection: Selection, codes: list[str], incidents: set[str]
) -> dict[str, list[str]]:
    """The selection as the package says it: the interview codes and incidents chosen
    that are disclosed, never those withheld (chosen minus disclosed would name them);
    the register keeps the whole selection."""
    return Selection(
        tuple(code for code in selection.interview_codes if code in codes),
        selection.elements,
        tuple(incident for incident in selection.incidents if incident in incidents),
    ).as_json()


def _next_number(repository: Repository) -> int:
    with repository.reading() as connection:
        return int(
            connection.execute("SELECT coalesce(max(number), 0) + 1 FROM disclosures").fetchone()[0]
        )


def _register(
    repository: Repository,
    line: tuple[object, ...],
    registered: list[bool] | None = None,
    unchanged: Callable[[Connection], None] | None = None,
) -> None:
    """Write the register line, unless its number was taken meanwhile (`_NumberTaken`) or
    `unchanged`, run first in the same transaction, finds that the consent checked at the
    start changed (`_ConsentChanged`); `registered` is told once it is."""
    with repository.transaction() as connection:
        if unchanged is not None:
            unchanged(connection)
        taken = connection.execute(
            "INSERT INTO disclosures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (number) DO NOTHING",
            line,
        ).rowcount
    if taken != 1:
        raise _NumberTaken
    if registered is not None:
        registered.append(True)
