"""Disclosure to an accountability mechanism: what one named recipient may receive, in a
package only that recipient can open, signed by Geneva.

Chosen by interview code, legal element or incident (all interviews when nothing is
chosen). An interview goes only if its latest consent allows sharing with accountability
mechanisms and it was recorded by an enrolled device (imported records of other
organisations carry their own consent basis, for the legal officer to decide one by one);
everything left out is counted by reason, never named. Sealed identities never leave:
they are sealed to the custodians' key and this command never opens them.

Redaction by category (`REDACTIONS`) takes out whole answers (the safety screen, what is
said of relatives) or fields of the persons spoken of (names, units and ranks), or the
staff's names (interviewer, interpreter, who recorded the consent, who was present), or
the whole transcript; each item taken out is listed in `redaction-log.json` with the SHA-256
of the record as held, so that the unredacted record can be produced and checked later.

The package is the laptops' package format (docs/package-format.md): an age file to the
recipient's X25519 key holding a tar of the files, `SHA256SUMS`, `manifest.json` and
Geneva's minisign signature of it, so `age`, `tar`, `minisign` and `sha256sum` alone open
and check it. Beside the records (`records/CODE.jsonl`) and the statements
(`statements/CODE.pdf`, printed from the disclosed records): a Concordance load file
(`loadfile/sillok.dat`) and an Opticon image load file (`loadfile/sillok.opt`) for
e-discovery tools. Every disclosure is written in the repository's register.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from app.domain import Consent, ConsentScope, Person
from app.domain.answers import PersonValue
from app.errors import SillokError
from app.formats import age, minisign
from app.formats.errors import KeyInvalid
from app.i18n import N_, _
from app.reports.data import InterviewData
from app.reports.statement import statement_pdf
from app.store.connection import Connection
from app.sync.enrolment import iso, now_utc
from app.sync.package import ManifestHeader, PackageEntry, write_package
from app.sync.repository import consolidated, permissions, witness_decisions
from app.sync.repository.access_log import ALL_ROWS
from app.sync.repository.analysis_errors import (
    ConsentChangedDuringDisclosure,
    DisclosureNumbersBusy,
)
from app.sync.repository.interview_data import interview_data
from app.sync.repository.store import Repository

FORMAT = "sillok-disclosure"
GENEVA = "geneva"
"""The `device_id` of every disclosure's manifest: Geneva made it."""

REDACTIONS = {
    "safety": "answers of the safety screen (family in the DPRK, contacts, threats)",
    "relatives": "answers about relatives (disappeared relatives, family in a camp)",
    "person_names": "names and aliases of the persons spoken of",
    "units": "units and ranks of the persons spoken of",
    "transcript": "the whole transcript",
    "staff_names": "names of the staff: interviewer, interpreter, who recorded the consent, "
    "who was present at each session",
}
"""Categories a disclosure may withhold, with what each takes out (docs/disclosure.md)."""

WITHHELD_REASONS = {
    "consent_refuses_sharing": N_(
        "the consent does not allow sharing with accountability mechanisms"
    ),
    "consent_withdrawn": N_("the consent to sharing was withdrawn"),
    "no_consent": N_("no consent on record"),
    "imported_consent_to_be_decided": N_(
        "imported from another organisation: the legal officer decides on its consent basis"
    ),
    "not_held": N_("not held"),
}
"""Why an interview chosen was left out (`Disclosed.withheld` counts them by these keys)."""

_ANSWERS = {
    # 2.0: the safety screen; 1.x: its questions on family in the DPRK and reprisals
    "safety": re.compile(r"safety\.|background\.family_"),
    # 2.0 and 1.x: the disappeared relatives module, family sent to a camp, and (1.x) the
    # question whether a relative disappeared
    "relatives": re.compile(
        r"disappeared\.|kwanliso\.family|detention\.kwanliso\.family_"
        r"|trajectory\.relative_disappeared"
    ),
}
"""Which answers each category takes out, by question id from its start, for every
questionnaire version shipped (tests/unit/sync/test_redaction.py lists them)."""
WITHHELD_MARK = "[withheld: {category}]"

REGISTER = """
CREATE TABLE IF NOT EXISTS disclosures (
    number         INTEGER PRIMARY KEY,
    made_at        TEXT NOT NULL,
    made_by        TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    recipient_key  TEXT NOT NULL,
    selection      TEXT NOT NULL,
    redactions     TEXT NOT NULL,
    interviews     TEXT NOT NULL,
    withheld       TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    file_sha256    TEXT NOT NULL
) STRICT
"""

