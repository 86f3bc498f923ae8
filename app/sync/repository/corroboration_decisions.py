"""Analysts' decisions on candidate corroborations and on contradictions, beside the
evidence (docs/repository.md, "Corroboration decisions"; the table:
corroboration_schema.py).

A candidate corroboration (app/search/corroboration.py: incidents told by different
witnesses sharing a facility, a person, a unit, or a place and dates) is confirmed or
rejected; a contradiction (two accounts of one witness that disagree) is confirmed as a
contradiction or rejected. Each decision is a new row of `corroboration_decisions`: who,
when, why, and the statements it was made on (each incident with the version then
current). The latest on a key holds; the earlier ones stay, as its history. Nobody
updates or deletes a row (on PostgreSQL a trigger and the grants refuse it).

A decision does not silently carry over to statements it was not made on: when a newer
version of one of them was ingested since, the candidate says `earlier_version`; when
statements joined or left the candidate (a third witness names the same person), it says
`reopened`. Either way the decision and its history are shown, for the analyst to decide
again. The keys are the candidates' own (stable while the same things are shared) and,
for a contradiction, `contradiction:<kind>:<incident>:<incident>`. A place-and-dates
candidate's key names its statements, so it changes when one joins or leaves: the
decisions on its earlier keys (the same place, statements in common) show with it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.errors import InvalidInput
from app.i18n import N_
from app.search.corroboration import (
    Contradiction,
    Reason,
    candidates_among,
    contradictions_among,
)
from app.store.connection import Connection
from app.sync.enrolment import iso, now_utc
from app.sync.repository.analysis_errors import CorroborationNotFound
from app.sync.repository.store import Repository
from app.sync.repository.witnesses import linked_incidents

CORROBORATION, CONTRADICTION = "corroboration", "contradiction"
VERDICTS = ("confirmed", "rejected")
OPEN, EARLIER_VERSION, REOPENED = "open", "earlier_version", "reopened"
STATUSES = (OPEN, *VERDICTS, EARLIER_VERSION, REOPENED)
NO_REASONS = N_("a decision on a corroboration or contradiction needs its reasons")
UNKNOWN_VERDICT = N_("the decision must be confirmed or rejected")


@dataclass(frozen=True)
class Decision:
    key: str
    kind: str
    """CORROBORATION or CONTRADICTION."""
    verdict: str
    """One of VERDICTS ("confirmed" of a contradiction: confirmed as a contradiction)."""
    statements: dict[str, int]
    """Incident id → the version it was decided on."""
    reasons: str
    analyst: str
    at: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def contradiction_key(found: Contradiction) -> str:
    first, second = sorted((found.first.id, found.second.id))
    return f"{CONTRADICTION}:{found.kind}:{first}:{second}"


def incident_versions(connection: Connection) -> dict[str, int]:
    """Incident id → its current version (from the consolidated view: no testimony)."""
    return {
        str(record_id): int(version)
        for record_id, version in connection.execute(
            "SELECT record_id, version FROM current_records WHERE kind = 'incident' AND deleted = 0"
        )
    }


def subjects(connection: Connection) -> dict[str, tuple[str, dict[str, int]]]:
    """Every key that may be decided now → (its kind, its statements at their current
    versions)."""
    facts = linked_incidents(connection)
    versions = incident_versions(connection)
    found: dict[str, tuple[str, dict[str, int]]] = {}
    for candidate in candidates_among(facts):
        found[candidate.key] = (
            CORROBORATION,
            {i: versions.get(i, 0) for i in candidate.incident_ids},
        )
    for contradiction in contradictions_among(facts):
        ids = sorted((contradiction.first.id, contradiction.second.id))
        found[contradiction_key(contradiction)] = (
            CONTRADICTION,
            {i: versions.get(i, 0) for i in ids},
        )
    return found


def decide(
    repository: Repository,
    key: str,
    verdict: str,
    reasons: str,
    analyst: str,
    at: datetime | None = None,
) -> Decision:
    """Record a decision on the candidate or contradiction `key` as it is now (a new row;
    earlier decisions stay). InvalidInput (14) without reasons or for an unknown verdict;
    CorroborationNotFound (43) when `key` is no candidate (any more)."""
    if verdict not in VERDICTS:
        raise InvalidInput(detail=UNKNOWN_VERDICT)
    if not reasons.strip():
        raise InvalidInput(detail=NO_REASONS)
    # Found before the write transaction, so ingest is not held while every candidate is
    # computed: statements that change in between make the decision show as made on an
    # earlier version (or reopened) at the next listing, never silently current.
    with repository.reading() as connection:
        found = subjects(connection).get(key)
    if found is None:
        raise CorroborationNotFound(key=key)
    kind, statements = found
    made = Decision(key, kind, verdict, statements, reasons.strip(), analyst, iso(at or now_utc()))
    with repository.transaction() as connection:
        connection.execute(
            "INSERT INTO corroboration_decisions (key, kind, verdict, statements, reasons, "
            "analyst, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                kind,
                verdict,
                json.dumps(statements, sort_keys=True),
                made.reasons,
                analyst,
                made.at,
            ),
        )
    return made


def history(connection: Connection) -> dict[str, list[Decision]]:
    """Key → every decision on it, oldest first (the last one holds)."""
    found: dict[str, list[Decision]] = defaultdict(list)
    for key, kind, verdict, statements, reasons, analyst, at in connection.execute(
        "SELECT key, kind, verdict, statements, reasons, analyst, at "
        "FROM corroboration_decisions ORDER BY id"
    ):
        found[key].append(
            Decision(key, kind, verdict, json.loads(statements), reasons, analyst, at)
        )
    return found


def status(statements: dict[str, int], decided: list[Decision]) -> str:
    """What holds for a candidate whose statements are now `statements` (incident id →
    current version), given its decisions: OPEN, a verdict, EARLIER_VERSION or REOPENED."""
    if not decided:
        return OPEN
    latest = decided[-1]
    if set(latest.statements) != set(statements):
        return REOPENED
    if latest.statements != statements:
        return EARLIER_VERSION
    return latest.verdict


def _earlier_keys(
    key: str, statements: dict[str, int], decisions: dict[str, list[Decision]]
) -> list[Decision]:
    """The decisions on earlier keys of a place-and-dates candidate: its key names its
    statements (a digest), so one joining or leaving makes a new key; the decisions of the
    same place whose statements overlap these are its own earlier ones."""
    if not key.startswith(f"{Reason.DATE_AND_PLACE}:"):
        return []
    place = key.rsplit(":", 1)[0] + ":"
    return [
        made
        for other, decided in decisions.items()
        if other != key and other.startswith(place)
        for made in decided
        if set(made.statements) & set(statements)
    ]


def beside(
    key: str, statements: dict[str, int], decisions: dict[str, list[Decision]]
) -> dict[str, Any]:
    """What the verbs show with a candidate or contradiction: its key, status, the
    decision in force and every decision on it (with a place-and-dates candidate's, those
    on its earlier keys: `_earlier_keys`), oldest first."""
    decided = sorted(
        _earlier_keys(key, statements, decisions) + decisions.get(key, []),
        key=lambda made: made.at,
    )
    return {
        "key": key,
        "status": status(statements, decided),
        "decision": decided[-1].as_json() if decided else None,
        "history": [d.as_json() for d in decided],
    }
