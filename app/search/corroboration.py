"""Candidate corroborations across witnesses, and contradictions within one witness.

Candidates: incidents told by different witnesses that share
- a facility (the same facility record or reference entry, or the same name),
- a person (the same name or alias, compared without case, spaces or hyphens),
- an agency unit (the same agency, or agency level, with the same unit name, or at the same
  place) — the agency alone is not enough: nearly every account names State Security,
- or a place and overlapping dates (dates that span more than `WIDE_DATE_DAYS` are too vague
  to link anything and are left out).
Each group is a candidate with its reason; the analyst confirms or rejects it
(app/search/decisions.py).

Contradictions: two incidents of one witness (across all their interviews) of the same
type (a shared legal act of their element tags, or the same title) whose dates do not
overlap although they happened at the same place or facility, or whose places differ
although their dates overlap. These are questions for a re-interview, not findings.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.reference import ReferenceKind, default_reference
from app.search.filters import name_key
from app.search.query import VARIANT_QUALITIES
from app.store.connection import Connection

WIDE_DATE_DAYS = 3 * 366


class Reason(StrEnum):
    FACILITY = "facility"
    PERSON = "person"
    UNIT = "unit"
    DATE_AND_PLACE = "date_and_place"


class ContradictionKind(StrEnum):
    DATES = "dates"
    PLACES = "places"


@dataclass(frozen=True)
class IncidentFacts:
    id: str
    interview_id: str
    interview_code: str
    witness: str
    """The interviewee id: the same witness may have given several interviews."""
    title: str
    earliest: date | None
    latest: date | None
    place: str | None
    """A reference id, or "text:<name key>" for a place not in the reference data."""
    place_label: str
    facility: str | None
    facility_label: str
    persons: frozenset[str]
    units: frozenset[str]
    types: frozenset[str]

    @property
    def precise_date(self) -> bool:
        return (
            self.earliest is not None
            and self.latest is not None
            and (self.latest - self.earliest).days <= WIDE_DATE_DAYS
        )

    def overlaps(self, other: IncidentFacts) -> bool:
        assert self.earliest and self.latest and other.earliest and other.latest
        return self.earliest <= other.latest and other.earliest <= self.latest


@dataclass(frozen=True)
class Candidate:
    key: str
    """Stable while the same incidents share the same thing; decisions are filed under it."""
    reason: Reason
    shared: str
    """What they share, as a person reads it (a facility name, a person's name...)."""
    incidents: tuple[IncidentFacts, ...]

    @property
    def incident_ids(self) -> tuple[str, ...]:
        return tuple(sorted(i.id for i in self.incidents))


@dataclass(frozen=True)
class Contradiction:
    kind: ContradictionKind
    witness: str
    first: IncidentFacts
    second: IncidentFacts


def _place_key(place: dict[str, Any] | None) -> tuple[str | None, str]:
    if not place:
        return None, ""
    label = str(place.get("text") or place.get("reference_id") or "")
    if place.get("reference_id"):
        return str(place["reference_id"]), label
    text = str(place.get("text") or "")
    for match in default_reference().lookup(text, kinds=[ReferenceKind.PLACES], limit=1):
        if match.quality in VARIANT_QUALITIES:
            return match.entry.id, label
    key = name_key(text)
    return (f"text:{key}" if key else None), label


def _agency_key(text: str | None) -> str | None:
    if not text:
        return None
    reference = default_reference()
    if text in reference:
        return text
    for match in reference.lookup(text, kinds=[ReferenceKind.AGENCIES], limit=1):
        if match.quality in VARIANT_QUALITIES:
            return match.level.id if match.level is not None else match.entry.id
    key = name_key(text)
    return f"text:{key}" if key else None


class _Keys:
    """The reference-data keys of places and agencies, and the name keys, worked out once
    per distinct text (a repository names the same few hundred places, agencies, titles
    and facilities in every account)."""

    def __init__(self) -> None:
        self._places: dict[tuple[Any, Any], tuple[str | None, str]] = {}
        self._agencies: dict[str | None, str | None] = {}
        self._names: dict[str, str] = {}

    def place(self, place: dict[str, Any] | None) -> tuple[str | None, str]:
        if not place:
            return None, ""
        told = (place.get("text"), place.get("reference_id"))
        if told not in self._places:
            self._places[told] = _place_key(place)
        return self._places[told]

    def agency(self, text: str | None) -> str | None:
        if text not in self._agencies:
            self._agencies[text] = _agency_key(text)
        return self._agencies[text]

    def name(self, text: str) -> str:
        if text not in self._names:
            self._names[text] = name_key(text)
        return self._names[text]


def _load(connection: Connection, sql: str) -> dict[str, dict[str, Any]]:
    return {row[0]: json.loads(row[1]) for row in connection.execute(sql)}


def load_incidents(connection: Connection) -> list[IncidentFacts]:
    """Every incident with the facts corroboration compares."""
    types: dict[str, set[str]] = defaultdict(set)
    for (body,) in connection.execute(
        "SELECT body FROM element_tags WHERE json_extract(body, '$.incident_id') IS NOT NULL"
    ):
        tag = json.loads(body)
        types[tag["incident_id"]].add(".".join(tag["element_id"].split(".")[:4]))
    return incident_facts(
        {
            row[0]: (row[1], row[2])
            for row in connection.execute("SELECT id, code, interviewee_id FROM interviews")
        },
        _load(connection, "SELECT id, body FROM facilities"),
        _load(connection, "SELECT id, body FROM persons"),
        types,
        (
            (incident_id, json.loads(body))
            for incident_id, body in connection.execute(
                "SELECT id, body FROM incidents ORDER BY id"
            )
        ),
    )


def incident_facts(
    interviews: dict[str, tuple[str, str]],
    facilities: dict[str, dict[str, Any]],
    persons: dict[str, dict[str, Any]],
    types: dict[str, set[str]],
    incidents: Iterable[tuple[str, dict[str, Any]]],
) -> list[IncidentFacts]:
    """The facts of these (id, body) incidents, given the interviews (id -> code,
    interviewee id), facilities and persons (id -> body) and the legal acts each
    incident is tagged with (incident id -> element ids cut to their act)."""
    keys = _Keys()
    found = []
    for incident_id, incident in incidents:
        code, witness = interviews.get(incident["interview_id"], ("", ""))
        facility = facilities.get(incident.get("facility_id") or "")
        place, place_label = keys.place(incident.get("place"))
        if place is None and facility is not None:
            place, place_label = keys.place(facility.get("place"))
        facility_key = None
        if facility is not None:
            facility_key = (
                f"ref:{facility['reference_id']}"
                if facility.get("reference_id")
                else f"name:{keys.name(facility['name'])}"
            )
        people = [persons[p] for p in incident.get("person_ids", []) if p in persons]
        names = {keys.name(p[f]) for p in people for f in ("name", "alias") if p.get(f)}
        units = set()
        for person in people:
            descriptor = person.get("descriptor") or {}
            agency = keys.agency(descriptor.get("agency"))
            if agency is None:
                continue
            if descriptor.get("unit"):
                units.add(f"{agency}|{keys.name(descriptor['unit'])}")
            elif place is not None:
                units.add(f"{agency}@{place}")
        told = incident.get("date") or {}
        found.append(
            IncidentFacts(
                id=incident_id,
                interview_id=incident["interview_id"],
                interview_code=code,
                witness=witness,
                title=incident["title"],
                earliest=date.fromisoformat(told["earliest"]) if told else None,
                latest=date.fromisoformat(told["latest"]) if told else None,
                place=place,
                place_label=place_label,
                facility=facility_key,
                facility_label=str(facility["name"]) if facility else "",
                persons=frozenset(n for n in names if n),
                units=frozenset(units),
                types=frozenset(types.get(incident_id, ()))
                | {f"title:{keys.name(incident['title'])}"},
            )
        )
    return found


def _digest(ids: Iterable[str]) -> str:
    return hashlib.sha256(",".join(sorted(ids)).encode()).hexdigest()[:16]


def _by_key(
    incidents: list[IncidentFacts], reason: Reason, keys_of: Any, label_of: Any
) -> list[Candidate]:
    groups: dict[str, list[IncidentFacts]] = defaultdict(list)
    for incident in incidents:
        for key in keys_of(incident):
            groups[key].append(incident)
    return [
        Candidate(f"{reason}:{key}", reason, label_of(members[0], key), tuple(members))
        for key, members in sorted(groups.items())
        if len({m.witness for m in members}) >= 2
    ]


def _date_and_place(incidents: list[IncidentFacts]) -> list[Candidate]:
    by_place: dict[str, list[IncidentFacts]] = defaultdict(list)
    for incident in incidents:
        if incident.place is not None and incident.precise_date:
            by_place[incident.place].append(incident)
    found = []
    for place, members in sorted(by_place.items()):
        members.sort(key=lambda i: (i.earliest, i.id))
        chain: list[IncidentFacts] = []
        reach: date | None = None
        following: list[IncidentFacts | None] = [*members, None]
        for current in following:
            if (
                current is not None
                and current.earliest is not None
                and reach is not None
                and current.earliest <= reach
            ):
                chain.append(current)
                reach = max(reach, current.latest or reach)
                continue
            if len({m.witness for m in chain}) >= 2:
                ids = [m.id for m in chain]
                found.append(
                    Candidate(
                        f"{Reason.DATE_AND_PLACE}:{place}:{_digest(ids)}",
                        Reason.DATE_AND_PLACE,
                        f"{chain[0].place_label} {min(m.earliest for m in chain if m.earliest)}"
                        f"…{max(m.latest for m in chain if m.latest)}",
                        tuple(chain),
                    )
                )
            if current is not None:
                chain, reach = [current], current.latest
    return found


def candidates(connection: Connection) -> list[Candidate]:
    """Every candidate corroboration, grouped by what the incidents share."""
    return candidates_among(load_incidents(connection))


def candidates_among(incidents: list[IncidentFacts]) -> list[Candidate]:
    """`candidates` among these incidents (Geneva passes them with the same witness seen
    on several devices under one `witness` key)."""
    return [
        *_by_key(
            incidents,
            Reason.FACILITY,
            lambda i: [i.facility] if i.facility else [],
            lambda i, _k: i.facility_label,
        ),
        *_by_key(incidents, Reason.PERSON, lambda i: sorted(i.persons), lambda _i, k: k),
        *_by_key(incidents, Reason.UNIT, lambda i: sorted(i.units), lambda _i, k: k),
        *_date_and_place(incidents),
    ]


def _related(first: str, second: str) -> bool:
    """The same place, or one inside the other (a county and its province)."""
    if first == second:
        return True
    reference = default_reference()
    if first in reference and second in reference:
        return any(p.id == second for p in reference.ancestors(first)) or any(
            p.id == first for p in reference.ancestors(second)
        )
    return False


def contradictions(connection: Connection) -> list[Contradiction]:
    """Statements of one witness that disagree on dates or places (see the module)."""
    return contradictions_among(load_incidents(connection))


def contradictions_among(incidents: Iterable[IncidentFacts]) -> list[Contradiction]:
    """`contradictions` of these incidents, grouped by their `witness` (Geneva groups the
    same witness seen on several devices under one key before calling it)."""
    by_witness: dict[str, list[IncidentFacts]] = defaultdict(list)
    for incident in incidents:
        by_witness[incident.witness].append(incident)
    found = []
    for witness, incidents in sorted(by_witness.items()):
        for index, first in enumerate(incidents):
            for second in incidents[index + 1 :]:
                if not first.types & second.types or not (
                    first.precise_date and second.precise_date
                ):
                    continue
                same_where = (first.facility is not None and first.facility == second.facility) or (
                    first.place is not None
                    and second.place is not None
                    and _related(first.place, second.place)
                )
                places_known = first.place is not None and second.place is not None
                if same_where and not first.overlaps(second):
                    found.append(Contradiction(ContradictionKind.DATES, witness, first, second))
                elif places_known and not same_where and first.overlaps(second):
                    found.append(Contradiction(ContradictionKind.PLACES, witness, first, second))
    return found