OUTCOMES = """
CREATE TABLE IF NOT EXISTS disclosure_outcomes (
    number  INTEGER PRIMARY KEY REFERENCES disclosures(number),
    at      TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason  TEXT NOT NULL
) STRICT
"""
"""What became of each registered disclosure's file, written once (append-only): `written`
when it took its name, `not_written` (with the reason) when it could not after the register
line was written; a line with no outcome is a writing that stopped in between (`unknown`).
Disclosures registered before schema version 6 have `not_recorded`."""

OUTCOMES_BEFORE = (
    "INSERT OR IGNORE INTO disclosure_outcomes(number, at, outcome, reason) "
    "SELECT number, made_at, 'not_recorded', '' FROM disclosures"
)
"""The outcome of the disclosures registered before outcomes were kept (schema 6 → 7)."""

OUTCOME_LABELS = {
    "written": N_("written"),
    "not_written": N_("not written"),
    "unknown": N_("unknown: the writing stopped after the register line"),
    "not_recorded": N_("not recorded (made before outcomes were kept)"),
}
"""How the register says each outcome (`register()` rows' `outcome`)."""


def outcome_text(outcome: str) -> str:
    """The outcome of a register row, in the user's language."""
    label = OUTCOME_LABELS.get(outcome)
    return _(label) if label is not None else outcome


def _made(repository: Repository, connection: Connection) -> None:
    """The register, made on first use in a file store (a server's is made with its
    schema: its roles may not create tables)."""
    if repository.store.kind == "sqlcipher":
        connection.execute(REGISTER)
        connection.execute(OUTCOMES)


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


def latest_consent(consents: list[Consent]) -> Consent:
    """The consent in force among an interview's consents: the one given last. The one
    rule for disclosure and for what the desk shows of an interview's consent."""
    return max(consents, key=lambda c: c.given_at)


def refusal(
    repository: Repository, interview_id: str, withdrew: set[str] | None = None
) -> str | None:
    """Why an interview may not go to an accountability mechanism, or None.

    Its own consent in force must allow sharing, and no interview of the same witness may
    have withdrawn it: a withdrawal is the witness's, not one interview's
    (docs/disclosure.md). `withdrew`: `witnesses_who_withdrew`, read once for many
    interviews (read here when not given)."""
    with repository.reading() as connection:
        interview = consolidated.one(connection, "interview", interview_id)
        consents = [
            Consent.model_validate_json(json.dumps(r.body))
            for r in consolidated.of_interview(connection, interview_id)
            if r.kind == "consent"
        ]
        if interview is None:
            return "not_held"
        if withdrew is None:
            withdrew = witnesses_who_withdrew(connection)
    if interview.imported:
        return "imported_consent_to_be_decided"
    if not consents:
        return "no_consent"
    latest = latest_consent(consents)
    if not latest.allows(ConsentScope.SHARE_ACCOUNTABILITY):
        granted = ConsentScope.SHARE_ACCOUNTABILITY in latest.granted
        return "consent_withdrawn" if granted else "consent_refuses_sharing"
    if str(interview.body.get("interviewee_id")) in withdrew:
        return "consent_withdrawn"
    return None


def one_witness(
    connection: Connection, interviewee_id: str, joined: dict[str, set[str]] | None = None
) -> set[str]:
    """The interviewees that are one witness with `interviewee_id` by analysts' decisions:
    itself and every interviewee joined to it by pairs whose decision in force is "the same
    person" (witness_decisions.py), through any chain of them. A witness link alone, never
    confirmed, joins nothing here."""
    joined = _confirmed_pairs(connection) if joined is None else joined
    found = {interviewee_id}
    todo = [interviewee_id]
    while todo:
        for other in joined.get(todo.pop(), set()) - found:
            found.add(other)
            todo.append(other)
    return found


def _confirmed_pairs(connection: Connection) -> dict[str, set[str]]:
    """Interviewee → those decided "the same person" with it (the decision in force)."""
    joined: dict[str, set[str]] = {}
    for (first, second), decision in witness_decisions.latest(connection).items():
        if decision.same:
            joined.setdefault(first, set()).add(second)
            joined.setdefault(second, set()).add(first)
    return joined


