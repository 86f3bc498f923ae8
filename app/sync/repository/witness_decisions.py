"""Analysts' decisions on who is one witness: "the same person" or "not the same person".

A witness link (app/sync/witness_link.py) is only a *possible* earlier statement: two
people may share a name and a year of birth, and one person may be written two ways.
Analysts record their decision on a pair of interviewees, with reasons; the latest
decision on a pair holds, earlier ones stay (append-only, attributed). witnesses.py joins
interviewees with the same link unless decided different, and any pair decided the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.errors import InvalidInput, NotFound
from app.i18n import N_
from app.store.connection import Connection
from app.sync.enrolment import iso, now_utc
from app.sync.repository.store import Repository

NO_REASONS = N_("a decision on who is one witness needs its reasons")
ONE_PERSON = N_("both name the same interviewee")


@dataclass(frozen=True)
class Decision:
    first: str
    second: str
    same: bool
    reasons: str
    analyst: str
    at: str


def _interviewee(connection: Connection, given: str) -> str:
    """The interviewee id named by an interviewee id or code, or an interview id or code."""
    row = connection.execute(
        "SELECT record_id FROM current_records WHERE kind = 'interviewee' AND deleted = 0 "
        "AND (record_id = ? OR code = ?)",
        (given, given),
    ).fetchone()
    if row is None:
        row = connection.execute(
            "SELECT interviewee_id FROM current_records WHERE kind = 'interview' "
            "AND deleted = 0 AND (record_id = ? OR code = ?)",
            (given, given),
        ).fetchone()
    if row is None or row[0] is None:
        raise NotFound(kind=N_("interviewee or interview"), id=given)
    return str(row[0])


def decide(
    repository: Repository,
    one: str,
    other: str,
    *,
    same: bool,
    reasons: str,
    analyst: str,
    at: datetime | None = None,
) -> Decision:
    """Record that `one` and `other` (interviewees, or interviews, by id or code) are the
    same person or not. InvalidInput (14) without reasons or for one interviewee twice;
    NotFound (12)."""
    if not reasons.strip():
        raise InvalidInput(detail=NO_REASONS)
    with repository.transaction() as connection:
        first, second = sorted((_interviewee(connection, one), _interviewee(connection, other)))
        if first == second:
            raise InvalidInput(detail=ONE_PERSON)
        made = Decision(first, second, same, reasons.strip(), analyst, iso(at or now_utc()))
        connection.execute(
            "INSERT INTO witness_decisions (first, second, same, reasons, analyst, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (first, second, int(same), made.reasons, analyst, made.at),
        )
    return made


def latest(connection: Connection) -> dict[tuple[str, str], Decision]:
    """The decision in force on each pair of interviewees (the latest recorded)."""
    found = {}
    for first, second, same, reasons, analyst, at in connection.execute(
        "SELECT first, second, same, reasons, analyst, at FROM witness_decisions ORDER BY id"
    ):
        found[(first, second)] = Decision(first, second, bool(same), reasons, analyst, at)
    return found
