"""A Korean syllable still being composed when the interviewer presses Ctrl+L is kept:
the lock commits it into the field before it saves what waits (on a real display the
input method holds it; here a QInputMethodEvent stands in, as in test_language_switch)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain import TextValue
from app.services import Services
from app.store.database import Database
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
    stored_answers,
)
from tests.support import PASSPHRASE
from tests.ui.helpers import type_into


def compose(field: object, syllable: str) -> None:
    """The input method shows `syllable` being composed (not committed yet)."""
    QApplication.sendEvent(field, QInputMethodEvent(syllable, []))  # type: ignore[arg-type]


def lock(qtbot: QtBot, opened: Opened) -> None:
    opened.window.lock_action.trigger()
    qtbot.waitUntil(lambda: not opened.session.is_open, timeout=WAIT_MS)


def test_a_syllable_being_composed_in_an_answer_is_kept_at_lock(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    screen.show_section("background")
    row = screen.questions.row("background.occupation", "")
    assert row is not None
    field = row.editor.field  # type: ignore[attr-defined]
    type_into(qtbot, field, "그리 ")
    compose(field, "가")
    lock(qtbot, opened)
    opened.close()
    assert stored_answers(db)[("background.occupation", "")] == TextValue(text="그리 가")


def test_a_syllable_being_composed_in_the_transcript_is_kept_at_lock(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    qtbot.mouseClick(screen.clock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.transcript is not None, timeout=WAIT_MS)
    editor = screen.transcript
    assert editor is not None
    screen.tabs.setCurrentWidget(screen.transcript_page)
    qtbot.waitUntil(lambda: bool(editor.views), timeout=WAIT_MS)
    text = editor.view_at(0).text
    type_into(qtbot, text, "온성에서 건넜")  # type: ignore[arg-type]
    compose(text, "습")
    lock(qtbot, opened)
    opened.close()
    database = Database.open(db, PASSPHRASE)
    try:
        [segment] = Services(database, "test").transcripts.find()
    finally:
        database.close()
    assert segment.text == "온성에서 건넜습"


def test_the_place_kept_at_lock_is_after_the_syllable_the_lock_committed(
    qtbot: QtBot, opened: Opened
) -> None:
    """Seen on a real display with the auto-lock (no key press commits the syllable
    first): after the unlock the cursor came back before the rescued syllable, and the
    next letters went in front of it ("가 Q와")."""
    screen = start_interview_with_consent(qtbot, opened.desk)
    screen.show_section("background")
    row = screen.questions.row("background.occupation", "")
    assert row is not None
    field = row.editor.field  # type: ignore[attr-defined]
    type_into(qtbot, field, "그리 ")
    compose(field, "가")
    opened.window.lock()  # what the auto-lock calls
    qtbot.waitUntil(lambda: not opened.session.is_open, timeout=WAIT_MS)
    place = opened.window.place
    assert place is not None and place.cursor == len("그리 가")


def test_redo_has_both_keys_whatever_the_platform_says() -> None:
    """On X11 the platform's Redo key is Ctrl+Shift+Z: added again beside it, it was an
    ambiguous shortcut and neither it nor Ctrl+Y redid anything."""
    from ui.main_window import redo_keys

    assert [key.toString() for key in redo_keys()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
