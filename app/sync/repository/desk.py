"""What the analysts' desk asks of an open repository, in one place (the desk's façade).

Each function is one action of the desk, called on the desk's storage worker with the
open `Repository`: it records the read in the server's access log first (as `sillok
repository …` does; nothing on the file store), then reads through the same core the
command line uses (registers.py, matrix.py, witness_decisions.py,
corroboration_decisions.py, assessments.py, imports.py, reinterview_requests.py,
access_log.py) and returns plain values (dicts, lists) that a window can show without
touching the store again.

Two things only the desk needs live here: the rows of the interview list (with the
consent and the dates a reader scans for) and the drill-down behind one cell of the
evidence matrix (the answer or transcript passage each statement rests on).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.consent import Consent, ConsentScope
from app.errors import NotFound
from app.i18n import N_
from app.store.connection import Connection
from app.sync.repository import (
    access_log,
    assessments,
    consolidated,
    corroboration_decisions,
    disclosure,
    disclosure_consent,
    disclosure_register,
    imports,
    matrix,
    redaction,
    registers,
    witness_decisions,
)
from app.sync.repository.interview_data import interview_data
from app.sync.repository.reinterview_requests import write_requests
from app.sync.repository.store import Repository

Report = Callable[[int, int | None, str], None]
"""`report(done, total, label)`: progress, and the point where a cancelled task stops."""


def _quiet(_done: int, _total: int | None, _label: str) -> None:
    return None


def consent_summary(consents: list[Consent], *, witness_withdrew: bool = False) -> dict[str, Any]:
    """What the list shows of the consent in force among an interview's consents (the
    one disclosure applies, disclosure_consent.latest_consent): whether there is one, whether it
    allows sharing with accountability mechanisms and re-contact now, and whether any of
    it was withdrawn. `witness_withdrew`: the witness withdrew sharing in another of their
    interviews (disclosure_consent.witnesses_who_withdrew), so this one is not shared either."""
    if not consents:
        return {"held": False, "sharing": False, "recontact": False, "withdrawn": False,
                "witness_withdrew": False}  # fmt: skip
    consent = disclosure_consent.latest_consent(consents)
    own = consent.allows(ConsentScope.SHARE_ACCOUNTABILITY)
    return {
        "held": True,
        "sharing": own and not witness_withdrew,
        "recontact": consent.allows(ConsentScope.RECONTACT),
        "withdrawn": bool(consent.withdrawals),
        "witness_withdrew": own and witness_withdrew,  # said only where it is the reason
    }


def interview_rows(repository: Repository, report: Report = _quiet) -> list[dict[str, Any]]:
    """Every interview held, across devices and imports, with its consent and dates (the
    consents' bodies read once, for the column and for the witnesses who withdrew)."""
    repository.read_testimony("interviews")
    report(0, None, "")
    with repository.reading() as connection:
        rows = registers.interviews(connection, dates=True)
        consents = disclosure_consent.consents_by_interview(connection)
        withdrew = disclosure_consent.witnesses_who_withdrew(connection, consents)
    for row in rows:
        row["consent"] = consent_summary(
            consents.get(row["id"], []),
            witness_withdrew=str(row.pop("interviewee_id")) in withdrew,
        )
    return rows


def interview(repository: Repository, wanted: str) -> dict[str, Any]:
    """One interview by id or code, every record with its versions and packages
    (NotFound, 12)."""
    repository.read_testimony("interviews", wanted)
    with repository.reading() as connection:
        return registers.show(connection, wanted)


def evidence_matrix(repository: Repository) -> list[dict[str, Any]]:
    repository.read_testimony("matrix")
    with repository.reading() as connection:
        return matrix.matrix(connection)


def _passage(connection: Connection, tag: dict[str, Any]) -> dict[str, Any]:
    """The answer or the transcript passage a tag points at."""
    if tag.get("answer_id"):
        held = consolidated.one(connection, "answer", str(tag["answer_id"]))
        if held is None:
            return {"kind": "answer", "id": str(tag["answer_id"]), "text": None}
        value = held.body.get("value") or {}
        text = value.get("text") if isinstance(value, dict) else None
        return {
            "kind": "answer",
            "id": held.id,
            "question": held.body.get("question_id"),
            "text": text if text is not None else json.dumps(value, ensure_ascii=False),
        }
    segment = consolidated.one(connection, "transcript_segment", str(tag.get("segment_id")))
    if segment is None:
        return {"kind": "transcript_segment", "id": str(tag.get("segment_id")), "text": None}
    text = str(segment.body.get("text", ""))
    start, end = tag.get("start"), tag.get("end")
    if isinstance(start, int) and isinstance(end, int):
        text = text[start:end]
    return {"kind": "transcript_segment", "id": segment.id, "text": text}


def cell(
    repository: Repository, element: str, axis: str | None = None, key: str | None = None
) -> list[dict[str, Any]]:
    """The statements behind one cell of the matrix (`axis` one of matrix.AXES and `key`
    the cell's id, or neither for the element's whole row), each with the passage it
    rests on."""
    if axis is not None and axis not in matrix.AXES:
        raise NotFound(kind=N_("matrix column"), id=axis)
    repository.read_testimony("matrix", element)
    with repository.reading() as connection:
        found = []
        for statement in matrix.statements(connection):
            if statement.element != element:
                continue
            if axis is not None and key not in [k for k, _label in _keys(statement, axis)]:
                continue
            tag = consolidated.one(connection, "element_tag", statement.tag_id)
            found.append(
                {
                    "tag": statement.tag_id,
                    "element": statement.element,
                    "interview_id": statement.interview_id,
                    "interview": statement.interview_code,
                    "witness": statement.witness,
                    "device_id": statement.device_id,
                    "imported": statement.imported,
                    "source": statement.source,
                    "incident": statement.incident[1] if statement.incident else None,
                    "passage": _passage(connection, tag.body if tag else {}),
                }
            )
    return sorted(found, key=lambda s: (s["interview"], s["tag"]))


def _keys(statement: matrix.Statement, axis: str) -> list[tuple[str, str]]:
    return matrix._keys(statement, axis)


def gaps(repository: Repository) -> dict[str, Any]:
    repository.read_testimony("gaps")
    with repository.reading() as connection:
        found, asked = matrix.gaps_and_reinterview(connection)
        return {"gaps": found, "reinterview": asked}


def devices_asked(repository: Repository) -> list[str]:
    """The devices whose interviews hold a re-interview candidate (for the export)."""
    with repository.reading() as connection:
        wanted = {i for row in matrix.reinterview(connection) for i in row["interviews"]}
        return sorted(
            {
                r.device_id
                for r in consolidated.current(connection, "interview")
                if r.id in wanted and not r.imported
            }
        )


def export_requests(
    repository: Repository, device_id: str, out: Path, analyst: str, note: str = ""
) -> dict[str, Any]:
    """Write the signed list for Seoul, as `sillok repository reinterview-requests`."""
    repository.read_testimony("reinterview-requests", device_id)
    made = write_requests(repository, device_id, out, analyst, note)
    return {
        "path": str(out),
        "witnesses": len(made.witnesses),
        "withheld_no_recontact": made.withheld_no_recontact,
    }


def corroboration(repository: Repository) -> dict[str, Any]:
    repository.read_testimony("corroboration")
    with repository.reading() as connection:
        found = registers.corroborations(connection)
        found["decisions"] = [d.__dict__ for d in witness_decisions.latest(connection).values()]
    return found


def decide_corroboration(
    repository: Repository, key: str, verdict: str, reasons: str, analyst: str
) -> dict[str, Any]:
    """Confirm or reject a candidate corroboration or a contradiction, as the CLI's
    `corroboration decide` does."""
    repository.read_testimony("corroboration", key)
    made = corroboration_decisions.decide(repository, key, verdict, reasons, analyst)
    return made.as_json()


def decide_same_witness(
    repository: Repository, one: str, other: str, *, same: bool, reasons: str, analyst: str
) -> dict[str, Any]:
    """Confirm (same person) or reject a link between two interviewees, as the CLI's
    `same-witness` does."""
    made = witness_decisions.decide(
        repository, one, other, same=same, reasons=reasons, analyst=analyst
    )
    return dict(made.__dict__)


def assess(
    repository: Repository, target: str, aspect: str, rating: str, reasons: str, analyst: str
) -> dict[str, Any]:
    return dict(assessments.assess(repository, target, aspect, rating, reasons, analyst).__dict__)


def register(repository: Repository, name: str) -> list[dict[str, Any]]:
    repository.read_testimony("register", name)
    with repository.reading() as connection:
        return registers.register(connection, name)


def disclosures(
    repository: Repository, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The register of disclosures (what, to whom, when, by whom), a page of it, newest
    first."""
    return disclosure_register.register(repository, limit, offset)


def access_entries(
    repository: Repository, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The access log (a PostgreSQL repository, the legal officer's role only), a page of
    it, newest first."""
    return [dict(e.__dict__) for e in access_log.entries(repository, limit, offset)]


def import_records(
    repository: Repository, path: Path, organisation: str, analyst: str, *, dry_run: bool
) -> dict[str, Any]:
    report = imports.import_file(repository, path, organisation, by=analyst, dry_run=dry_run)
    return report.as_json()


def summary(kind: str, body: dict[str, Any]) -> str:
    """One line for a record in the desk's lists: what a reader scans for in each kind."""
    if kind == "answer":
        value = body.get("value") or {}
        text = value.get("text") if isinstance(value, dict) else None
        shown = text if text is not None else json.dumps(value, ensure_ascii=False)
        return f"{body.get('question_id', '')}: {shown}"
    if kind == "transcript_segment":
        return f"{body.get('speaker', '')}: {body.get('text', '')}"
    if kind == "incident":
        return str(body.get("title", ""))
    if kind == "person":
        return " · ".join(str(body[k]) for k in ("role", "name", "alias") if body.get(k))
    if kind == "facility":
        return str(body.get("name", ""))
    if kind == "element_tag":
        return str(body.get("element_id", ""))
    if kind == "consent":
        return ", ".join(sorted(str(s) for s in body.get("granted", [])))
    if kind in ("interview", "interviewee"):
        return str(body.get("code", ""))
    return ""


def disclosure_preview(
    repository: Repository, selection: disclosure.Selection, redactions: list[str]
) -> dict[str, Any]:
    """What a disclosure of `selection` would hold, before anything is written: the codes
    that go, the interviews left out counted by reason (never named), and the items each
    redaction category would take out. The same rules as `disclosure.disclose`."""
    repository.read_testimony("disclose-preview")
    codes: list[str] = []
    withheld: Counter[str] = Counter()
    redacted: Counter[str] = Counter(dict.fromkeys(redactions, 0))  # each chosen, even at 0
    with repository.reading() as connection:
        withdrew = disclosure_consent.witnesses_who_withdrew(connection)
    for interview_id in disclosure.chosen(repository, selection):
        refusal = disclosure_consent.refusal(repository, interview_id, withdrew)
        if refusal is not None:
            withheld[refusal] += 1
            continue
        with repository.reading() as connection:
            data = interview_data(connection, interview_id)
        codes.append(data.interview.code)
        for item in redaction.redact(data, redactions):
            redacted[item["category"]] += 1
    return {
        "interviews": sorted(codes),
        "withheld": dict(sorted(withheld.items())),
        "redacted": dict(sorted(redacted.items())),
    }


def disclose(
    repository: Repository,
    *,
    recipient_file: Path,
    recipient_name: str,
    out: Path,
    made_by: str,
    selection: disclosure.Selection,
    redactions: list[str],
    language: str = "both",
) -> dict[str, Any]:
    """Write the disclosure and its register entry, as `sillok repository disclose`."""
    made = disclosure.disclose(
        repository,
        recipient=disclosure.recipient_from_file(recipient_file),
        recipient_name=recipient_name,
        out=out,
        made_by=made_by,
        selection=selection,
        redactions=redactions,
        language=language,
    )
    return {
        "number": made.number,
        "path": str(made.path),
        "sha256": made.sha256,
        "interviews": made.interviews,
        "withheld": made.withheld,
        "redacted": made.redacted,
    }
