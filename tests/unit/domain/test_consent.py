"""Consent: what is allowed, when, and withdrawal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from pydantic import ValidationError

from app.domain import Consent, ConsentMethod, ConsentScope

GIVEN = datetime(2024, 3, 5, 1, 0, tzinfo=UTC)
LATER = GIVEN + timedelta(days=30)


def consent(*granted: ConsentScope) -> Consent:
    return Consent(
        interview_id=uuid4(),
        interviewee_id=uuid4(),
        granted=frozenset(granted),
        method=ConsentMethod.ORAL,
        given_at=GIVEN,
        recorded_by="박 조사관",
    )


def test_allows_only_what_was_granted() -> None:
    given = consent(ConsentScope.RECORDING, ConsentScope.TRANSFER_GENEVA)
    assert given.allows(ConsentScope.RECORDING)
    assert given.allows(ConsentScope.TRANSFER_GENEVA, at=GIVEN)
    assert not given.allows(ConsentScope.USE_OF_IDENTITY)
    assert not given.allows(ConsentScope.SHARE_ACCOUNTABILITY, at=LATER)


def test_nothing_is_allowed_before_consent_was_given() -> None:
    assert not consent(ConsentScope.RECORDING).allows(
        ConsentScope.RECORDING, at=GIVEN - timedelta(seconds=1)
    )


def test_withdrawal_applies_from_its_moment_on() -> None:
    given = consent(ConsentScope.RECORDING, ConsentScope.RECONTACT)
    withdrawn = given.withdraw([ConsentScope.RECONTACT], LATER, note="전화로 철회")
    assert withdrawn.allows(ConsentScope.RECONTACT, at=LATER - timedelta(seconds=1))
    assert not withdrawn.allows(ConsentScope.RECONTACT, at=LATER)
    assert not withdrawn.allows(ConsentScope.RECONTACT)
    assert withdrawn.allows(ConsentScope.RECORDING)
    assert withdrawn.current_scopes == {ConsentScope.RECORDING}
    assert withdrawn.withdrawals[0].note == "전화로 철회"


def test_withdraw_returns_a_copy_and_leaves_the_version_to_the_store() -> None:
    given = consent(ConsentScope.RECONTACT)
    withdrawn = given.withdraw([ConsentScope.RECONTACT], LATER)
    assert given.withdrawals == ()
    assert given.allows(ConsentScope.RECONTACT)
    assert (withdrawn.id, withdrawn.version) == (given.id, 1)
    assert len(withdrawn.withdrawals) == 1


def test_withdrawals_accumulate() -> None:
    given = consent(ConsentScope.RECORDING, ConsentScope.RECONTACT)
    twice = given.withdraw([ConsentScope.RECONTACT], LATER).withdraw(
        [ConsentScope.RECORDING], LATER + timedelta(days=1)
    )
    assert [sorted(w.scopes) for w in twice.withdrawals] == [["recontact"], ["recording"]]
    assert twice.allows(ConsentScope.RECORDING, at=LATER)
    assert twice.current_scopes == frozenset()


def test_cannot_withdraw_what_was_not_granted() -> None:
    with pytest.raises(ValidationError, match="cannot withdraw what was not granted: recording"):
        consent(ConsentScope.RECONTACT).withdraw([ConsentScope.RECORDING], LATER)


def test_cannot_withdraw_before_consent_was_given() -> None:
    with pytest.raises(ValidationError, match="cannot be withdrawn before it was given"):
        consent(ConsentScope.RECONTACT).withdraw([ConsentScope.RECONTACT], GIVEN - timedelta(1))


def test_withdrawal_needs_a_scope() -> None:
    with pytest.raises(ValidationError, match="scopes"):
        consent(ConsentScope.RECONTACT).withdraw([], LATER)


def test_allows_needs_an_aware_moment() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        consent(ConsentScope.RECORDING).allows(ConsentScope.RECORDING, at=datetime(2024, 4, 1))
