"""Persons, how the witness knows, numbers and durations."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.answers import DurationValue, NumberValue, PersonValue, SourceValue
from app.domain.people import PersonRole
from app.domain.sources import KnowledgeSource
from tests.ui.editors.conftest import Interview
from tests.ui.editors.recorder import Emitted
from tests.ui.helpers import type_into
from ui.editors import AnswerEditor
from ui.editors.duration import DurationEditor
from ui.editors.number import NumberEditor, parse_number
from ui.editors.person import PersonEditor
from ui.editors.source import SourceEditor
from ui.language import switch_language


def test_a_known_person_is_chosen(make: Callable[..., AnswerEditor], interview: Interview) -> None:
    guard = uuid4()
    interview.persons.extend([(uuid4(), "김 소대장"), (guard, "키 큰 경비원")])
    editor = make("person")
    assert isinstance(editor, PersonEditor)
    seen = Emitted(editor)
    editor.combo.setCurrentIndex(2)
    assert seen == [PersonValue(person_id=guard)]
    editor.combo.setCurrentIndex(0)
    assert seen[-1] is None


def test_a_new_person_is_described_in_korean_and_added_with_enter(
    make: Callable[..., AnswerEditor], qtbot: QtBot, interview: Interview
) -> None:
    editor = make("person", role="victim")
    assert isinstance(editor, PersonEditor)
    assert editor.name_label.text() == "&New victim"
    seen = Emitted(editor)
    type_into(qtbot, editor.name, "옆 감방 여자")
    assert seen == []  # describing someone is not yet an answer
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert interview.made == [("옆 감방 여자", PersonRole.VICTIM)]
    new_id = interview.persons[-1][0]
    assert seen == [PersonValue(person_id=new_id)]
    assert editor.combo.currentText() == "옆 감방 여자"
    assert editor.name.text() == ""


def test_adding_nobody_asks_for_a_description(
    make: Callable[..., AnswerEditor], interview: Interview
) -> None:
    editor = make("person")
    assert isinstance(editor, PersonEditor)
    editor.add()
    assert interview.made == []
    assert editor.status.text() == "Type a name or a description first."


def test_a_person_recorded_elsewhere_still_shows(make: Callable[..., AnswerEditor]) -> None:
    editor = make("person")
    unknown = uuid4()
    editor.set_value(PersonValue(person_id=unknown))
    assert editor.value() == PersonValue(person_id=unknown)
    assert str(unknown)[:8] in editor.combo.currentText()  # type: ignore[attr-defined]


def test_heard_from_whom(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = make("source")
    assert isinstance(editor, SourceEditor)
    seen = Emitted(editor)
    assert not editor.heard_from.isEnabled()
    editor.radios[2].click()  # heard it from someone
    assert editor.heard_from.isEnabled()
    type_into(qtbot, editor.heard_from, "감방 동료")
    assert seen[-1] == SourceValue(source=KnowledgeSource.HEARD, heard_from="감방 동료")
    editor.radios[0].click()  # saw it after all: "from whom" no longer applies
    assert seen[-1] == SourceValue(source=KnowledgeSource.SAW)
    assert editor.heard_from.text() == "감방 동료"


def test_a_note_without_a_source_is_not_an_answer(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = make("source")
    assert isinstance(editor, SourceEditor)
    seen = Emitted(editor)
    type_into(qtbot, editor.note, "잘 기억 안 남")
    assert seen == [] and editor.problem() == "Choose how the witness knows."
    editor.choose(KnowledgeSource.OTHER)
    assert seen == [SourceValue(source=KnowledgeSource.OTHER, note="잘 기억 안 남")]
    assert editor.problem() is None


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1.5", "1.5"), ("0.10", "0.10"), ("1,200", "1200"), ("１２", "12"), ("-3", "-3")],
)
def test_numbers_are_kept_exact(typed: str, number: str) -> None:
    assert parse_number(typed) == Decimal(number)
    assert str(parse_number(typed)) == number


@pytest.mark.parametrize("typed", ["", "abc", "1.2.3", "1,2", "--1", ".", "1e3"])
def test_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_number(typed)


def test_a_number_with_its_unit_and_range(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = make("number", unit={"ko": "명", "en": "people"}, min=0, max=500)
    assert isinstance(editor, NumberEditor)
    seen = Emitted(editor)
    assert editor.unit_label.text() == "people"
    assert editor.range_label.text() == "From 0 to 500."
    type_into(qtbot, editor.field, "40")
    assert seen[-1] == NumberValue(value=Decimal(40), unit="people")
    type_into(qtbot, editor.field, "0")  # 400
    type_into(qtbot, editor.field, "0")  # 4000: too many
    assert seen[-1] == NumberValue(value=Decimal(400), unit="people")
    assert editor.problem() == "From 0 to 500. The answer was not changed."
    qtbot.keyClick(editor.field, Qt.Key.Key_Backspace)
    type_into(qtbot, editor.field, ".5")
    assert seen[-1] == NumberValue(value=Decimal("400.5"), unit="people")
    type_into(qtbot, editor.field, "x")
    assert editor.problem() == "Type a number, such as 3 or 1.5."
    assert editor.value() == NumberValue(value=Decimal("400.5"), unit="people")
    switch_language("ko")
    assert editor.unit_label.text() == "명"
    assert editor.value() == NumberValue(value=Decimal("400.5"), unit="people")


def test_a_duration_counted_and_told(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = make("duration")
    assert isinstance(editor, DurationEditor)
    seen = Emitted(editor)
    type_into(qtbot, editor.amount, "2")
    assert seen[-1] == DurationValue(minutes=2 * 24 * 60)  # days by default
    editor.unit.setCurrentIndex(3)  # weeks
    editor.approximate.click()
    type_into(qtbot, editor.told, "두 주쯤")
    assert seen[-1] == DurationValue(minutes=20160, approximate=True, text="두 주쯤")
    editor.amount.clear()
    assert seen[-1] == DurationValue(approximate=True, text="두 주쯤")
    type_into(qtbot, editor.amount, "1.5")
    editor.unit.setCurrentIndex(1)  # hours
    assert seen[-1] == DurationValue(minutes=90, approximate=True, text="두 주쯤")


def test_a_duration_is_shown_in_its_largest_exact_unit(make: Callable[..., AnswerEditor]) -> None:
    editor = make("duration")
    assert isinstance(editor, DurationEditor)
    editor.set_value(DurationValue(minutes=3 * 7 * 24 * 60))
    assert (editor.amount.text(), editor.unit.currentData()) == ("3", "weeks")
    editor.set_value(DurationValue(minutes=90))
    assert (editor.amount.text(), editor.unit.currentData()) == ("90", "minutes")
