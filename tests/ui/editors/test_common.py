"""What every editor shares: a round trip through set_value/value without a signal, the
declined toggle, retranslation that keeps typed text, and an editor for every question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from pytestqt.qtbot import QtBot

from app.domain.answers import (
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
    SourceValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.domain.calendars import Calendar, Season
from app.domain.dates import ApproximateDate
from app.domain.people import PlaceRef
from app.domain.sources import KnowledgeSource
from app.questionnaire import default_questionnaire
from app.questionnaire.model import QuestionType
from tests.ui.editors.conftest import Interview, choices
from tests.ui.editors.recorder import Emitted
from tests.ui.helpers import KO_MARK, type_into
from ui.editors import EDITORS, AnswerEditor, editor_for
from ui.language import switch_language

HOERYONG = "kp.hamgyong-north.hoeryong"
PERSON, FACILITY = uuid4(), uuid4()

# (question type, extra question fields, an answer of that type)
ROUND_TRIPS: list[tuple[str, dict[str, Any], AnswerValue]] = [
    ("short_text", {}, TextValue(text="회령에서 일했습니다")),
    ("long_text", {}, TextValue(text="첫 줄\n둘째 줄")),
    ("yes_no", {}, TriStateValue(value=TriState.UNKNOWN)),
    ("single_choice", {}, ChoiceValue(choice="green")),
    ("single_choice", {"choices": choices(*"abcdefgh")}, ChoiceValue(choice="g")),
    ("multi_choice", {}, MultiChoiceValue(choices=["red", "blue"])),
    (
        "number",
        {"unit": {"ko": "명", "en": "people"}},
        NumberValue(value=Decimal("1.5"), unit="people"),
    ),
    ("duration", {}, DurationValue(minutes=20160, approximate=True, text="두 주쯤")),
    ("duration", {}, DurationValue(text="오래")),
    ("date", {}, DateValue(date=ApproximateDate.season_of(103, Season.SPRING, Calendar.JUCHE))),
    (
        "date",
        {},
        DateValue(date=ApproximateDate.exact(2020, 4, 15, Calendar.LUNAR, leap_month=True)),
    ),
    (
        "date",
        {},
        DateValue(
            date=ApproximateDate.between(
                ApproximateDate.month_of(2010, 3),
                ApproximateDate.year_of(101, Calendar.JUCHE),
                note="홍수 난 해",
            )
        ),
    ),
    ("date", {}, DateValue(date=ApproximateDate.before(ApproximateDate.year_of(2014)))),
    ("place", {}, PlaceValue(place=PlaceRef(reference_id=HOERYONG))),
    ("place", {}, PlaceValue(place=PlaceRef(reference_id=HOERYONG, text="회령"))),
    ("place", {}, PlaceValue(place=PlaceRef(text="강가 마을"))),
    ("person", {}, PersonValue(person_id=PERSON)),
    ("facility", {}, FacilityValue(facility_id=FACILITY)),
    ("source", {}, SourceValue(source=KnowledgeSource.HEARD, heard_from="감방 동료", note="두 번")),
]


@pytest.fixture
def known(interview: Interview) -> Interview:
    interview.persons.append((PERSON, "키 큰 경비원"))
    interview.facilities.append((FACILITY, "온성 구류장"))
    return interview


@pytest.mark.usefixtures("known")
@pytest.mark.parametrize(("kind", "fields", "value"), ROUND_TRIPS, ids=lambda p: str(p)[:24])
def test_set_value_shows_the_answer_without_a_signal(
    make: Callable[..., AnswerEditor], kind: str, fields: dict[str, Any], value: AnswerValue
) -> None:
    editor = make(kind, **fields)
    seen = Emitted(editor)
    editor.set_value(value)
    assert editor.value() == value
    assert seen == []
    assert editor.problem() is None
    # The fields really show it: declining and changing one's mind gives it back from them.
    editor.declined_box.click()
    editor.declined_box.click()
    assert seen == [DeclinedValue(), value]
    editor.set_value(None)
    assert editor.value() is None
    editor.declined_box.click()
    editor.declined_box.click()
    assert seen[-1] is None


@pytest.mark.parametrize("kind", [t.value for t in QuestionType])
def test_declined_is_an_answer_on_every_editor(
    make: Callable[..., AnswerEditor], kind: str
) -> None:
    editor = make(kind)
    seen = Emitted(editor)
    editor.declined_box.click()
    assert seen == [DeclinedValue()]
    assert editor.value() == DeclinedValue()
    assert not editor.body.isEnabled()
    editor.declined_box.click()
    assert seen == [DeclinedValue(), None]
    assert editor.body.isEnabled()
    editor.set_value(DeclinedValue())
    assert editor.declined and editor.value() == DeclinedValue()
    assert len(seen) == 2


def test_a_declined_yes_no_answer_shows_as_declined(make: Callable[..., AnswerEditor]) -> None:
    editor = make("yes_no")
    editor.set_value(TriStateValue(value=TriState.DECLINED))
    assert editor.declined
    assert editor.value() == DeclinedValue()  # the same "declined" in conditions


def test_focus_first_puts_the_cursor_in_the_first_field(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = make("date")
    editor.activateWindow()
    editor.focus_first()
    qtbot.waitUntil(lambda: editor.focusWidget() is editor.precision_box)  # type: ignore[attr-defined]


@pytest.mark.usefixtures("marked_korean")
def test_retranslation_keeps_what_was_typed(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    text = make("short_text")
    type_into(qtbot, text.field, "회령 시장")  # type: ignore[attr-defined]
    number = make("number", unit={"ko": "명", "en": "people"})
    type_into(qtbot, number.field, "12")  # type: ignore[attr-defined]
    dated = make("date")
    type_into(qtbot, dated.start.year, "103")  # type: ignore[attr-defined]
    place = make("place")
    type_into(qtbot, place.field, "강가 마을")  # type: ignore[attr-defined]
    before = [e.value() for e in (text, number, dated, place)]

    switch_language("ko")

    assert text.field.text() == "회령 시장"  # type: ignore[attr-defined]
    assert number.field.text() == "12"  # type: ignore[attr-defined]
    assert number.unit_label.text() == "명"  # type: ignore[attr-defined]
    assert dated.start.year.text() == "103"  # type: ignore[attr-defined]
    assert place.field.text() == "강가 마을"  # type: ignore[attr-defined]
    assert text.declined_box.text().startswith(KO_MARK)
    assert [e.value() for e in (text, number, dated, place)] == before


def test_every_question_of_the_default_questionnaire_gets_its_editor(
    qtbot: QtBot, interview: Interview
) -> None:
    context = interview.context()
    seen: set[QuestionType] = set()
    for node in default_questionnaire().structure.questions():
        question = node.question
        if question.type in seen:
            continue
        seen.add(question.type)
        editor = editor_for(question, context)
        qtbot.addWidget(editor)
        assert type(editor) is EDITORS[question.type]
        assert editor.value() is None
    assert seen == set(QuestionType)


def test_bounds_of_a_juche_date_round_trip(make: Callable[..., AnswerEditor]) -> None:
    editor = make("date")
    value = DateValue(date=ApproximateDate.season_of(103, Season.SPRING, Calendar.JUCHE))
    editor.set_value(value)
    assert editor.meaning_label.text().endswith("2014-03-01 – 2014-05-31")  # type: ignore[attr-defined]
    assert value.date.earliest == date(2014, 3, 1)
