"""Element tags point at exactly one thing."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from app.domain import ElementTag


def tag(**target: Any) -> ElementTag:
    return ElementTag(interview_id=uuid4(), element_id="CAH.7.1.e.1", **target)


def test_tag_on_an_answer() -> None:
    answer_id = uuid4()
    value = tag(answer_id=answer_id)
    assert (value.answer_id, value.is_span) == (answer_id, False)


def test_tag_on_a_transcript_span() -> None:
    value = tag(segment_id=uuid4(), start=0, end=12)
    assert (value.start, value.end, value.is_span) == (0, 12, True)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({}, "needs an answer or a transcript span"),
        ({"answer_id": uuid4(), "segment_id": uuid4(), "start": 0, "end": 3}, "not both"),
        ({"answer_id": uuid4(), "start": 0}, "not both"),
        ({"segment_id": uuid4()}, "needs a start and an end"),
        ({"segment_id": uuid4(), "start": 4}, "needs a start and an end"),
        ({"segment_id": uuid4(), "start": 5, "end": 5}, r"start \(5\) must be before its end"),
        ({"segment_id": uuid4(), "start": -1, "end": 5}, "start"),
        ({"start": 0, "end": 5}, "needs an answer or a transcript span"),
    ],
)
def test_invalid_targets_are_refused(target: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        tag(**target)


@pytest.mark.parametrize("element_id", ["CAH.7.1.e.1", "MOL.28.a.2", "CTX.1"])
def test_citable_element_ids(element_id: str) -> None:
    assert ElementTag(interview_id=uuid4(), element_id=element_id, answer_id=uuid4())


@pytest.mark.parametrize("element_id", ["cah.7.1", "CAH", "CAH.", "C.7", "CAH.7..1", "CAH 7.1"])
def test_malformed_element_ids_are_refused(element_id: str) -> None:
    with pytest.raises(ValidationError, match="element_id"):
        ElementTag(interview_id=uuid4(), element_id=element_id, answer_id=uuid4())
