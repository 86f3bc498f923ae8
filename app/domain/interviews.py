"""Interviews and their sessions: who asked, when, for how long, with which pauses.

An interview may span several sessions (a witness may come back another day). The
resettlement centre allows about two hours per session: `Session.budget_minutes` and
`Session.elapsed()` let the interviewer see the clock, pauses excluded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import ClassVar, Self
from uuid import UUID

from pydantic import Field, model_validator

from app.domain.base import FrozenModel, Record
from app.domain.fields import (
    Key,
    LanguageTag,
    NonBlankStr,
    PseudonymousCode,
    SemVer,
    UtcDateTime,
)


class InterviewStatus(StrEnum):
    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    READ_BACK = "read_back"
    """The statement was read back to the witness; later edits are amendments."""
    CLOSED = "closed"


class Interview(Record):
    """One interview of one witness, under a pseudonymous code."""

    kind: ClassVar[str] = "interview"

    interviewee_id: UUID
    code: PseudonymousCode
    interviewer: NonBlankStr
    interpreter: str | None = None
    location_kind: Key
    """Where it took place, e.g. "resettlement_centre" or "other"."""
    questionnaire_id: str | None = None
    questionnaire_version: SemVer | None = None
    status: InterviewStatus = InterviewStatus.DRAFT
    language: LanguageTag = "ko"
    notes: str | None = None


class PauseReason(StrEnum):
    BREAK = "break"
    DISTRESS = "distress"
    INTERRUPTION = "interruption"
    OTHER = "other"
    CLOSED = "closed"
    """Sillok was closed while the session ran (recorded by the app, not chosen)."""


class Pause(FrozenModel):
    """A pause in a session; `ended_at` is None while it lasts."""

    started_at: UtcDateTime
    ended_at: UtcDateTime | None = None
    reason: PauseReason

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("a pause cannot end before it starts")
        return self


class Session(Record):
    """A sitting of an interview. Pauses are in order and do not overlap; only the last
    may be open. A session that ended during an open pause counts the pause up to its end.
    """

    kind: ClassVar[str] = "session"

    interview_id: UUID
    number: int = Field(ge=1)
    started_at: UtcDateTime
    ended_at: UtcDateTime | None = None
    pauses: list[Pause] = Field(default_factory=list)
    present: list[str] = Field(default_factory=list)
    """Who was present (interviewer, interpreter, a support person…)."""
    budget_minutes: int = Field(default=120, ge=1)

    @model_validator(mode="after")
    def _times_in_order(self) -> Self:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("a session cannot end before it starts")
        previous_end = self.started_at
        for index, pause in enumerate(self.pauses, start=1):
            if pause.started_at < previous_end:
                raise ValueError(
                    f"pause {index} starts before the session or overlaps the pause before it"
                )
            if self.ended_at is not None and pause.started_at > self.ended_at:
                raise ValueError(f"pause {index} starts after the session ended")
            if pause.ended_at is None:
                if index != len(self.pauses):
                    raise ValueError(f"pause {index} is open but is not the last pause")
            else:
                if self.ended_at is not None and pause.ended_at > self.ended_at:
                    raise ValueError(f"pause {index} ends after the session ended")
                previous_end = pause.ended_at
        return self

    def elapsed(self, now: datetime) -> timedelta:
        """Time spent interviewing up to `now` (or the end of the session), pauses excluded.

        `now` must be timezone-aware; a moment before the start gives zero.
        """
        if now.tzinfo is None:
            raise ValueError("now must be a timezone-aware datetime")
        end = now if self.ended_at is None else min(now, self.ended_at)
        if end <= self.started_at:
            return timedelta(0)
        total = end - self.started_at
        for pause in self.pauses:
            pause_end = end if pause.ended_at is None else min(pause.ended_at, end)
            if pause_end > pause.started_at:
                total -= pause_end - pause.started_at
        return total

    def remaining(self, now: datetime) -> timedelta:
        """Time left in the budget at `now`; negative once the budget is spent."""
        return timedelta(minutes=self.budget_minutes) - self.elapsed(now)

    @property
    def is_paused(self) -> bool:
        """True while the session runs and its last pause is still open."""
        return self.ended_at is None and bool(self.pauses) and self.pauses[-1].ended_at is None

    # -- Sillok closed and opened again: only the time it is open counts ----------------------

    def closed(self, now: datetime) -> Self:
        """The session as Sillok closes at `now`: if it runs, an open pause "closed" starts,
        so the clock stands still until Sillok opens it again (`reopened`). A pause the
        interviewer chose, or an ended session, is left as it is."""
        if self.ended_at is not None or self.is_paused:
            return self
        start = max([now, self.started_at, *(p.ended_at for p in self.pauses if p.ended_at)])
        pause = Pause(started_at=start, reason=PauseReason.CLOSED)
        return self.replace(pauses=[*self.pauses, pause])

    def reopened(self, now: datetime) -> Self:
        """The session as Sillok shows it again at `now`: the "closed" pause ends."""
        if not self.is_paused or self.pauses[-1].reason is not PauseReason.CLOSED:
            return self
        last = self.pauses[-1]
        ended = last.model_copy(update={"ended_at": max(now, last.started_at)})
        return self.replace(pauses=[*self.pauses[:-1], ended])
