"""The domain model: what an interview records, as immutable, validated pydantic models.

Qt-free and storage-free. Every stored record derives from `Record`: `kind` names its
type, `content_json()` gives its canonical JSON body, and
`record_type(kind).model_validate_json(body)` reads it back.
"""

from __future__ import annotations

from app.domain.answers import (
    Answer,
    AnswerValue,
    ChoiceValue,
    DateValue,
    DeclinedValue,
    DurationValue,
    FacilityValue,
    MultiChoiceValue,
    NumberValue,
    PersonValue,
    PlaceValue,
    RepeatPosition,
    SourceValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.domain.attachments import AttachmentKind, AttachmentMeta
from app.domain.base import FrozenModel, Record, utc_now
from app.domain.calendars import DATE_CEILING, DATE_FLOOR, Calendar, Season
from app.domain.consent import Consent, ConsentMethod, ConsentScope, ConsentWithdrawal
from app.domain.dates import ApproximateDate, Precision, ToldDate
from app.domain.incidents import Incident
from app.domain.interviews import Interview, InterviewStatus, Pause, PauseReason, Session
from app.domain.people import (
    Facility,
    FacilityType,
    IdentityRecord,
    Interviewee,
    Person,
    PersonDescriptor,
    PersonRole,
    PlaceRef,
    Relative,
    new_pseudonymous_code,
)
from app.domain.sources import KnowledgeSource
from app.domain.tags import ElementTag
from app.domain.transcript import Speaker, TranscriptSegment

RECORD_TYPES: tuple[type[Record], ...] = (
    Interviewee,
    IdentityRecord,
    Interview,
    Consent,
    Session,
    Answer,
    TranscriptSegment,
    Incident,
    Person,
    Facility,
    ElementTag,
    AttachmentMeta,
)
"""Every stored record type, in the order a new interview usually creates them."""

_BY_KIND: dict[str, type[Record]] = {record.kind: record for record in RECORD_TYPES}


def record_type(kind: str) -> type[Record]:
    """The record class of `kind` (e.g. "interview"); KeyError for an unknown kind."""
    try:
        return _BY_KIND[kind]
    except KeyError:
        raise KeyError(f"unknown record kind: {kind!r}") from None


__all__ = [
    "DATE_CEILING",
    "DATE_FLOOR",
    "RECORD_TYPES",
    "Answer",
    "AnswerValue",
    "ApproximateDate",
    "AttachmentKind",
    "AttachmentMeta",
    "Calendar",
    "ChoiceValue",
    "Consent",
    "ConsentMethod",
    "ConsentScope",
    "ConsentWithdrawal",
    "DateValue",
    "DeclinedValue",
    "DurationValue",
    "ElementTag",
    "Facility",
    "FacilityType",
    "FacilityValue",
    "FrozenModel",
    "IdentityRecord",
    "Incident",
    "Interview",
    "InterviewStatus",
    "Interviewee",
    "KnowledgeSource",
    "MultiChoiceValue",
    "NumberValue",
    "Pause",
    "PauseReason",
    "Person",
    "PersonDescriptor",
    "PersonRole",
    "PersonValue",
    "PlaceRef",
    "PlaceValue",
    "Precision",
    "Record",
    "Relative",
    "RepeatPosition",
    "Season",
    "Session",
    "SourceValue",
    "Speaker",
    "TextValue",
    "ToldDate",
    "TranscriptSegment",
    "TriState",
    "TriStateValue",
    "new_pseudonymous_code",
    "record_type",
    "utc_now",
]
