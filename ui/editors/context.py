"""What an editor needs from the interview around it, given by the session screen.

Creating a person or a facility is a write to the database, which the app does on its
storage worker; the editor asks through a callback and is told the new record's id when
it exists (`done(uuid)`), or `done(None)` when it could not be made. A synchronous fake
(tests, the preview) simply calls `done` at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from app.domain.people import FacilityType, PersonRole, PlaceRef
from app.i18n import current_language
from app.reference import Reference


@dataclass(frozen=True)
class NewFacility:
    """A facility to record for the interview, as the interviewer named it."""

    name: str
    facility_type: FacilityType
    reference_id: str | None = None
    """The facility's id in the reference data, when it was picked from there."""
    place: PlaceRef | None = None


Done = Callable[[UUID | None], None]
"""Called with the new record's id, or None when it could not be made."""

KnownRecords = Callable[[], list[tuple[UUID, str]]]
"""The interview's persons (or facilities) so far: id and a label to show."""

CreatePerson = Callable[[str, PersonRole, Done], None]
"""Record a new person described by the text, in the role the question asks about."""

CreateFacility = Callable[[NewFacility, Done], None]


def _nobody() -> list[tuple[UUID, str]]:
    return []


def _cannot_create(*args: object) -> None:
    done = args[-1]
    assert callable(done)
    done(None)


@dataclass(frozen=True)
class EditorContext:
    reference: Reference
    known_persons: KnownRecords = _nobody
    known_facilities: KnownRecords = _nobody
    create_person: CreatePerson = _cannot_create
    create_facility: CreateFacility = _cannot_create
    language: Callable[[], str] = field(default=current_language)
    """The language of questionnaire texts (choices, units): 'ko' or 'en'."""
