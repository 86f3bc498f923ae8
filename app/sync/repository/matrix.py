"""The evidence matrix across all witnesses, its gaps, and the witnesses worth
re-interviewing.

Each element tag is one statement: a legal element (`CAH.7.1.e.1`…) a piece of testimony
may prove. Through its incident it has a facility (one across devices when its reference
entry or its name is the same), agencies (of the facility and of the people involved), a
period (the years of the incident's date) and a source: direct (the
witness saw or experienced it), hearsay (heard it) or other (a document, something else,
not said). The matrix counts, per element and per incident / facility / agency / period,
the independent witnesses (the same person seen on two devices counts once,
witnesses.py) and how many of them speak directly or from hearsay.

A gap is an element resting on one independent witness, or on hearsay only. The
witnesses behind gaps, and those whose own statements contradict each other
(app/search/corroboration.py), are the re-interview candidates; whether their consent
allows re-contact is shown beside each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from app.search.filters import name_key
from app.store.connection import Connection
from app.sync.repository import facts
from app.sync.repository.assessments import beside
from app.sync.repository.cycles import paused
from app.sync.repository.snapshot import one_read
from app.sync.repository.witnesses import Read, contradictions, read

DIRECT = frozenset({"saw", "experienced"})
HEARSAY = frozenset({"heard"})
AXES = ("incident", "facility", "agency", "period")


@dataclass(frozen=True)
class Statement:
    element: str
    tag_id: str
    interview_id: str
    interview_code: str
    witness: str
    interviewee: str
    device_id: str
    imported: bool
    source: str
    """direct, hearsay or other."""
    incident: tuple[str, str] | None
    facility: tuple[str, str] | None
    agencies: tuple[str, ...]
    period: str | None


def _source(value: str | None) -> str:
    if value in DIRECT:
        return "direct"
    if value in HEARSAY:
        return "hearsay"
    return "other"


def _period(date: dict[str, Any] | None) -> str | None:
    if not date or not date.get("earliest") or not date.get("latest"):
        return None
    first, last = str(date["earliest"])[:4], str(date["latest"])[:4]
    return first if first == last else f"{first}–{last}"


def _facility_key(facility: dict[str, Any]) -> tuple[str, str]:
    """Facilities recorded on different devices are one when they name the same
    reference entry, or the same name (as corroboration compares them)."""
    if facility.get("reference_id"):
        return f"ref:{facility['reference_id']}", str(facility["name"])
    return f"name:{name_key(str(facility['name']))}", str(facility["name"])


_About = tuple[str, tuple[str, str] | None, tuple[str, str] | None, tuple[str, ...], str | None]
"""What a tag's incident says: source, incident, facility, agencies, period."""


def _about(
    incident: dict[str, Any] | None,
    facilities: dict[str, dict[str, Any]],
    persons: dict[str, dict[str, Any]],
    facility_keys: dict[str, tuple[str, str]],
) -> _About:
    facility_id = str((incident or {}).get("facility_id") or "")
    facility = facilities.get(facility_id)
    if facility and facility_id not in facility_keys:
        facility_keys[facility_id] = _facility_key(facility)
    agencies = set()
    if facility and facility.get("agency"):
        agencies.add(str(facility["agency"]).strip())
    for person_id in (incident or {}).get("person_ids", []):
        agency = ((persons.get(person_id) or {}).get("descriptor") or {}).get("agency")
        if agency:
            agencies.add(str(agency).strip())
    return (
        _source((incident or {}).get("source")),
        (str(incident["id"]), str(incident["title"])) if incident else None,
        facility_keys[facility_id] if facility else None,
        tuple(sorted(agencies)),
        _period((incident or {}).get("date")),
    )


@paused
@one_read
def statements(connection: Connection, made: Read | None = None) -> list[Statement]:
    """Every current element tag, with the facts the matrix counts (read from the facts
    lifted out of the bodies, facts.py; what a tag's incident says worked out once per
    incident, and who an interview's witness is once per interview; of `made`, what was
    read already, if given)."""
    made = made or read(connection)
    key_of, facilities, persons = made.key_of, made.facilities, made.persons
    interviews = {
        i: (str(code), key_of.get(str(who), str(who)), str(who))
        for i, (code, who) in made.interviews.items()
    }
    incidents = {i: r.body for i, r in made.incidents.items()}
    about: dict[str, _About] = {}
    facility_keys: dict[str, tuple[str, str]] = {}
    found = []
    for tag in made.tags:
        body = tag.body
        interview_id = str(body["interview_id"])
        interview = interviews.get(interview_id)
        if interview is None:
            continue
        code, witness, interviewee = interview
        incident_id = str(body.get("incident_id") or "")
        said = about.get(incident_id)
        if said is None:
            said = about[incident_id] = _about(
                incidents.get(incident_id), facilities, persons, facility_keys
            )
        source, incident, facility, agencies, period = said
        found.append(
            Statement(
                str(body["element_id"]),
                tag.id,
                interview_id,
                code,
                witness,
                interviewee,
                tag.device_id,
                tag.imported,
                source,
                incident,
                facility,
                agencies,
                period,
            )
        )
    return found


def _cell(members: list[Statement]) -> dict[str, Any]:
    if len(members) == 1:  # most cells of an incident: one statement, one witness
        (one,) = members
        return {
            "witnesses": 1,
            "direct": int(one.source == "direct"),
            "hearsay": int(one.source == "hearsay"),
            "statements": 1,
            "imported": int(one.imported),
        }
    witnesses = {s.witness for s in members}
    return {
        "witnesses": len(witnesses),
        "direct": len({s.witness for s in members if s.source == "direct"}),
        "hearsay": len({s.witness for s in members if s.source == "hearsay"}),
        "statements": len(members),
        "imported": sum(1 for s in members if s.imported),
    }


