"""The analyst's decisions on candidate corroborations, stored and audited.

One decision record per candidate key; deciding again updates it (its version rises and
the audit trail keeps each change, hash-chained like every other record). A decision
names the incidents it was made on: when new incidents join the candidate later, the
candidate shows as reopened, with the earlier decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from app.domain.base import Record
from app.domain.fields import NonBlankStr
from app.search.corroboration import Candidate, Reason, candidates
from app.search.errors import CandidateNotFound
from app.services.base import ServiceContext
from app.store.connection import Connection


class Verdict(StrEnum):
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Status(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    REOPENED = "reopened"
    """Decided, but incidents were added or removed since."""


class CorroborationDecision(Record):
    kind: ClassVar[str] = "corroboration_decision"

    candidate_key: NonBlankStr
    reason: Reason
    incident_ids: list[UUID] = Field(min_length=2)
    verdict: Verdict
    note: str | None = None


@dataclass(frozen=True)
class Reviewed:
    candidate: Candidate
    status: Status
    decision: CorroborationDecision | None


def _decisions(connection: Connection) -> dict[str, CorroborationDecision]:
    return {
        key: CorroborationDecision.model_validate_json(body)
        for key, body in connection.execute(
            "SELECT candidate_key, body FROM corroboration_decisions"
        )
    }


def status_of(candidate: Candidate, decision: CorroborationDecision | None) -> Status:
    if decision is None:
        return Status.OPEN
    if tuple(sorted(str(i) for i in decision.incident_ids)) != candidate.incident_ids:
        return Status.REOPENED
    return Status(decision.verdict.value)


class CorroborationDecisions:
    """The service: `review()` lists candidates with their status, `decide()` records."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def review(self) -> list[Reviewed]:
        with self.context.database.reading() as connection:
            found = candidates(connection)
            decided = _decisions(connection)
        return [Reviewed(c, status_of(c, decided.get(c.key)), decided.get(c.key)) for c in found]

    def decide(self, key: str, verdict: Verdict, note: str | None = None) -> CorroborationDecision:
        """Confirm or reject the candidate `key` as it is now; CandidateNotFound if gone."""
        now = self.context.clock()
        with self.context.database.transaction() as connection:
            candidate = next((c for c in candidates(connection) if c.key == key), None)
            if candidate is None:
                raise CandidateNotFound(key=key)
            existing = _decisions(connection).get(key)
            fields = {
                "candidate_key": key,
                "reason": candidate.reason,
                "incident_ids": [UUID(i) for i in candidate.incident_ids],
                "verdict": verdict,
                "note": note,
            }
            if existing is None:
                stored = CorroborationDecision.model_validate(
                    {**fields, "created_at": now, "updated_at": now}
                )
                body = stored.content_json()
                connection.execute(
                    "INSERT INTO corroboration_decisions "
                    "(id, version, created_at, updated_at, body, candidate_key) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        str(stored.id),
                        1,
                        stored.created_at.isoformat(),
                        stored.updated_at.isoformat(),
                        body,
                        key,
                    ),
                )
                action = "create"
            else:
                stored = existing.replace(**fields, version=existing.version + 1, updated_at=now)
                body = stored.content_json()
                connection.execute(
                    "UPDATE corroboration_decisions SET version = ?, updated_at = ?, body = ? "
                    "WHERE id = ? AND version = ?",
                    (
                        stored.version,
                        stored.updated_at.isoformat(),
                        body,
                        str(stored.id),
                        existing.version,
                    ),
                )
                action = "update"
            self.context.audit(connection, action, stored.kind, stored.id, body)
        return stored
