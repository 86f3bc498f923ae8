"""The questionnaire file, as pydantic models: what `docs/questionnaire-format.md` describes.

These models check the shape of each part (fields, types, both languages). What needs the
whole file (unique ids, conditions, cycles, element ids) is checked by
`app.questionnaire.check`, which can say where in the file a problem is.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import Discriminator, Field, StringConstraints, Tag, model_validator

from app.domain.base import FrozenModel
from app.domain.bilingual import Bilingual
from app.domain.fields import SemVer
from app.domain.people import FacilityType, PersonRole
from app.domain.tags import ElementId

RESERVED_WORDS = frozenset({"and", "or", "not", "in", "value", "true", "false", "null"})

ITEM_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"


def _not_reserved(item_id: str) -> str:
    reserved = [part for part in item_id.split(".") if part in RESERVED_WORDS]
    if reserved:
        raise ValueError(f"{reserved[0]!r} is a word of the condition language, not an id")
    return item_id


ItemId = Annotated[str, StringConstraints(pattern=ITEM_ID_PATTERN, max_length=120)]
ChoiceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=64)]
WordingRuleId = Literal["negative", "double", "presupposing"]
Expression = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class QuestionType(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    YES_NO = "yes_no"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    NUMBER = "number"
    DURATION = "duration"
    DATE = "date"
    PLACE = "place"
    FACILITY = "facility"
    PERSON = "person"
    SOURCE = "source"


DEFAULT_MINUTES: dict[QuestionType, Decimal] = {
    QuestionType.SHORT_TEXT: Decimal("0.5"),
    QuestionType.LONG_TEXT: Decimal(3),
    QuestionType.YES_NO: Decimal("0.5"),
    QuestionType.SINGLE_CHOICE: Decimal("0.5"),
    QuestionType.MULTI_CHOICE: Decimal(1),
    QuestionType.NUMBER: Decimal("0.5"),
    QuestionType.DURATION: Decimal("0.5"),
    QuestionType.DATE: Decimal(1),
    QuestionType.PLACE: Decimal(1),
    QuestionType.FACILITY: Decimal(1),
    QuestionType.PERSON: Decimal(2),
    QuestionType.SOURCE: Decimal("0.5"),
}

CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})

YES_NO_VALUES = ("yes", "no", "unknown", "declined")
SOURCE_VALUES = ("saw", "experienced", "heard", "document", "other")


class Funnel(StrEnum):
    """Where a question sits in its topic's funnel: the order an interviewer asks in."""

    NARRATIVE = "narrative"
    """The open invitation that starts the topic, always shown when the topic is."""
    PROBE = "probe"
    """An open follow-up on what the witness said (who, what, when, where, how)."""
    CHECKLIST = "checklist"
    """Ticked by the interviewer from what the witness said; never read out."""
    CLARIFY = "clarify"
    """A closed question for a detail the account left open."""


FUNNEL_ORDER = {role: rank for rank, role in enumerate(Funnel)}


class Choice(FrozenModel):
    id: ChoiceId
    text: Bilingual


class _Item(FrozenModel):
    id: ItemId
    relevant: Expression | None = None

    @model_validator(mode="after")
    def _id_not_reserved(self) -> Self:
        _not_reserved(self.id)
        return self


