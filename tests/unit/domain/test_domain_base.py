"""Record basics: UTC timestamps, immutability, validated copies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from pydantic import ValidationError

from app.domain import Interviewee, Session

KST = timezone(timedelta(hours=9))


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Interviewee(code="SLK-AAAA-BBBB", created_at=datetime(2024, 1, 1, 9, 0))


def test_naive_datetime_is_refused_in_any_record_field() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Session(interview_id=uuid4(), number=1, started_at=datetime(2024, 1, 1, 9, 0))


def test_aware_datetime_is_stored_in_utc() -> None:
    record = Interviewee(code="SLK-AAAA-BBBB", created_at=datetime(2024, 1, 1, 9, 0, tzinfo=KST))
    assert record.created_at.utcoffset() == timedelta(0)
    assert record.created_at == datetime(2024, 1, 1, 0, 0, tzinfo=UTC)
    assert '"created_at":"2024-01-01T00:00:00Z"' in record.content_json()


def test_new_record_is_created_and_updated_at_the_same_moment() -> None:
    before = datetime.now(UTC)
    record = Interviewee(code="SLK-AAAA-BBBB")
    assert record.created_at == record.updated_at
    assert before <= record.created_at <= datetime.now(UTC)
    assert record.version == 1


def test_given_created_at_is_also_the_first_updated_at() -> None:
    moment = datetime(2020, 5, 1, tzinfo=UTC)
    assert Interviewee(code="SLK-AAAA-BBBB", created_at=moment).updated_at == moment


def test_updated_before_created_is_refused() -> None:
    moment = datetime(2020, 5, 1, tzinfo=UTC)
    with pytest.raises(ValidationError, match="updated_at must not be before created_at"):
        Interviewee(
            code="SLK-AAAA-BBBB", created_at=moment, updated_at=moment - timedelta(seconds=1)
        )


def test_version_starts_at_one() -> None:
    with pytest.raises(ValidationError, match="version"):
        Interviewee(code="SLK-AAAA-BBBB", version=0)


def test_records_are_immutable() -> None:
    record = Interviewee(code="SLK-AAAA-BBBB")
    with pytest.raises(ValidationError, match="frozen"):
        record.code = "SLK-CCCC-DDDD"  # type: ignore[misc]


def test_replace_validates_and_keeps_identity() -> None:
    record = Interviewee(code="SLK-AAAA-BBBB")
    changed = record.replace(sex="M")
    assert (changed.id, changed.version, changed.created_at) == (
        record.id,
        1,
        record.created_at,
    )
    assert (record.sex, changed.sex) == (None, "M")
    with pytest.raises(ValidationError, match="code"):
        record.replace(code="lower-case")