def withdrew_sharing(consents: list[Consent]) -> bool:
    """Whether the witness took back sharing with accountability mechanisms in one
    interview: its consent in force does not allow it now, though one of its consents
    granted it (withdrawn, or a later consent that no longer grants it)."""
    scope = ConsentScope.SHARE_ACCOUNTABILITY
    return not latest_consent(consents).allows(scope) and any(
        scope in consent.granted for consent in consents
    )


_CONSENTS = (
    "SELECT r.body FROM current_records c JOIN records r ON r.kind = c.kind "
    "AND r.record_id = c.record_id AND r.version = c.version "
    "WHERE c.kind = 'consent' AND c.deleted = 0 AND r.deleted = 0 ORDER BY c.record_id"
)


def consents_by_interview(connection: Connection) -> dict[str, list[Consent]]:
    """Interview id → the current versions of its consents, by id: every consent body
    read and parsed once, for `witnesses_who_withdrew` and the desk's consent column."""
    found: dict[str, list[Consent]] = {}
    for (body,) in connection.execute(_CONSENTS):
        consent = Consent.model_validate_json(body)
        found.setdefault(str(consent.interview_id), []).append(consent)
    return found


def _withdrawals(by_interview: dict[str, list[Consent]]) -> dict[str, set[str]]:
    """Of the consents `by_interview`: the interviews whose consent in force withdrew
    sharing, each with the interviewees its consents name."""
    return {
        interview_id: {str(consent.interviewee_id) for consent in consents}
        for interview_id, consents in by_interview.items()
        if withdrew_sharing(consents)
    }


def witnesses_who_withdrew(
    connection: Connection, consents: dict[str, list[Consent]] | None = None
) -> set[str]:
    """Every interviewee whose witness withdrew sharing in any of their interviews (the
    interviewees named by an interview whose consent in force withdrew it, and every
    interviewee `one_witness` with them): read once for a whole disclosure, and for the
    desk's consent column. `consents`: `consents_by_interview`, if read already."""
    withdrawn = _withdrawals(consents_by_interview(connection) if consents is None else consents)
    interviewees = {i for named in withdrawn.values() for i in named}
    for interview_id in withdrawn:
        interview = consolidated.one(connection, "interview", interview_id)
        if interview is not None:
            interviewees.add(str(interview.body.get("interviewee_id")))
    joined = _confirmed_pairs(connection)
    found: set[str] = set()
    for interviewee in sorted(interviewees):
        if interviewee not in found:
            found |= one_witness(connection, interviewee, joined)
    return found


def digest_key(signer: minisign.SigningKey, repository_id: str) -> bytes:
    """The key of the redaction log's digests: derived from Geneva's signing key, so only
    Geneva can compute them; a recipient cannot try names against them."""
    label = f"sillok redaction log v1 {repository_id}".encode()
    return hmac.new(signer.seed(), label, hashlib.sha256).digest()


def record_digest(repository: Repository, record: Any) -> str:
    """The digest a redaction log gives `record` as held: to check later that the record
    produced unredacted is the one that was taken out."""
    return _digest(digest_key(repository.signing_key, repository.repository_id), record)


def _digest(key: bytes | None, record: Any) -> str:
    if key is None:
        return ""
    return hmac.new(key, record.content_json().encode(), hashlib.sha256).hexdigest()


