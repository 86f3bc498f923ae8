"""Answers to questionnaire questions, and the typed values they hold.

A value is one of a closed set of shapes, told apart by its `type` field in the JSON
(`{"type": "tristate", "value": "yes"}`), so any reader can parse it without this code.
Questions inside repeat groups ("each incident", "each perpetrator of that incident")
are answered once per instance; `RepeatPosition` names the instance.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self
from uuid import UUID

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from app.domain.base import FrozenModel, Record
from app.domain.dates import ApproximateDate, Precision
from app.domain.fields import NonBlankStr, SemVer
from app.domain.people import PlaceRef
from app.domain.sources import KnowledgeSource


class TextValue(FrozenModel):
    type: Literal["text"] = "text"
    text: str


class TriState(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    DECLINED = "declined"


class TriStateValue(FrozenModel):
    type: Literal["tristate"] = "tristate"
    value: TriState


class ChoiceValue(FrozenModel):
    type: Literal["choice"] = "choice"
    choice: NonBlankStr


class MultiChoiceValue(FrozenModel):
    type: Literal["multi_choice"] = "multi_choice"
    choices: list[NonBlankStr]

    @model_validator(mode="after")
    def _no_duplicates(self) -> Self:
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("a choice is listed twice")
        return self


class NumberValue(FrozenModel):
    """A number as told, kept exact ("1.5" stays 1.5), with its unit if any."""

    type: Literal["number"] = "number"
    value: Decimal = Field(allow_inf_nan=False)
    unit: str | None = None


class DurationValue(FrozenModel):
    """A duration: minutes when they can be counted, the words as told otherwise."""

    type: Literal["duration"] = "duration"
    minutes: int | None = Field(default=None, ge=0)
    approximate: bool = False
    text: str | None = None

    @model_validator(mode="after")
    def _something_given(self) -> Self:
        if self.minutes is None and not (self.text or "").strip():
            raise ValueError("a duration needs minutes or a text")
        return self


class DateValue(FrozenModel):
    type: Literal["date"] = "date"
    date: ApproximateDate


class PlaceValue(FrozenModel):
    type: Literal["place"] = "place"
    place: PlaceRef


class FacilityValue(FrozenModel):
    type: Literal["facility"] = "facility"
    facility_id: UUID


class PersonValue(FrozenModel):
    type: Literal["person"] = "person"
    person_id: UUID


class SourceValue(FrozenModel):
    """How the witness knows (saw, experienced, heard from whom, read)."""

    type: Literal["source"] = "source"
    source: KnowledgeSource
    heard_from: str | None = None
    note: str | None = None


class DeclinedValue(FrozenModel):
    """The witness declined to answer (which is an answer, and is respected)."""

    type: Literal["declined"] = "declined"


AnswerValue = Annotated[
    TextValue
    | TriStateValue
    | ChoiceValue
    | MultiChoiceValue
    | NumberValue
    | DurationValue
    | DateValue
    | PlaceValue
    | FacilityValue
    | PersonValue
    | SourceValue
    | DeclinedValue,
    Field(discriminator="type"),
]

_GROUP_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_STEP = re.compile(r"^([A-Za-z0-9_.-]+)#(0|[1-9][0-9]*)$")


class RepeatPosition(FrozenModel):
    """Which instance of nested repeat groups an answer belongs to.

    `steps` lists (group id, index) pairs from the outermost group in; indices count
    from 0. The key form is "incident#2/perpetrator#0", and "" outside repeat groups.
    """

    steps: tuple[tuple[str, int], ...] = ()

    @model_validator(mode="after")
    def _valid_steps(self) -> Self:
        for group_id, index in self.steps:
            if not _GROUP_ID.match(group_id):
                raise ValueError(f"repeat group id {group_id!r} may use only A-Z a-z 0-9 _ . -")
            if index < 0:
                raise ValueError(f"repeat index {index} of {group_id!r} is negative")
        return self

    def to_key(self) -> str:
        """The canonical key, e.g. "incident#2/perpetrator#0"; "" for no repeat."""
        return "/".join(f"{group_id}#{index}" for group_id, index in self.steps)

    @classmethod
    def from_key(cls, key: str) -> Self:
        """Parse a key made by `to_key()`; anything else raises ValueError."""
        if key == "":
            return cls()
        steps: list[tuple[str, int]] = []
        for part in key.split("/"):
            match = _STEP.match(part)
            if match is None:
                raise ValueError(f"{key!r} is not a repeat position (like 'incident#2')")
            steps.append((match.group(1), int(match.group(2))))
        return cls(steps=tuple(steps))

    def child(self, group_id: str, index: int) -> Self:
        """The position of instance `index` of group `group_id` nested inside this one."""
        return type(self)(steps=(*self.steps, (group_id, index)))


class Confidence(StrEnum):
    """How sure the witness is of this fact, in their own assessment."""

    CERTAIN = "certain"
    FAIRLY_SURE = "fairly_sure"
    UNSURE = "unsure"


class Provenance(FrozenModel):
    """How the witness knows one fact, recorded as part of its answer (not as another
    question): the source, how precise its date is, and how sure the witness is."""

    source: KnowledgeSource
    heard_from: str | None = None
    """For hearsay: from whom (a role or relationship, never a relative's name), and when."""
    date_precision: Precision | None = None
    """How precisely the witness can date the fact (day, month, season, year, a range…)."""
    confidence: Confidence | None = None


class Answer(Record):
    """The answer to one question (in one repeat instance) of an interview."""

    kind: ClassVar[str] = "answer"

    interview_id: UUID
    session_id: UUID | None = None
    question_id: NonBlankStr
    position: str = ""
    """The `RepeatPosition` key of the instance answered; "" outside repeat groups."""
    value: AnswerValue
    questionnaire_version: SemVer | None = None
    note: str | None = None
    provenance: Provenance | None = None
    """How the witness knows this fact; absent in answers recorded before it existed."""

    @model_serializer(mode="wrap")
    def _omit_absent_provenance(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # An answer without provenance serialises exactly as before the field existed, so
        # the canonical JSON (and every hash and signature over it) of stored answers holds.
        data: dict[str, Any] = handler(self)
        if data.get("provenance", 0) is None:
            del data["provenance"]
        return data

    @model_validator(mode="after")
    def _valid_position(self) -> Self:
        RepeatPosition.from_key(self.position)
        return self

    @property
    def repeat_position(self) -> RepeatPosition:
        return RepeatPosition.from_key(self.position)
