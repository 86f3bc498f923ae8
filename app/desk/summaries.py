"""The rows of the interview list, read in one query so 10,000 interviews list at once.

Figures that some writer has made stale are recomputed from the records first
(app/desk/stats.py), so the list never shows another writer's interviews as empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from app.desk.stats import refresh_stale
from app.store.database import Database

_QUERY = """
SELECT i.id, i.code, i.status, i.created_at, i.body ->> '$.interviewer',
       s.first_started, coalesce(c.consents, 0),
       coalesce(t.answered, 0), coalesce(t.shown, 0),
       coalesce(t.covered, 0), coalesce(t.elements, 0),
       coalesce(t.updated_at, i.updated_at)
FROM interviews i
LEFT JOIN interview_stats t ON t.interview_id = i.id
LEFT JOIN (SELECT interview_id, min(body ->> '$.started_at') AS first_started
           FROM sessions GROUP BY interview_id) s ON s.interview_id = i.id
LEFT JOIN (SELECT interview_id, count(*) AS consents
           FROM consents GROUP BY interview_id) c ON c.interview_id = i.id
"""


@dataclass(frozen=True)
class InterviewRow:
    id: UUID
    code: str
    status: str
    created_at: datetime
    interviewer: str
    first_session: datetime | None
    has_consent: bool
    answered: int
    shown: int
    covered: int
    elements: int
    last_change: datetime

    @property
    def progress(self) -> float:
        return 0.0 if self.shown == 0 else self.answered / self.shown

    @property
    def coverage(self) -> float:
        return 0.0 if self.elements == 0 else self.covered / self.elements

    @property
    def date(self) -> datetime:
        """When the interview took place: its first session, or when it was opened."""
        return self.first_session or self.created_at


def interview_rows(database: Database) -> list[InterviewRow]:
    refresh_stale(database)
    with database.reading() as connection:
        rows = connection.execute(_QUERY).fetchall()
    return [
        InterviewRow(
            id=UUID(row[0]),
            code=row[1],
            status=row[2],
            created_at=datetime.fromisoformat(row[3]),
            interviewer=row[4] or "",
            first_session=datetime.fromisoformat(row[5]) if row[5] else None,
            has_consent=bool(row[6]),
            answered=row[7],
            shown=row[8],
            covered=row[9],
            elements=row[10],
            last_change=datetime.fromisoformat(row[11]),
        )
        for row in rows
    ]
