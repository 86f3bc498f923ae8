"""Reliability and credibility assessments by analysts, kept apart from the evidence.

A source is a witness (an interviewee id, or a witness link key shared by several); a
fact is any current record (an incident, an answer, an element tag, a transcript
segment…). Each assessment says the aspect (`reliability` of a source, `credibility` of
what it says), a rating, the reasons, who and when. Revising one adds a version; none is
ever changed or removed, so the history of a judgement stays readable. The verbs show the
current assessment of each aspect beside the fact (`beside`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.errors import InvalidInput, NotFound
from app.i18n import N_
from app.store.connection import Connection
from app.sync.enrolment import iso, now_utc
from app.sync.repository.store import Repository
from app.sync.repository.witnesses import witness_of

ASPECTS = ("reliability", "credibility")
RATINGS = ("high", "medium", "low", "unassessable")
NO_REASONS = N_("an assessment needs its reasons")
UNKNOWN_ASPECT = N_("the aspect must be reliability or credibility")
UNKNOWN_RATING = N_("the rating must be high, medium, low or unassessable")


@dataclass(frozen=True)
class Assessment:
    target_kind: str
    target_id: str
    aspect: str
    rating: str
    reasons: str
    analyst: str
    at: str
    version: int


def _target_kind(connection: Connection, target: str) -> str:
    """ "witness" or the kind of the current record `target`; NotFound otherwise."""
    if target in witness_of(connection) or target in set(witness_of(connection).values()):
        return "witness"
    row = connection.execute(
        "SELECT kind FROM current_records WHERE record_id = ? AND deleted = 0", (target,)
    ).fetchone()
    if row is None:
        raise NotFound(kind=N_("witness or record"), id=target)
    return str(row[0])


def assess(
    repository: Repository,
    target: str,
    aspect: str,
    rating: str,
    reasons: str,
    analyst: str,
    at: datetime | None = None,
) -> Assessment:
    """Record an analyst's assessment (a new version of any earlier one of the same
    aspect). InvalidInput (14) without reasons or with an unknown aspect or rating;
    NotFound (12) for an unknown witness or record."""
    if aspect not in ASPECTS:
        raise InvalidInput(detail=UNKNOWN_ASPECT)
    if rating not in RATINGS:
        raise InvalidInput(detail=UNKNOWN_RATING)
    if not reasons.strip():
        raise InvalidInput(detail=NO_REASONS)
    with repository.transaction() as connection:
        kind = _target_kind(connection, target)
        version = connection.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM assessments "
            "WHERE target_kind = ? AND target_id = ? AND aspect = ?",
            (kind, target, aspect),
        ).fetchone()[0]
        made = Assessment(
            kind, target, aspect, rating, reasons.strip(), analyst, iso(at or now_utc()), version
        )
        connection.execute(
            "INSERT INTO assessments (target_kind, target_id, aspect, rating, reasons, "
            "analyst, at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, target, aspect, made.rating, made.reasons, analyst, made.at, version),
        )
    return made


def history(connection: Connection, target: str) -> list[Assessment]:
    """Every assessment of `target`, oldest first."""
    return [
        Assessment(*row)
        for row in connection.execute(
            "SELECT target_kind, target_id, aspect, rating, reasons, analyst, at, version "
            "FROM assessments WHERE target_id = ? ORDER BY aspect, version",
            (target,),
        )
    ]


def beside(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    """Target id → its current assessment of each aspect (with the number of versions),
    for the verbs to show beside each fact and source."""
    latest: dict[tuple[str, str], Assessment] = {}
    count: dict[tuple[str, str], int] = defaultdict(int)
    for row in connection.execute(
        "SELECT target_kind, target_id, aspect, rating, reasons, analyst, at, version "
        "FROM assessments ORDER BY version"
    ):
        made = Assessment(*row)
        latest[(made.target_id, made.aspect)] = made
        count[(made.target_id, made.aspect)] += 1
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (target, aspect), made in sorted(latest.items()):
        found[target].append({**asdict(made), "versions": count[(target, aspect)]})
    return found