def _keys(statement: Statement, axis: str) -> list[tuple[str, str]]:
    if axis == "incident":
        return [statement.incident] if statement.incident else []
    if axis == "facility":
        return [statement.facility] if statement.facility else []
    if axis == "agency":
        return [(a, a) for a in statement.agencies]
    return [(statement.period, statement.period)] if statement.period else []


def _assessed(
    members: list[Statement], assessed: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The current assessments of the facts (tags, incidents) and sources (witnesses)
    behind one element."""
    targets = {s.tag_id for s in members} | {s.witness for s in members}
    targets |= {s.interviewee for s in members}
    targets |= {s.incident[0] for s in members if s.incident}
    return [a for target in sorted(targets & assessed.keys()) for a in assessed[target]]


def _groups(members: list[Statement]) -> dict[str, dict[tuple[str, str], list[Statement]]]:
    """Per axis (AXES), the element's statements by key (id, label): `_keys` of each, in
    one pass over them."""
    by_incident: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    by_facility: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    by_agency: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    by_period: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for statement in members:
        if statement.incident:
            by_incident[statement.incident].append(statement)
        if statement.facility:
            by_facility[statement.facility].append(statement)
        for agency in statement.agencies:
            by_agency[(agency, agency)].append(statement)
        if statement.period:
            by_period[(statement.period, statement.period)].append(statement)
    return {
        "incident": by_incident,
        "facility": by_facility,
        "agency": by_agency,
        "period": by_period,
    }


@paused
@one_read
def matrix(connection: Connection) -> list[dict[str, Any]]:
    """Per element: the whole-repository cell, and one cell per incident, facility,
    agency and period it is tagged with."""
    by_element: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements(connection):
        by_element[statement.element].append(statement)
    assessed = beside(connection)
    rows = []
    for element, members in sorted(by_element.items()):
        row: dict[str, Any] = {"element": element, **_cell(members)}
        for axis, groups in _groups(members).items():
            row[axis] = [
                {"id": key, "label": label, **_cell(group)}
                for (key, label), group in sorted(groups.items())
            ]
        row["tags"] = sorted(s.tag_id for s in members)
        row["assessments"] = _assessed(members, assessed)
        rows.append(row)
    return rows


@paused
@one_read
def gaps(connection: Connection, made: list[Statement] | None = None) -> list[dict[str, Any]]:
    """Elements resting on one independent witness, or on hearsay only (of `made`, the
    statements already read, if given)."""
    found = []
    by_element: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements(connection) if made is None else made:
        by_element[statement.element].append(statement)
    assessed = beside(connection)
    for element, members in sorted(by_element.items()):
        cell = _cell(members)
        reasons = []
        if cell["witnesses"] == 1:
            reasons.append("single_witness")
        if cell["direct"] == 0 and cell["hearsay"] > 0:
            reasons.append("hearsay_only")
        if reasons:
            found.append(
                {
                    "element": element,
                    "reasons": reasons,
                    "assessments": _assessed(members, assessed),
                    **cell,
                    "witness_keys": sorted({s.witness for s in members}),
                    "interviews": sorted({s.interview_code for s in members}),
                }
            )
    return found


def recontact(connection: Connection) -> dict[str, bool]:
    """Interview id → whether its latest consent allows re-contact now."""
    allowed = {}
    for record in facts.current(connection, "consent"):
        allowed[str(record.body["interview_id"])] = bool(record.body["recontact"])
    return allowed


@paused
@one_read
def gaps_and_reinterview(
    connection: Connection,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`gaps` and `reinterview`, reading the repository once for both."""
    made = read(connection)
    said = statements(connection, made)
    found = gaps(connection, said)
    return found, reinterview(connection, made, said, found)


@paused
@one_read
def reinterview(
    connection: Connection,
    made: Read | None = None,
    said: list[Statement] | None = None,
    found_gaps: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Witnesses worth re-interviewing: the only witness of an element, a hearsay-only
    element (ask for their source), or statements of their own that disagree (from
    what was read, the statements and the gaps already made, where given)."""
    reasons: dict[str, list[dict[str, str]]] = defaultdict(list)
    interviews_of: dict[str, set[str]] = defaultdict(set)
    made = made or read(connection)
    said = statements(connection, made) if said is None else said
    for gap in gaps(connection, said) if found_gaps is None else found_gaps:
        for witness in gap["witness_keys"]:
            for reason in gap["reasons"]:
                reasons[witness].append({"reason": reason, "element": gap["element"]})
    for statement in said:
        interviews_of[statement.witness].add(statement.interview_id)
    for found in contradictions(connection, made=made):
        witness = found.witness
        reasons[witness].append(
            {
                "reason": f"contradiction_{found.kind}",
                "element": f"{found.first.id} {found.second.id}",
            }
        )
        interviews_of[witness] |= {found.first.interview_id, found.second.interview_id}
    allowed = recontact(connection)
    return [
        {
            "witness": witness,
            "reasons": items,
            "interviews": sorted(interviews_of[witness]),
            "recontact_allowed": any(allowed.get(i, False) for i in interviews_of[witness]),
        }
        for witness, items in sorted(reasons.items())
    ]
