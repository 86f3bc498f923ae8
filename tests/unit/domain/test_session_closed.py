"""The session clock counts only the time Sillok was open: closing the app pauses a
running session ("Sillok was closed"), opening it again resumes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from app.domain import Pause, PauseReason, Session

T0 = datetime(2024, 3, 5, 1, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def running(pauses: list[Pause] | None = None) -> Session:
    return Session(interview_id=uuid4(), number=1, started_at=T0, pauses=pauses or [])


def test_the_time_sillok_is_closed_does_not_count() -> None:
    # 9.5 minutes of interview, quit, a minute closed, reopened, 5 more minutes.
    session = running().closed(at(9.5)).reopened(at(10.5))
    assert session.elapsed(at(15.5)) == timedelta(minutes=14.5)
    assert [p.reason for p in session.pauses] == [PauseReason.CLOSED]


def test_while_closed_the_clock_stands_still() -> None:
    closed = running().closed(at(9.5))
    assert closed.is_paused
    assert closed.elapsed(at(9.5)) == closed.elapsed(at(600)) == timedelta(minutes=9.5)


def test_a_pause_the_interviewer_chose_is_kept_through_a_close_and_not_ended_by_reopening() -> None:
    paused = running([Pause(started_at=at(5), reason=PauseReason.BREAK)])
    assert paused.closed(at(9)) == paused
    assert paused.reopened(at(20)) == paused
    assert paused.elapsed(at(20)) == timedelta(minutes=5)


def test_an_ended_session_is_left_as_it_is() -> None:
    ended = running().replace(ended_at=at(30))
    assert ended.closed(at(40)) == ended
    assert ended.reopened(at(50)) == ended


def test_a_clock_set_back_never_makes_an_invalid_pause() -> None:
    earlier = running([Pause(started_at=at(5), ended_at=at(8), reason=PauseReason.BREAK)])
    closed = earlier.closed(at(6))  # the laptop's clock went back
    assert closed.pauses[-1].started_at == at(8)
    reopened = closed.reopened(at(7))
    assert reopened.pauses[-1].ended_at == at(8)
