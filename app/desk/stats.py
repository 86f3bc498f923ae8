"""The interview list's figures (answered, shown, covered, elements), owned by the core.

They are derived from the answers and tags, never audited, and rebuilt at any time. Every
writer keeps them honest without knowing they exist: triggers mark an interview's row
stale whenever its answers or tags change (migration 9), and `refresh_stale` recomputes
the stale rows from the records before the list is read. The desk may still write the
figures it has just computed (`write`), which saves the recomputation for the interview on
screen; the demo, the command line and the transcript's tags rely on the triggers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from app.domain import Answer, ElementTag, Interview
from app.legal import default_catalogue
from app.questionnaire import (
    Coverage,
    Evaluation,
    Questionnaire,
    Status,
    coverage,
    evaluate,
    questionnaire_for,
)
from app.store import records
from app.store.connection import Connection
from app.store.database import Database


@dataclass(frozen=True)
class Stats:
    answered: int
    shown: int
    covered: int
    elements: int


def stats_of(evaluation: Evaluation, found: Coverage) -> Stats:
    """The list figures of an interview from its evaluation and coverage."""
    return Stats(
        answered=sum(p.answered for p in evaluation.progress),
        shown=sum(p.shown for p in evaluation.progress),
        covered=len(found.with_status(Status.COVERED)),
        elements=len([e for e in found.elements if e.status is not Status.OUT_OF_SCOPE]),
    )


def questionnaire_of(interview: Interview) -> Questionnaire | None:
    """The questionnaire `interview` was recorded under, if this app ships it."""
    found = questionnaire_for(interview.questionnaire_id, interview.questionnaire_version)
    return found if found.id == interview.questionnaire_id else None


def compute(connection: Connection, interview_id: UUID) -> Stats | None:
    """The figures of one interview from its stored answers and tags; None when the
    questionnaire it was recorded under is not one this app knows (left stale)."""
    interview = records.get(connection, Interview, interview_id)
    questionnaire = questionnaire_of(interview)
    if questionnaire is None:
        return None
    answers = list(records.find(connection, Answer, {"interview_id": interview_id}))
    tags = list(records.find(connection, ElementTag, {"interview_id": interview_id}))
    evaluation = evaluate(questionnaire, answers)
    found = coverage(evaluation, default_catalogue().elements.values(), tags)
    return stats_of(evaluation, found)


def write(
    connection: Connection, interview_id: UUID, stats: Stats, at: datetime | None = None
) -> None:
    """Store `stats` as the interview's current figures (no longer stale)."""
    connection.execute(
        "INSERT INTO interview_stats "
        "(interview_id, answered, shown, covered, elements, updated_at, stale) "
        "VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT(interview_id) DO UPDATE SET "
        "answered = excluded.answered, shown = excluded.shown, "
        "covered = excluded.covered, elements = excluded.elements, "
        "updated_at = max(updated_at, excluded.updated_at), stale = 0",
        (
            str(interview_id),
            stats.answered,
            stats.shown,
            stats.covered,
            stats.elements,
            (at or datetime.now(UTC)).isoformat(),
        ),
    )


def stale_interviews(connection: Connection) -> list[UUID]:
    rows = connection.execute("SELECT interview_id FROM interview_stats WHERE stale = 1")
    return [UUID(row[0]) for row in rows]


def refresh_stale(database: Database) -> int:
    """Recompute every stale row from the records. Returns how many were recomputed."""
    with database.reading() as connection:
        stale = stale_interviews(connection)
    done = 0
    for interview_id in stale:
        with database.transaction() as connection:
            # Read and write in one transaction: a change committed in between would
            # otherwise be marked stale and then overwritten as fresh.
            stats = compute(connection, interview_id)
            if stats is not None:
                updated = connection.execute(
                    "SELECT updated_at FROM interview_stats WHERE interview_id = ?",
                    (str(interview_id),),
                ).fetchone()
                write(connection, interview_id, stats, datetime.fromisoformat(updated[0]))
                done += 1
    return done
