"""Element tags: a link from a piece of testimony to a legal element it may prove.

The element ids are the stable, citable ids of the legal catalogue, e.g. `CAH.7.1.e.1`
(crimes against humanity, article 7(1)(e), element 1) or `MOL.28.a.2` (mode of liability,
article 28(a), element 2). A tag points at exactly one thing: an answer, or a span of
characters of a transcript segment.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Self
from uuid import UUID

from pydantic import Field, StringConstraints, model_validator

from app.domain.base import Record

ELEMENT_ID_PATTERN = r"^[A-Z]{2,5}(\.[0-9A-Za-z]+)+$"
ElementId = Annotated[str, StringConstraints(pattern=ELEMENT_ID_PATTERN)]


class ElementTag(Record):
    """Tags an answer, or the characters `start` (inclusive) to `end` (exclusive) of a
    transcript segment's text, with a legal element."""

    kind: ClassVar[str] = "element_tag"

    interview_id: UUID
    element_id: ElementId
    answer_id: UUID | None = None
    segment_id: UUID | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=1)
    incident_id: UUID | None = None
    person_id: UUID | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _exactly_one_target(self) -> Self:
        span = (self.segment_id, self.start, self.end)
        if self.answer_id is not None:
            if any(part is not None for part in span):
                raise ValueError("a tag points at an answer or at a transcript span, not both")
            return self
        if self.segment_id is None:
            raise ValueError("a tag needs an answer or a transcript span")
        if self.start is None or self.end is None:
            raise ValueError("a transcript span needs a start and an end")
        if self.start >= self.end:
            raise ValueError(f"the span start ({self.start}) must be before its end ({self.end})")
        return self

    @property
    def is_span(self) -> bool:
        """True when the tag points into a transcript segment rather than an answer."""
        return self.segment_id is not None
