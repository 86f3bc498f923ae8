"""Incidents: what happened, when, where, to whom and by whom, as one witness told it."""

from __future__ import annotations

from typing import ClassVar, Self
from uuid import UUID

from pydantic import Field, model_validator

from app.domain.base import Record
from app.domain.dates import ApproximateDate
from app.domain.fields import NonBlankStr
from app.domain.people import PlaceRef
from app.domain.sources import KnowledgeSource


class Incident(Record):
    """An event in the testimony. `exculpatory` marks information that tends to clear a
    suspect or lessen their responsibility: it is recorded as carefully as the rest."""

    kind: ClassVar[str] = "incident"

    interview_id: UUID
    title: NonBlankStr
    summary: str | None = None
    date: ApproximateDate | None = None
    place: PlaceRef | None = None
    facility_id: UUID | None = None
    person_ids: list[UUID] = Field(default_factory=list)
    """The people involved (`Person` records); their role is on each person."""
    source: KnowledgeSource | None = None
    exculpatory: bool = False

    @model_validator(mode="after")
    def _people_once(self) -> Self:
        if len(set(self.person_ids)) != len(self.person_ids):
            raise ValueError("a person is listed twice in the incident")
        return self
