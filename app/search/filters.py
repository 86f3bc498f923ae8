"""Search filters: date range, place, facility, agency, legal element, interview.

Dates, places, facilities and agencies belong to incidents, so these filters choose
incidents first (all the given ones must hold for the same incident). A hit then passes
when it is one of those incidents or their facility, or when it is a passage, answer or
person of an interview in which such an incident is told. Dates pass by overlap: an
incident "spring 2014" passes a filter from 2014-05-01 to 2014-12-31.
The element filter keeps records tagged with that legal element (CAH.7.1.e also keeps
CAH.7.1.e.1); the interview filter keeps one interview (by id or code).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.tags import ELEMENT_ID_PATTERN
from app.i18n import N_
from app.reference import ReferenceKind, default_reference
from app.reference.keys import normal_keys
from app.reference.lookup import spellings_of
from app.reference.models import AgencyEntry
from app.search.errors import FilterInvalid, FilterNotFound
from app.search.query import VARIANT_QUALITIES
from app.store.connection import Connection

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_ELEMENT_PREFIX = re.compile(
    ELEMENT_ID_PATTERN.replace(r"(\.[0-9A-Za-z]+)+$", r"(\.[0-9A-Za-z]+)*$")
)


def parse_date(text: str, *, end: bool, name: str) -> date:
    """ "2014", "2014-05" or "2014-05-17": the first day (or with `end`, the last day)."""
    match = _DATE.match(text.strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = int(match[1]), match[2], match[3]
        if day is not None:
            return date(year, int(month or 1), int(day))
        if month is not None:
            first = date(year, int(month), 1)
            if not end:
                return first
            following = date(year + (first.month == 12), first.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError:
        raise FilterInvalid(
            name=name, value=text, detail=N_("write a date as 2014, 2014-05 or 2014-05-17")
        ) from None


def name_key(text: str | None) -> str:
    """A name compared across records: case, spaces, hyphens and diacritics ignored."""
    keys = normal_keys(text or "")
    return keys[0] if keys else ""


@dataclass(frozen=True)
class SearchFilters:
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None
    facility: str | None = None
    agency: str | None = None
    element: str | None = None
    interview: str | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise FilterInvalid(
                name="--from", value=str(self.date_from), detail=N_("it is after the end date")
            )
        if self.element is not None and not _ELEMENT_PREFIX.match(self.element):
            raise FilterInvalid(
                name="--element",
                value=self.element,
                detail=N_("a legal element id looks like CAH.7.1.e or CAH.7.1.e.1"),
            )

    @property
    def by_incident(self) -> bool:
        return any((self.date_from, self.date_to, self.place, self.facility, self.agency))

    @property
    def active(self) -> bool:
        return self.by_incident or bool(self.element or self.interview)


@dataclass(frozen=True)
class Allowed:
    """What passes the filters: None in a field means that filter is not given."""

    records: frozenset[str] | None = None
    """Incidents and facilities that pass by themselves."""
    interviews: frozenset[str] | None = None
    """Interviews whose other records pass."""
    tagged: frozenset[str] | None = None
    interview: str | None = None


def _entry_ids(text: str, kind: ReferenceKind) -> set[str]:
    return {
        match.entry.id
        for match in default_reference().lookup(text, kinds=[kind], limit=10)
        if match.quality in VARIANT_QUALITIES
    }


def _with_descendants(ids: set[str]) -> set[str]:
    reference = default_reference()
    found, queue = set(ids), list(ids)
    while queue:
        for child in reference.children(queue.pop()):
            if child.id not in found:
                found.add(child.id)
                queue.append(child.id)
    return found


def _name_keys(ids: Iterable[str], typed: str, with_levels: bool = False) -> set[str]:
    keys = {name_key(typed)}
    reference = default_reference()
    for entry_id in ids:
        entry = reference.find(entry_id)
        if entry is None:
            continue
        for found in spellings_of(entry):
            if found.level is None or with_levels:
                keys.add(name_key(found.text))
    keys.discard("")
    return keys


class _Matcher:
    """Does a reference id or a name typed by an interviewer mean one of `ids`?"""

    def __init__(self, typed: str, kind: ReferenceKind) -> None:
        ids = _entry_ids(typed, kind)
        if kind is ReferenceKind.PLACES:
            ids = _with_descendants(ids)
        if kind is ReferenceKind.AGENCIES:
            reference = default_reference()
            for entry_id in list(ids):
                entry = reference.find(entry_id)
                if isinstance(entry, AgencyEntry):
                    ids.update(level.id for level in entry.levels)
        self.kind = kind
        self.ids = ids
        self.keys = _name_keys(ids, typed, with_levels=True)
        self._cache: dict[str, bool] = {}

    def __call__(self, reference_id: object, text: object) -> bool:
        if isinstance(reference_id, str) and reference_id in self.ids:
            return True
        if not isinstance(text, str) or not text.strip():
            return False
        if text not in self._cache:
            self._cache[text] = name_key(text) in self.keys or bool(
                _entry_ids(text, self.kind) & self.ids
            )
        return self._cache[text]


def _load(connection: Connection, sql: str) -> dict[str, dict[str, Any]]:
    return {row[0]: json.loads(row[1]) for row in connection.execute(sql)}


def _incident_passes(
    incident: dict[str, Any],
    filters: SearchFilters,
    facilities: dict[str, dict[str, Any]],
    persons: dict[str, dict[str, Any]],
    place: _Matcher | None,
    facility: _Matcher | None,
    agency: _Matcher | None,
) -> bool:
    told = incident.get("date") or {}
    if filters.date_from or filters.date_to:
        if not told:
            return False
        if filters.date_to and told["earliest"] > filters.date_to.isoformat():
            return False
        if filters.date_from and told["latest"] < filters.date_from.isoformat():
            return False
    where = facilities.get(incident.get("facility_id") or "") or {}
    if place is not None:
        own = incident.get("place") or {}
        at = where.get("place") or {}
        if not (
            place(own.get("reference_id"), own.get("text"))
            or place(at.get("reference_id"), at.get("text"))
        ):
            return False
    if facility is not None and not (
        facility(where.get("reference_id"), where.get("name"))
        or (filters.facility or "") == incident.get("facility_id")
    ):
        return False
    if agency is not None:
        named = [
            (persons.get(pid) or {}).get("descriptor", {}).get("agency")
            for pid in incident.get("person_ids", [])
        ]
        if not (
            agency(where.get("agency"), where.get("agency"))
            or any(agency(value, value) for value in named)
        ):
            return False
    return True


def resolve(connection: Connection, filters: SearchFilters) -> Allowed:
    """What passes `filters`, read from the records (call with the database open)."""
    records = interviews = tagged = None
    interview = None
    if filters.by_incident:
        facilities = _load(connection, "SELECT id, body FROM facilities")
        persons = _load(connection, "SELECT id, body FROM persons") if filters.agency else {}
        place = _Matcher(filters.place, ReferenceKind.PLACES) if filters.place else None
        facility = (
            _Matcher(filters.facility, ReferenceKind.FACILITIES) if filters.facility else None
        )
        agency = _Matcher(filters.agency, ReferenceKind.AGENCIES) if filters.agency else None
        chosen_records: set[str] = set()
        chosen_interviews: set[str] = set()
        for incident_id, body in connection.execute("SELECT id, body FROM incidents"):
            incident = json.loads(body)
            if _incident_passes(incident, filters, facilities, persons, place, facility, agency):
                chosen_records.add(incident_id)
                chosen_interviews.add(incident["interview_id"])
                if incident.get("facility_id"):
                    chosen_records.add(incident["facility_id"])
        records, interviews = frozenset(chosen_records), frozenset(chosen_interviews)
    if filters.element:
        element = filters.element
        found: set[str] = set()
        for (body,) in connection.execute(
            "SELECT body FROM element_tags WHERE element_id = ? OR element_id LIKE ? ESCAPE '\\'",
            (element, element.replace("_", "\\_").replace("%", "\\%") + ".%"),
        ):
            tag = json.loads(body)
            for key in ("answer_id", "segment_id", "incident_id", "person_id"):
                if tag.get(key):
                    found.add(tag[key])
        tagged = frozenset(found)
    if filters.interview:
        row = connection.execute(
            "SELECT id FROM interviews WHERE id = ? OR code = ?",
            (filters.interview, filters.interview.upper()),
        ).fetchone()
        if row is None:
            raise FilterNotFound(name=N_("interview"), value=filters.interview)
        interview = str(row[0])
    return Allowed(records, interviews, tagged, interview)


def sql_conditions(allowed: Allowed) -> tuple[list[str], list[object]]:
    """SQL conditions on `search_docs d` for `allowed`, and their parameters."""
    conditions: list[str] = []
    params: list[object] = []
    if allowed.interview is not None:
        conditions.append("d.interview_id = ?")
        params.append(allowed.interview)
    if allowed.tagged is not None:
        conditions.append("d.record_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(allowed.tagged)))
    if allowed.records is not None and allowed.interviews is not None:
        conditions.append(
            "CASE WHEN d.kind IN ('incident', 'facility') "
            "THEN d.record_id IN (SELECT value FROM json_each(?)) "
            "ELSE d.interview_id IN (SELECT value FROM json_each(?)) END"
        )
        params.extend((json.dumps(sorted(allowed.records)), json.dumps(sorted(allowed.interviews))))
    return conditions, params
