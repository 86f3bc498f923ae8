"""What the witness consented to, and what they later withdrew.

Consent governs use: the export refuses what `Consent.allows()` denies. A scope not in
`granted` was refused. Withdrawals are kept, never erased: the record shows what was
allowed at any moment, which is what a court will ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, ClassVar, Self
from uuid import UUID

from pydantic import Field, PlainSerializer, model_validator

from app.domain.base import FrozenModel, Record
from app.domain.fields import NonBlankStr, UtcDateTime


class ConsentScope(StrEnum):
    RECORDING = "recording"
    """Audio recording of the interview."""
    TRANSFER_GENEVA = "transfer_geneva"
    """Transfer of the testimony to the central repository in Geneva."""
    USE_OF_IDENTITY = "use_of_identity"
    """Use of the witness's identity (real name, birth date, hometown, relatives)."""
    SHARE_ACCOUNTABILITY = "share_accountability"
    """Sharing with future accountability mechanisms or prosecutors."""
    RECONTACT = "recontact"
    """Contacting the witness again, e.g. for a re-interview."""


class ConsentMethod(StrEnum):
    ORAL = "oral"
    WRITTEN = "written"
    RECORDED_ORAL = "recorded_oral"


def _sorted_scopes(scopes: frozenset[ConsentScope]) -> list[str]:
    return sorted(scope.value for scope in scopes)


ScopeSet = Annotated[
    frozenset[ConsentScope], PlainSerializer(_sorted_scopes, return_type=list[str])
]
"""A set of scopes, serialised sorted so the JSON body is the same on every machine."""


class ConsentWithdrawal(FrozenModel):
    """The witness withdrew `scopes` at `at`."""

    at: UtcDateTime
    scopes: ScopeSet = Field(min_length=1)
    note: str | None = None


class Consent(Record):
    """The consent a witness gave for one interview, with its later withdrawals."""

    kind: ClassVar[str] = "consent"

    interview_id: UUID
    interviewee_id: UUID
    granted: ScopeSet = frozenset()
    method: ConsentMethod
    given_at: UtcDateTime
    recorded_by: NonBlankStr
    withdrawals: tuple[ConsentWithdrawal, ...] = ()

    @model_validator(mode="after")
    def _withdrawals_make_sense(self) -> Self:
        for withdrawal in self.withdrawals:
            if withdrawal.at < self.given_at:
                raise ValueError("consent cannot be withdrawn before it was given")
            not_granted = withdrawal.scopes - self.granted
            if not_granted:
                names = ", ".join(_sorted_scopes(not_granted))
                raise ValueError(f"cannot withdraw what was not granted: {names}")
        return self

    def allows(self, scope: ConsentScope, at: datetime | None = None) -> bool:
        """Whether `scope` is allowed at moment `at`, or now and for good if `at` is None.

        Allowed means granted, already given at `at`, and not withdrawn at or before `at`
        (with `at` None: never withdrawn).
        """
        if scope not in self.granted:
            return False
        if at is None:
            return not any(scope in w.scopes for w in self.withdrawals)
        if at.tzinfo is None:
            raise ValueError("at must be a timezone-aware datetime")
        if at < self.given_at:
            return False
        return not any(scope in w.scopes and w.at <= at for w in self.withdrawals)

    @property
    def current_scopes(self) -> frozenset[ConsentScope]:
        """The scopes granted and never withdrawn."""
        return frozenset(scope for scope in self.granted if self.allows(scope))

    def withdraw(
        self, scopes: Iterable[ConsentScope], at: datetime, note: str | None = None
    ) -> Consent:
        """A copy of this consent with a withdrawal of `scopes` at `at` added.

        The version is not bumped here: the store does that when it saves the copy.
        Raises ValidationError when a scope was never granted or `at` is before
        the consent was given.
        """
        withdrawal = ConsentWithdrawal(at=at, scopes=frozenset(scopes), note=note)
        return self.replace(withdrawals=(*self.withdrawals, withdrawal))