def redact(
    data: InterviewData, categories: Iterable[str], key: bytes | None = None
) -> list[dict[str, str]]:
    """Take the categories out of `data` (in place); the log of what was taken out, each
    item with the keyed digest of the record as held (`digest_key`; empty without one)."""
    chosen_categories = set(categories)
    unknown = chosen_categories - REDACTIONS.keys()
    if unknown:
        raise ValueError(f"unknown redaction categories: {sorted(unknown)}")
    log: list[dict[str, str]] = []
    code = data.interview.code
    kept = []
    named_only_by: dict[UUID, str] = {}
    for answer in data.answers:
        hit = next(
            (
                c
                for c, rule in _ANSWERS.items()
                if c in chosen_categories and rule.match(answer.question_id)
            ),
            None,
        )
        if hit is None:
            kept.append(answer)
            continue
        log.append(
            {"interview": code, "category": hit, "kind": "answer", "id": str(answer.id),
             "field": answer.question_id, "hmac_sha256": _digest(key, answer)}
        )  # fmt: skip
        if isinstance(answer.value, PersonValue):
            named_only_by[answer.value.person_id] = hit
    data.answers = kept
    named_only_by = {
        person_id: category
        for person_id, category in named_only_by.items()
        if person_id not in _named_elsewhere(data)
    }
    for person_id, category in named_only_by.items():
        person = data.persons.pop(person_id, None)
        if person is not None:
            log.append(
                {"interview": code, "category": category, "kind": "person",
                 "id": str(person_id), "field": "", "hmac_sha256": _digest(key, person)}
            )  # fmt: skip
    for person_id, person in list(data.persons.items()):
        changes: dict[str, Any] = {}
        fields: list[tuple[str, str]] = []
        if "person_names" in chosen_categories:
            for name in ("name", "alias"):
                if getattr(person, name):
                    changes[name] = WITHHELD_MARK.format(category="person_names")
                    fields.append(("person_names", name))
        if "units" in chosen_categories:
            descriptor = person.descriptor
            withheld = {
                name: WITHHELD_MARK.format(category="units")
                for name in ("unit", "rank")
                if getattr(descriptor, name)
            }
            if withheld:
                changes["descriptor"] = descriptor.model_copy(update=withheld)
                fields += [("units", f"descriptor.{name}") for name in withheld]
        if changes:
            for category, name in fields:
                log.append(
                    {"interview": code, "category": category, "kind": "person",
                     "id": str(person_id), "field": name, "hmac_sha256": _digest(key, person)}
                )  # fmt: skip
            data.persons[person_id] = Person.model_validate({**person.model_dump(), **changes})
    if "staff_names" in chosen_categories:
        log += _staff_names_withheld(data, key)
    if "transcript" in chosen_categories and data.segments:
        for segment in data.segments:
            log.append(
                {"interview": code, "category": "transcript", "kind": "transcript_segment",
                 "id": str(segment.id), "field": "text", "hmac_sha256": _digest(key, segment)}
            )  # fmt: skip
        data.segments = []
    return log


def _staff_names_withheld(data: InterviewData, key: bytes | None) -> list[dict[str, str]]:
    """Take the staff's names out of `data` (in place): the interview's interviewer and
    interpreter, the consents' `recorded_by`, the sessions' `present`; the log of them."""
    mark = WITHHELD_MARK.format(category="staff_names")
    code = data.interview.code
    log: list[dict[str, str]] = []

    def withheld(record: Any, changes: dict[str, Any]) -> Any:
        for name in changes:
            log.append(
                {"interview": code, "category": "staff_names", "kind": record.kind,
                 "id": str(record.id), "field": name, "hmac_sha256": _digest(key, record)}
            )  # fmt: skip
        return type(record).model_validate({**record.model_dump(), **changes})

    interview = data.interview
    staff = {name: mark for name in ("interviewer", "interpreter") if getattr(interview, name)}
    data.interview = withheld(interview, staff)
    data.consents = [withheld(c, {"recorded_by": mark}) for c in data.consents]
    data.sessions = [
        withheld(s, {"present": [mark] * len(s.present)}) if s.present else s for s in data.sessions
    ]
    return log


def _named_elsewhere(data: InterviewData) -> set[UUID]:
    """The persons that the answers kept, the incidents or the tags name."""
    named = {a.value.person_id for a in data.answers if isinstance(a.value, PersonValue)}
    named |= {person_id for incident in data.incidents for person_id in incident.person_ids}
    named |= {tag.person_id for tag in data.tags if tag.person_id is not None}
    return named


def _records_jsonl(data: InterviewData) -> bytes:
    lines = [
        json.dumps(
            {"kind": record.kind, "body": json.loads(record.content_json())}, ensure_ascii=False
        )
        for record in [*data.hashed_records(), *data.tags]
    ]
    return ("\n".join(lines) + "\n").encode()


def _pages(pdf: bytes) -> int:
    return max(1, len(re.findall(rb"/Type\s*/Page[^s]", pdf)))


