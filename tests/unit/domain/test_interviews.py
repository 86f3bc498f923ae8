"""Interviews and sessions: the clock the interviewer sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from pydantic import ValidationError

from app.domain import Interview, InterviewStatus, Pause, PauseReason, Session

T0 = datetime(2024, 3, 5, 1, 0, tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def pause(start: float, end: float | None, reason: PauseReason = PauseReason.BREAK) -> Pause:
    return Pause(
        started_at=T0 + minutes(start),
        ended_at=None if end is None else T0 + minutes(end),
        reason=reason,
    )


def session(pauses: list[Pause], ended: float | None = None) -> Session:
    return Session(
        interview_id=uuid4(),
        number=1,
        started_at=T0,
        ended_at=None if ended is None else T0 + minutes(ended),
        pauses=pauses,
    )


def test_interview_defaults() -> None:
    interview = Interview(
        interviewee_id=uuid4(), code="SLK-AAAA-BBBB", interviewer="박", location_kind="other"
    )
    assert (interview.status, interview.language) == (InterviewStatus.DRAFT, "ko")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("interviewer", " "),
        ("location_kind", "Resettlement Centre"),
        ("questionnaire_version", "1.2"),
        ("language", "Korean"),
        ("status", "finished"),
    ],
)
def test_interview_refuses(field: str, value: str) -> None:
    data = {
        "interviewee_id": uuid4(),
        "code": "SLK-AAAA-BBBB",
        "interviewer": "박",
        "location_kind": "other",
        field: value,
    }
    with pytest.raises(ValidationError, match=field):
        Interview.model_validate(data)


def test_elapsed_without_pauses() -> None:
    assert session([]).elapsed(T0 + minutes(30)) == minutes(30)
    assert session([]).remaining(T0 + minutes(30)) == minutes(90)


def test_elapsed_excludes_closed_and_open_pauses() -> None:
    running = session([pause(10, 20, PauseReason.DISTRESS), pause(50, None)])
    assert running.elapsed(T0 + minutes(15)) == minutes(10)
    assert running.elapsed(T0 + minutes(45)) == minutes(35)
    assert running.elapsed(T0 + minutes(70)) == minutes(40)
    assert running.is_paused


def test_elapsed_stops_when_the_session_ended() -> None:
    ended = session([pause(10, 20)], ended=130)
    assert ended.elapsed(T0 + minutes(500)) == minutes(120)
    assert ended.remaining(T0 + minutes(500)) == timedelta(0)
    assert not ended.is_paused


def test_session_ended_during_a_pause_counts_the_pause_to_the_end() -> None:
    assert session([pause(100, None)], ended=110).elapsed(T0 + minutes(200)) == minutes(100)


def test_elapsed_before_start_is_zero_and_needs_an_aware_now() -> None:
    assert session([]).elapsed(T0 - minutes(5)) == timedelta(0)
    with pytest.raises(ValueError, match="timezone-aware"):
        session([]).elapsed(datetime(2024, 3, 5, 2, 0))


def test_over_budget_is_negative_remaining() -> None:
    assert session([]).remaining(T0 + minutes(135)) == -minutes(15)


@pytest.mark.parametrize(
    ("pauses", "ended", "message"),
    [
        ([], -1, "a session cannot end before it starts"),
        ([pause(-5, 5)], None, "pause 1 starts before the session"),
        ([pause(10, 30), pause(20, 40)], None, "pause 2 starts before .* overlaps"),
        ([pause(10, None), pause(20, 30)], None, "pause 1 is open but is not the last"),
        ([pause(10, 70)], 60, "pause 1 ends after the session ended"),
        ([pause(70, None)], 60, "pause 1 starts after the session ended"),
    ],
)
def test_session_times_must_be_in_order(
    pauses: list[Pause], ended: float | None, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        session(pauses, ended)


def test_pause_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="a pause cannot end before it starts"):
        pause(20, 10)


def test_session_number_starts_at_one() -> None:
    with pytest.raises(ValidationError, match="number"):
        Session(interview_id=uuid4(), number=0, started_at=T0)
