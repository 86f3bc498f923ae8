"""The answers of one interview, arranged for the engine: by question and repeat instance,
with the value each one has in conditions, and the answers that no longer fit the
questionnaire (asked under another version) kept apart rather than dropped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.domain import Answer, RepeatPosition
from app.domain.answers import (
    ChoiceValue,
    DateValue,
    DeclinedValue,
    DurationValue,
    FacilityValue,
    MultiChoiceValue,
    NumberValue,
    PersonValue,
    PlaceValue,
    SourceValue,
    TextValue,
    TriStateValue,
)
from app.questionnaire.compile import Indices
from app.questionnaire.model import QuestionType
from app.questionnaire.prepared import Questionnaire
from app.questionnaire.structure import NodeKind

_FITS: dict[QuestionType, type] = {
    QuestionType.SHORT_TEXT: TextValue,
    QuestionType.LONG_TEXT: TextValue,
    QuestionType.YES_NO: TriStateValue,
    QuestionType.SINGLE_CHOICE: ChoiceValue,
    QuestionType.MULTI_CHOICE: MultiChoiceValue,
    QuestionType.NUMBER: NumberValue,
    QuestionType.DURATION: DurationValue,
    QuestionType.DATE: DateValue,
    QuestionType.PLACE: PlaceValue,
    QuestionType.FACILITY: FacilityValue,
    QuestionType.PERSON: PersonValue,
    QuestionType.SOURCE: SourceValue,
}


def condition_value(answer: Answer) -> Any:
    """What an answer is worth in a condition (see the format's table of types)."""
    value = answer.value
    if isinstance(value, TextValue):
        return value.text
    if isinstance(value, TriStateValue):
        return value.value.value
    if isinstance(value, ChoiceValue):
        return value.choice
    if isinstance(value, MultiChoiceValue):
        return tuple(value.choices)
    if isinstance(value, NumberValue):
        return value.value
    if isinstance(value, DurationValue):
        return None if value.minutes is None else Decimal(value.minutes)
    if isinstance(value, DateValue):
        return value.date
    if isinstance(value, PlaceValue):
        return value.place.reference_id or value.place.text
    if isinstance(value, FacilityValue):
        return str(value.facility_id)
    if isinstance(value, PersonValue):
        return str(value.person_id)
    if isinstance(value, SourceValue):
        return value.source.value
    assert isinstance(value, DeclinedValue)
    return "declined"


@dataclass(frozen=True)
class Orphan:
    """An answer the questionnaire cannot place: kept, listed, never lost."""

    answer: Answer
    reason: str


@dataclass
class AnswerBook:
    answers: dict[tuple[str, Indices], Answer] = field(default_factory=dict)
    values: dict[tuple[str, Indices], Any] = field(default_factory=dict)
    instances: dict[tuple[str, Indices], int] = field(default_factory=dict)
    """Instances each repeat group has answers in, by (group id, enclosing indices)."""
    orphans: list[Orphan] = field(default_factory=list)


def arrange(questionnaire: Questionnaire, answers: Iterable[Answer]) -> AnswerBook:
    book = AnswerBook()
    nodes = questionnaire.structure.nodes
    for answer in answers:
        node = nodes.get(answer.question_id)
        if node is None or node.kind is not NodeKind.QUESTION:
            book.orphans.append(Orphan(answer, "the questionnaire has no such question"))
            continue
        steps = parse_position(answer.position)
        if tuple(group for group, _ in steps) != node.scope:
            book.orphans.append(Orphan(answer, "the repeat position does not fit the question"))
            continue
        if not isinstance(answer.value, _FITS[node.question.type] | DeclinedValue):
            book.orphans.append(Orphan(answer, "the answer's type does not fit the question"))
            continue
        indices = tuple(index for _, index in steps)
        key = (answer.question_id, indices)
        earlier = book.answers.get(key)
        if earlier is not None and earlier.updated_at > answer.updated_at:
            book.orphans.append(Orphan(answer, "a later answer to the same question replaces it"))
            continue
        if earlier is not None:
            book.orphans.append(Orphan(earlier, "a later answer to the same question replaces it"))
        book.answers[key] = answer
        book.values[key] = condition_value(answer)
        for depth, (group, index) in enumerate(steps):
            instance_key = (group, indices[:depth])
            book.instances[instance_key] = max(book.instances.get(instance_key, 0), index + 1)
    return book


@lru_cache(maxsize=4096)
def parse_position(key: str) -> tuple[tuple[str, int], ...]:
    """The parsed `Answer.position` (the same few keys recur in every evaluation)."""
    return RepeatPosition.from_key(key).steps


def position_key(scope: tuple[str, ...], indices: Indices) -> str:
    """The `Answer.position` of an instance, e.g. "detention#1/detention.perpetrator#0"."""
    return "/".join(f"{group}#{index}" for group, index in zip(scope, indices, strict=True))
