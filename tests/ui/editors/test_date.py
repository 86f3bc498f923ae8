"""The approximate date editor: precisions, Juche and lunar calendars, leap months,
ranges and before/after, the Gregorian days it means, and impossible dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.answers import DateValue
from app.domain.calendars import Calendar, Season, lunar_to_gregorian
from app.domain.dates import ApproximateDate, Precision
from tests.ui.editors.recorder import Emitted
from tests.ui.helpers import type_into
from ui.editors import AnswerEditor
from ui.editors.date import DateEditor
from ui.editors.date_fields import ToldDateFields
from ui.language import switch_language


def date_editor(make: Callable[..., AnswerEditor]) -> DateEditor:
    editor = make("date")
    assert isinstance(editor, DateEditor)
    return editor


def set_calendar(fields: ToldDateFields, calendar: Calendar) -> None:
    fields.calendar_box.setCurrentIndex(list(Calendar).index(calendar))


def press(qtbot: QtBot, *keys: Qt.Key) -> None:
    for key in keys:
        focused = QApplication.focusWidget()
        assert isinstance(focused, QWidget)
        qtbot.keyClick(focused, key)


def test_juche_103_spring_by_keyboard_alone(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = date_editor(make)
    seen = Emitted(editor)
    editor.activateWindow()
    editor.focus_first()
    qtbot.waitUntil(lambda: editor.precision_box.hasFocus())
    press(qtbot, Qt.Key.Key_Up)  # a year → a season
    press(qtbot, Qt.Key.Key_Tab, Qt.Key.Key_Down)  # calendar: Gregorian → Juche
    press(qtbot, Qt.Key.Key_Tab)
    assert editor.start.year.hasFocus()
    type_into(qtbot, editor.start.year, "103")
    assert seen == []  # a season is still missing
    assert editor.problem() == "Choose the season."
    press(qtbot, Qt.Key.Key_Tab, Qt.Key.Key_Down)  # season: — → spring

    spring = ApproximateDate.season_of(103, Season.SPRING, Calendar.JUCHE)
    assert seen == [DateValue(date=spring)]
    assert (spring.earliest, spring.latest) == (date(2014, 3, 1), date(2014, 5, 31))
    assert editor.meaning_label.text() == "In the Gregorian calendar: 2014-03-01 – 2014-05-31"
    assert editor.problem() is None


def test_a_lunar_day_in_a_leap_month(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = date_editor(make)
    seen = Emitted(editor)
    editor.choose_precision(Precision.DAY)
    set_calendar(editor.start, Calendar.LUNAR)
    assert editor.start.leap.isVisible()
    type_into(qtbot, editor.start.year, "2020")
    type_into(qtbot, editor.start.month, "4")
    type_into(qtbot, editor.start.day, "15")
    plain = ApproximateDate.exact(2020, 4, 15, Calendar.LUNAR)
    assert seen[-1] == DateValue(date=plain)
    editor.start.leap.click()
    leap = ApproximateDate.exact(2020, 4, 15, Calendar.LUNAR, leap_month=True)
    assert seen[-1] == DateValue(date=leap)
    day = lunar_to_gregorian(2020, 4, 15, True)
    assert day == date(2020, 6, 6) and leap.earliest == leap.latest == day
    assert editor.meaning_label.text() == "In the Gregorian calendar: 2020-06-06"


def test_a_leap_month_that_does_not_exist_is_said_and_not_saved(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = date_editor(make)
    editor.choose_precision(Precision.MONTH)
    set_calendar(editor.start, Calendar.LUNAR)
    type_into(qtbot, editor.start.year, "2014")
    type_into(qtbot, editor.start.month, "4")
    seen = Emitted(editor)
    editor.start.leap.click()
    assert seen == []
    assert editor.problem() == "Lunar year 2014 has no leap month 4."
    assert editor.value() == DateValue(date=ApproximateDate.month_of(2014, 4, Calendar.LUNAR))


def test_an_impossible_day_shows_a_message_and_emits_nothing(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = date_editor(make)
    editor.choose_precision(Precision.DAY)
    type_into(qtbot, editor.start.year, "2014")
    type_into(qtbot, editor.start.month, "2")
    type_into(qtbot, editor.start.day, "3")
    seen = Emitted(editor)
    type_into(qtbot, editor.start.day, "0")  # 30 February
    assert seen == []
    assert editor.problem() == "Month 2 of 2014 has only 28 days."
    assert editor.problem_label.isVisible()
    assert editor.meaning_label.text() == ""
    assert editor.value() == DateValue(date=ApproximateDate.exact(2014, 2, 3))
    qtbot.keyClick(editor.start.day, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor.start.day, Qt.Key.Key_Backspace)
    type_into(qtbot, editor.start.day, "28")
    assert seen[-1] == DateValue(date=ApproximateDate.exact(2014, 2, 28))
    assert editor.problem() is None


def test_the_message_speaks_korean(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    switch_language("ko")
    editor = date_editor(make)
    editor.choose_precision(Precision.DAY)
    type_into(qtbot, editor.start.year, "2014")
    type_into(qtbot, editor.start.month, "2")
    type_into(qtbot, editor.start.day, "30")
    assert editor.problem() == "2014년 2월은 28일까지 있습니다."
    switch_language("en")
    assert editor.problem() == "Month 2 of 2014 has only 28 days."


def test_a_range_between_two_dates(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = date_editor(make)
    seen = Emitted(editor)
    editor.choose_precision(Precision.RANGE)
    assert editor.end.isVisible() and editor.start.precision_box.isVisible()
    type_into(qtbot, editor.start.year, "2010")
    assert editor.problem() == "The second date: Type the year."
    type_into(qtbot, editor.end.year, "2008")
    assert editor.problem() == "The second date is before the first."
    assert seen == []
    editor.end.year.clear()
    type_into(qtbot, editor.end.year, "2012")
    expected = ApproximateDate.between(ApproximateDate.year_of(2010), ApproximateDate.year_of(2012))
    assert seen == [DateValue(date=expected)]
    assert editor.meaning_label.text() == "In the Gregorian calendar: 2010-01-01 – 2012-12-31"


def test_before_a_season(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = date_editor(make)
    seen = Emitted(editor)
    editor.choose_precision(Precision.BEFORE)
    editor.start.precision_box.setCurrentIndex(2)  # a season
    type_into(qtbot, editor.start.year, "2014")
    editor.start.season_box.setCurrentIndex(1)  # spring
    type_into(qtbot, editor.note, "수용소 가기 전")
    reference = ApproximateDate.season_of(2014, Season.SPRING)
    assert seen[-1] == DateValue(date=ApproximateDate.before(reference, note="수용소 가기 전"))
    assert editor.meaning_label.text() == "In the Gregorian calendar: up to 2014-02-28"


def test_emptying_the_fields_clears_the_answer(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = date_editor(make)
    seen = Emitted(editor)
    type_into(qtbot, editor.start.year, "1")
    assert editor.problem() == "Dates must lie between 1900 and 2100."
    qtbot.keyClick(editor.start.year, Qt.Key.Key_Backspace)
    assert seen == [] and editor.problem() is None
    type_into(qtbot, editor.start.year, "1997")
    qtbot.keyClick(editor.start.year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.start.year, Qt.Key.Key_Delete)
    assert seen == [DateValue(date=ApproximateDate.year_of(1997)), None]