def _load_files(documents: list[tuple[str, str, int]]) -> tuple[bytes, bytes]:
    """Concordance DAT (þ quotes, ¶ (0x14) separates; UTF-8 with BOM) and Opticon OPT
    (one line per document's first page, the page count at its break)."""
    quote, separator = "\u00fe", "\u0014"

    def row(values: Iterable[str]) -> str:
        return separator.join(f"{quote}{value}{quote}" for value in values)

    header = ["BEGDOC", "ENDDOC", "INTERVIEW_CODE", "NATIVE_FILE", "PAGES"]
    dat = [row(header)]
    opt = []
    for doc_id, code, pages in documents:
        native = f"statements/{code}.pdf"
        dat.append(row([doc_id, doc_id, code, native, str(pages)]))
        opt.append(f"{doc_id},SILLOK,{native},Y,,,{pages}")
    return ("\ufeff" + "\r\n".join(dat) + "\r\n").encode(), ("\r\n".join(opt) + "\r\n").encode()


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


_READ = (
    "SELECT kind, record_id, version, interview_id, interviewee_id FROM current_records "
    "WHERE kind IN ('interview', 'consent') AND deleted = 0"
)


def consent_read(
    connection: Connection, interview_ids: Iterable[str], withdrew: set[str] | None = None
) -> dict[str, Any]:
    """What the consent check reads of each interview (`refusal`): its interviewee, the
    current versions of its consents, and whether its witness withdrew sharing in any
    interview (`witnesses_who_withdrew`, read here when not given). Read again in the
    register's transaction: a disclosure whose interviews' reading changed is not
    registered (review m3). The interviews' and consents' keys come from the consolidated
    view in one query, without their bodies."""
    wanted = set(interview_ids)
    interviewees: dict[str, str] = {}
    consents: dict[str, list[tuple[str, int]]] = {}
    for kind, record_id, version, interview_id, interviewee_id in connection.execute(_READ):
        if kind == "interview" and record_id in wanted:
            interviewees[str(record_id)] = str(interviewee_id)
        elif kind == "consent" and interview_id in wanted:
            consents.setdefault(str(interview_id), []).append((str(record_id), int(version)))
    if withdrew is None:
        withdrew = witnesses_who_withdrew(connection)
    return {
        interview_id: (
            interviewees.get(interview_id),
            sorted(consents.get(interview_id, [])),
            interviewees.get(interview_id) in withdrew,
        )
        for interview_id in sorted(wanted)
    }


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
        _made(repository, connection)
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
        contents.append((data.interview.code, _records_jsonl(data), pdf))
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
        files = _files(number, contents, log, categories)
        described["number"] = number
        files["disclosure.json"] = _json(described)
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


def _files(
    number: int,
    contents: list[tuple[str, bytes, bytes]],
    log: list[dict[str, str]],
    categories: list[str],
) -> dict[str, bytes]:
    """The records, statements, load files and redaction log of disclosure `number`."""
    files: dict[str, bytes] = {}
    documents: list[tuple[str, str, int]] = []
    for code, records, pdf in contents:
        files[f"records/{code}.jsonl"] = records
        files[f"statements/{code}.pdf"] = pdf
        documents.append((f"SILLOK-{number:04d}-{len(documents) + 1:06d}", code, _pages(pdf)))
    dat, opt = _load_files(documents)
    files["loadfile/sillok.dat"] = dat
    files["loadfile/sillok.opt"] = opt
    files["redaction-log.json"] = _json({"categories": categories, "items": log})
    return files


def register(
    repository: Repository, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The disclosures made (what, to whom, when, by whom, and whether its file was
    written: `outcome`, a key of OUTCOME_LABELS, and `outcome_reason`), newest first:
    `limit` of them (every one if None) after the `offset` newest, for a page at a time."""
    with repository.transaction() as connection:
        _made(repository, connection)
        rows = connection.execute(
            "SELECT d.number, d.made_at, d.made_by, d.recipient_name, d.recipient_key, "
            "d.selection, d.redactions, d.interviews, d.withheld, d.file_name, d.file_sha256, "
            "coalesce(o.outcome, 'unknown'), coalesce(o.reason, '') FROM disclosures d "
            "LEFT JOIN disclosure_outcomes o ON o.number = d.number "
            "ORDER BY d.number DESC LIMIT ? OFFSET ?",
            (ALL_ROWS if limit is None else limit, offset),
        ).fetchall()
    names = ("number", "made_at", "made_by", "recipient_name", "recipient_key", "selection",
             "redactions", "interviews", "withheld", "file_name", "file_sha256", "outcome",
             "outcome_reason")  # fmt: skip
    decoded = {"selection", "redactions", "interviews", "withheld"}
    return [
        {n: json.loads(v) if n in decoded else v for n, v in zip(names, row, strict=True)}
        for row in rows
    ]


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
