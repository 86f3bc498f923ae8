"""Answer values (a union told apart by `type`) and repeat positions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import TypeAdapter, ValidationError

from app.domain import (
    Answer,
    AnswerValue,
    ChoiceValue,
    DateValue,
    DeclinedValue,
    DurationValue,
    FacilityValue,
    KnowledgeSource,
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

VALUES: TypeAdapter[Any] = TypeAdapter(AnswerValue)
ID = "00000000-0000-4000-8000-00000000000a"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"type": "text", "text": "맞았어요"}, TextValue(text="맞았어요")),
        ({"type": "tristate", "value": "declined"}, TriStateValue(value=TriState.DECLINED)),
        ({"type": "choice", "choice": "bowibu"}, ChoiceValue(choice="bowibu")),
        (
            {"type": "multi_choice", "choices": ["beating", "starvation"]},
            MultiChoiceValue(choices=["beating", "starvation"]),
        ),
        (
            {"type": "number", "value": "1.50", "unit": "kg"},
            NumberValue(value=Decimal("1.50"), unit="kg"),
        ),
        (
            {"type": "duration", "minutes": 90, "approximate": True},
            DurationValue(minutes=90, approximate=True),
        ),
        (
            {"type": "date", "date": {"precision": "year", "calendar": "juche", "year": 103}},
            None,
        ),
        ({"type": "place", "place": {"text": "온성"}}, None),
        ({"type": "facility", "facility_id": ID}, FacilityValue(facility_id=UUID(ID))),
        ({"type": "person", "person_id": ID}, PersonValue(person_id=UUID(ID))),
        (
            {"type": "source", "source": "heard", "heard_from": "같은 감방 여성"},
            SourceValue(source=KnowledgeSource.HEARD, heard_from="같은 감방 여성"),
        ),
        ({"type": "declined"}, DeclinedValue()),
    ],
)
def test_each_value_type_parses_from_json(raw: dict[str, Any], expected: object) -> None:
    value = VALUES.validate_python(raw)
    assert value.type == raw["type"]
    if expected is not None:
        assert value == expected
    assert VALUES.validate_json(VALUES.dump_json(value)) == value


def test_date_value_carries_its_bounds() -> None:
    value = VALUES.validate_python(
        {"type": "date", "date": {"precision": "year", "calendar": "juche", "year": 103}}
    )
    assert isinstance(value, DateValue)
    assert (value.date.earliest, value.date.latest) == (date(2014, 1, 1), date(2014, 12, 31))


def test_place_value_keeps_the_place_text() -> None:
    value = VALUES.validate_python({"type": "place", "place": {"text": "온성"}})
    assert isinstance(value, PlaceValue) and value.place.text == "온성"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"type": "colour", "text": "red"}, "does not match any of the expected tags"),
        ({"text": "no type"}, "Unable to extract tag using discriminator 'type'"),
        ({"type": "tristate", "value": "maybe"}, "value"),
        ({"type": "text", "text": "x", "extra": 1}, "extra"),
        ({"type": "number", "value": "NaN"}, "value"),
        ({"type": "multi_choice", "choices": ["a", "a"]}, "a choice is listed twice"),
        ({"type": "duration", "approximate": True}, "a duration needs minutes or a text"),
        ({"type": "duration", "minutes": -5}, "minutes"),
    ],
)
def test_invalid_values_are_refused(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        VALUES.validate_python(raw)


def test_answer_round_trip_with_each_value_type() -> None:
    values = [
        TextValue(text="그날 밤\n  두 명이 왔다"),
        DeclinedValue(),
        NumberValue(value=Decimal("3"), unit="명"),
        SourceValue(source=KnowledgeSource.SAW),
    ]
    for value in values:
        answer = Answer(interview_id=uuid4(), question_id="q1", value=value)
        again = Answer.model_validate_json(answer.content_json())
        assert again == answer
        assert type(again.value) is type(value)


def test_text_value_is_kept_exactly_as_typed() -> None:
    answer = Answer(interview_id=uuid4(), question_id="q1", value=TextValue(text="  그날 밤\n"))
    again = Answer.model_validate_json(answer.content_json())
    assert isinstance(again.value, TextValue) and again.value.text == "  그날 밤\n"


@pytest.mark.parametrize(
    ("steps", "key"),
    [
        ((), ""),
        ((("incident", 2),), "incident#2"),
        ((("incident", 2), ("perpetrator", 0)), "incident#2/perpetrator#0"),
        ((("detention.stay", 10), ("a_b-c", 3)), "detention.stay#10/a_b-c#3"),
    ],
)
def test_repeat_position_key_round_trip(steps: tuple[tuple[str, int], ...], key: str) -> None:
    position = RepeatPosition(steps=steps)
    assert position.to_key() == key
    assert RepeatPosition.from_key(key) == position


def test_repeat_position_child() -> None:
    assert RepeatPosition().child("incident", 1).child("perpetrator", 0).to_key() == (
        "incident#1/perpetrator#0"
    )


@pytest.mark.parametrize(
    "key", ["incident", "incident#", "incident#02", "incident#-1", "/incident#1", "a#1/", "가#1"]
)
def test_malformed_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError, match="is not a repeat position"):
        RepeatPosition.from_key(key)


def test_group_ids_that_would_break_the_key_are_refused() -> None:
    with pytest.raises(ValidationError, match="may use only"):
        RepeatPosition(steps=(("a/b", 0),))
    with pytest.raises(ValidationError, match="negative"):
        RepeatPosition(steps=(("a", -1),))


def test_answer_position_must_be_a_canonical_key() -> None:
    answer = Answer(
        interview_id=uuid4(), question_id="q1", position="incident#1", value=DeclinedValue()
    )
    assert answer.repeat_position == RepeatPosition(steps=(("incident", 1),))
    with pytest.raises(ValidationError, match="is not a repeat position"):
        Answer(interview_id=uuid4(), question_id="q1", position="incident 1", value=DeclinedValue())