class Question(_Item):
    type: QuestionType
    text: Bilingual
    hint: Bilingual | None = None
    guidance: Bilingual | None = None
    choices: list[Choice] | None = None
    required: bool = False
    constraint: Expression | None = None
    constraint_message: Bilingual | None = None
    elements: list[ElementId] = Field(default_factory=list)
    evidence_when: Expression | None = None
    minutes: Decimal | None = Field(default=None, ge=0, le=120)
    unit: Bilingual | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    role: PersonRole | None = None
    place_types: list[str] | None = None
    facility_types: list[FacilityType] | None = None
    about: list[ItemId] | None = None
    funnel: Funnel | None = None
    sensitive: bool = False
    """Asked only in its place in the sequence: `suggest()` never proposes it early."""
    accept: list[WordingRuleId] = Field(default_factory=list)
    """Wording rules (`app/questionnaire/wording.py`) checked and accepted for this text."""

    @property
    def interviewer_only(self) -> bool:
        """The interviewer's own record (an assessment, what they observed), never asked of
        the witness: by the questionnaires' convention its text starts "Interviewer:"
        ("면담자:")."""
        return self.text.en.startswith("Interviewer:") or self.text.ko.startswith("면담자:")

    @model_validator(mode="after")
    def _fits_its_type(self) -> Self:
        kind = self.type
        if kind in CHOICE_TYPES and not self.choices:
            raise ValueError(f"a {kind} question needs `choices`")
        if kind not in CHOICE_TYPES and self.choices is not None:
            raise ValueError(f"a {kind} question has no `choices`")
        if kind is QuestionType.PERSON and self.role is None:
            raise ValueError("a person question needs a `role` (perpetrator, victim, witness…)")
        only = {
            "role": QuestionType.PERSON,
            "place_types": QuestionType.PLACE,
            "facility_types": QuestionType.FACILITY,
            "about": QuestionType.SOURCE,
            "unit": QuestionType.NUMBER,
            "min": QuestionType.NUMBER,
            "max": QuestionType.NUMBER,
        }
        for field, allowed in only.items():
            if getattr(self, field) is not None and kind is not allowed:
                raise ValueError(f"`{field}` belongs to {allowed} questions, not {kind}")
        if self.constraint_message is not None and self.constraint is None:
            raise ValueError("`constraint_message` without a `constraint`")
        return self

    @property
    def estimated_minutes(self) -> Decimal:
        return self.minutes if self.minutes is not None else DEFAULT_MINUTES[self.type]

    def value_domain(self) -> tuple[str, ...] | None:
        """The values a condition may compare this question with, when they are few."""
        if self.choices is not None:
            return (*(choice.id for choice in self.choices), "declined")
        if self.type is QuestionType.YES_NO:
            return YES_NO_VALUES
        if self.type is QuestionType.SOURCE:
            return (*SOURCE_VALUES, "declined")
        return None


class Note(_Item):
    type: Literal["note"]
    text: Bilingual
    minutes: Decimal = Field(default=Decimal(0), ge=0, le=120)


class Group(_Item):
    type: Literal["group"]
    title: Bilingual
    guidance: Bilingual | None = None
    repeat: bool = False
    label: ItemId | None = None
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=1)
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _repeat_fields(self) -> Self:
        if not self.repeat and (self.min is not None or self.max is not None):
            raise ValueError("`min` and `max` belong to repeat groups (`repeat: true`)")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"`min` ({self.min}) is more than `max` ({self.max})")
        return self


def _item_tag(data: Any) -> str:
    kind = data.get("type") if isinstance(data, dict) else getattr(data, "type", None)
    return kind if kind in ("group", "note") else "question"


Item = Annotated[
    Annotated[Question, Tag("question")]
    | Annotated[Note, Tag("note")]
    | Annotated[Group, Tag("group")],
    Discriminator(_item_tag),
]


class Section(_Item):
    title: Bilingual
    guidance: Bilingual | None = None
    module: ItemId | None = None
    """The module of the plan the section belongs to (required when the file has a plan)."""
    sensitive: bool = False
    """Every question of the section is sensitive (see `Question.sensitive`)."""
    items: list[Item] = Field(min_length=1)


class Module(FrozenModel):
    id: ItemId
    title: Bilingual
    guidance: Bilingual | None = None
    budget: Decimal | None = Field(default=None, gt=0, le=600)
    """Minutes the module may take *with interpretation*; `check` fails a scenario over it."""


class Plan(FrozenModel):
    """How the interview is planned: its modules in order, and how interpretation
    stretches the minutes written on the questions."""

    interpretation_factor: Decimal = Field(default=Decimal(1), ge=1, le=4)
    """Minutes with interpretation = minutes in the file × this factor."""
    provenance_required: bool = False
    """Every answer that gives evidence for an element should carry its provenance (source,
    date precision, confidence); the engine lists those that do not."""
    modules: list[Module] = Field(min_length=1)


class Migration(FrozenModel):
    """How answers given under an earlier major version map onto this file's questions."""

    from_version: SemVer
    questions: dict[ItemId, ItemId] = Field(default_factory=dict)
    """Old question id → new question id with the same meaning and answer type."""


class OutOfScope(FrozenModel):
    element: ElementId
    reason: Bilingual


QuestionnaireId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9.-]*$", max_length=80)]


class QuestionnaireFile(FrozenModel):
    """One questionnaire file, as written."""

    questionnaire: QuestionnaireId
    version: SemVer
    title: Bilingual
    description: Bilingual | None = None
    out_of_scope: list[OutOfScope] = Field(default_factory=list)
    plan: Plan | None = None
    """Modules, budgets and the interpretation factor; a file with a plan is also checked
    as an instrument (funnels, wording, modules: docs/questionnaire-format.md)."""
    migration: Migration | None = None
    sections: list[Section] = Field(min_length=1)


Group.model_rebuild()
Section.model_rebuild()
QuestionnaireFile.model_rebuild()
