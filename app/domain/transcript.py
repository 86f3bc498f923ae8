"""The words of the interview, segment by segment, as typed during or after it."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from app.domain.base import Record
from app.domain.fields import LanguageTag


class Speaker(StrEnum):
    INTERVIEWER = "interviewer"
    INTERVIEWEE = "interviewee"
    INTERPRETER = "interpreter"
    OTHER = "other"


class TranscriptSegment(Record):
    """One turn of speech. `ordinal` orders the segments of a session (from 0); the text
    is kept exactly as typed, and element tags point into it by character offsets."""

    kind: ClassVar[str] = "transcript_segment"

    interview_id: UUID
    session_id: UUID
    ordinal: int = Field(ge=0)
    speaker: Speaker
    text: str
    language: LanguageTag | None = None
    offset_seconds: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Seconds from the start of the session's recording, when there is one."""
