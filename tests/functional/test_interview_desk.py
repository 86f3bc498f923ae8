"""The whole desk, driven as an interviewer would, on a real encrypted database:

unlock → new interview → consent → a transcript passage typed and tagged → answers of
several types (text typed in Korean, a yes/no, an approximate date, a repeat group)
→ lock → unlock (same question, same cursor) → quit → reopen → everything is there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain import DateValue, Precision, TextValue, TriState, TriStateValue
from app.services import Services
from app.store.database import Database
from tests.support import PASSPHRASE
from tests.ui.helpers import type_into
from ui.desk.desk import Desk
from ui.desk.session_screen import SessionScreen
from ui.main_window import MainWindow
from ui.session import Session
from ui.tasks import TaskRunner

WAIT_MS = 15_000
OCCUPATION = "탄광 광부 (coal miner)"
HOW_TAKEN = "밤에 보위부 사람들이 와서 데려갔습니다"


class Opened:
    def __init__(self, qtbot: QtBot, db: Path, settings: Path) -> None:
        self.runner = TaskRunner()
        self.session = Session(self.runner, db)
        with qtbot.waitSignal(self.session.opened, timeout=WAIT_MS):
            self.session.unlock(PASSPHRASE)
        self.window = MainWindow(self.session, settings_path=settings)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)

    @property
    def desk(self) -> Desk:
        return self.window.desk

    def close(self) -> None:
        """Close the window (which shuts its auto-lock: no timer, no event filter left
        to fire in a later test), then stop the worker, closing the database. `qtbot`
        deletes the window after the test (`addWidget`)."""
        self.window.close()
        self.runner.shutdown(final=self.session.close_on_worker)


def ok(box: QDialogButtonBox) -> QPushButton:
    return box.button(QDialogButtonBox.StandardButton.Ok)


def start_interview_with_consent(qtbot: QtBot, desk: Desk) -> SessionScreen:
    desk.new_interview()
    dialog = desk.new_dialog
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.interviewer, "officer 박")
    dialog.questionnaire.setCurrentIndex(1)  # this walk is written in questionnaire 1.x
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(desk, "consent_dialog", None) is not None, timeout=WAIT_MS)
    consent = desk.consent_dialog
    qtbot.waitExposed(consent)
    assert not ok(consent.buttons).isEnabled()  # every scope must be answered first
    for scope, yes in consent.yes.items():
        (yes if scope.value != "recording" else consent.no[scope]).click()
    assert ok(consent.buttons).isEnabled()
    qtbot.mouseClick(ok(consent.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: desk.screen is not None and desk.screen.file is not None, timeout=WAIT_MS
    )
    assert desk.screen is not None
    return desk.screen


def start_session_with_segment(qtbot: QtBot, screen: SessionScreen, spoken: str) -> QWidget:
    """Start the session and type `spoken` as the first transcript segment, saved; back on
    the Questions tab. Returns the segment's text field."""
    qtbot.mouseClick(screen.clock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.transcript is not None, timeout=WAIT_MS)
    editor = screen.transcript
    assert editor is not None
    screen.tabs.setCurrentWidget(screen.transcript_page)
    qtbot.waitUntil(lambda: bool(editor.views), timeout=WAIT_MS)
    text: QWidget = editor.view_at(0).text
    type_into(qtbot, text, spoken)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not editor.has_unsaved_changes, timeout=WAIT_MS)
    screen.tabs.setCurrentWidget(screen.questions)
    return text


def answer_questions(qtbot: QtBot, screen: SessionScreen) -> None:
    screen.show_section("background")
    occupation = screen.questions.row("background.occupation", "")
    assert occupation is not None
    type_into(qtbot, occupation.editor.field, OCCUPATION)  # type: ignore[attr-defined]
    year_left = screen.questions.row("background.year_left", "")
    assert year_left is not None
    type_into(qtbot, year_left.editor.start.year, "2014")  # type: ignore[attr-defined]

    screen.show_section("trajectory")
    disappeared = screen.questions.row("trajectory.relative_disappeared", "")
    assert disappeared is not None
    qtbot.mouseClick(disappeared.editor.buttons[TriState.YES], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    screen.show_section("disappeared")
    add = screen.questions.widgets[("disappeared.relative", "#add")]
    assert isinstance(add, QPushButton)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    how = screen.questions.row("disappeared.how_taken", "disappeared.relative#0")
    assert how is not None
    type_into(qtbot, how.editor.field, HOW_TAKEN)  # type: ignore[attr-defined]


TRANSCRIPT = "회령 보위부 구류장에서 석 달 동안 조사를 받았습니다."
PASSAGE = "석 달 동안"


def type_and_tag_transcript(qtbot: QtBot, screen: SessionScreen) -> None:
    """Start the session, type a passage in the transcript, tag it with CAH.7.1.e.1."""
    qtbot.mouseClick(screen.clock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.transcript is not None, timeout=WAIT_MS)
    editor = screen.transcript
    assert editor is not None
    screen.tabs.setCurrentWidget(screen.transcript_page)
    qtbot.waitUntil(lambda: bool(editor.views), timeout=WAIT_MS)
    view = editor.view_at(0)
    type_into(qtbot, view.text, TRANSCRIPT)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not editor.has_unsaved_changes, timeout=WAIT_MS)
    screen.window().activateWindow()
    qtbot.waitUntil(screen.window().isActiveWindow, timeout=WAIT_MS)
    view.text.setFocus()
    qtbot.waitUntil(view.text.hasFocus, timeout=WAIT_MS)
    start = TRANSCRIPT.index(PASSAGE)
    cursor = view.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(PASSAGE), QTextCursor.MoveMode.KeepAnchor)
    view.text.setTextCursor(cursor)
    editor.tag_action.trigger()  # the Tag… button (Ctrl+T)
    dialog = editor.tag_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.chooser.search.hasFocus, timeout=WAIT_MS)
    type_into(qtbot, dialog.chooser.search, "7.1.e.1")  # type: ignore[arg-type]
    qtbot.keyClick(dialog.chooser.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(editor.tags_changed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.chooser.tree, Qt.Key.Key_Return)
    coverage = screen.coverage_panel.coverage
    assert coverage is not None
    assert coverage.of("CAH.7.1.e.1").status.value == "covered"  # the tag shows in coverage
    qtbot.waitUntil(lambda: not editor.has_unsaved_changes, timeout=WAIT_MS)


def stored_answers(db: Path) -> dict[tuple[str, str], object]:
    database = Database.open(db, PASSPHRASE)
    try:
        answers = Services(database, "test").answers.find()
        return {(a.question_id, a.position): a.value for a in answers}
    finally:
        database.close()


def test_a_whole_interview_survives_lock_and_restart(
    qtbot: QtBot, opened: Opened, db: Path, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: opened.desk.list_page.model.rowCount() == 0, timeout=WAIT_MS)
    screen = start_interview_with_consent(qtbot, opened.desk)
    type_and_tag_transcript(qtbot, screen)
    screen.tabs.setCurrentWidget(screen.questions)
    answer_questions(qtbot, screen)
    how = screen.questions.row("disappeared.how_taken", "disappeared.relative#0")
    assert how is not None
    how.editor.field.setFocus()  # type: ignore[attr-defined]
    cursor = how.editor.field.textCursor()  # type: ignore[attr-defined]
    cursor.setPosition(4)
    how.editor.field.setTextCursor(cursor)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    assert screen.saved_label.text() == "Saved"

    # Lock: nothing of the testimony stays in the window, the database closes.
    opened.window.lock_action.trigger()
    assert opened.desk.screen is None
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    assert not opened.session.is_open
    dialog = opened.window.unlock_dialog
    assert dialog is not None
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    # Unlock: back on the same question, the cursor where it was, nothing lost.
    qtbot.waitUntil(lambda: opened.desk.screen is not None, timeout=WAIT_MS)
    screen = opened.desk.screen
    assert screen is not None
    qtbot.waitUntil(lambda: screen.section_id == "disappeared", timeout=WAIT_MS)
    how = screen.questions.row("disappeared.how_taken", "disappeared.relative#0")
    assert how is not None
    assert how.editor.value() == TextValue(text=HOW_TAKEN)
    field = how.editor.field  # type: ignore[attr-defined]
    qtbot.waitUntil(field.hasFocus, timeout=WAIT_MS)
    assert field.textCursor().position() == 4

    opened.close()

    saved = stored_answers(db)
    assert saved[("background.occupation", "")] == TextValue(text=OCCUPATION)
    assert saved[("trajectory.relative_disappeared", "")] == TriStateValue(value=TriState.YES)
    year = saved[("background.year_left", "")]
    assert isinstance(year, DateValue) and year.date.precision is Precision.YEAR
    assert year.date.earliest.year == 2014
    assert saved[("disappeared.how_taken", "disappeared.relative#0")] == TextValue(text=HOW_TAKEN)
    database = Database.open(db, PASSPHRASE)
    try:
        services = Services(database, "test")
        [segment] = services.transcripts.find()
        [tag] = services.tags.find()
    finally:
        database.close()
    assert segment.text == TRANSCRIPT
    assert (tag.element_id, tag.segment_id) == ("CAH.7.1.e.1", segment.id)
    assert TRANSCRIPT[tag.start : tag.end] == PASSAGE  # type: ignore[index]

    # Reopen the app: the interview is in the list and opens with its answers.
    again = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        qtbot.waitUntil(lambda: again.desk.list_page.model.rowCount() == 1, timeout=WAIT_MS)
        row = again.desk.list_page.model.rows[0]
        assert row.has_consent and row.answered >= 4
        again.desk.open_interview(row.id)
        qtbot.waitUntil(lambda: again.desk.screen is not None, timeout=WAIT_MS)
        reopened = again.desk.screen
        assert reopened is not None
        reopened.show_section("background")
        occupation = reopened.questions.row("background.occupation", "")
        assert occupation is not None
        assert occupation.editor.field.text() == OCCUPATION  # type: ignore[attr-defined]
    finally:
        again.close()


def test_undo_and_redo_an_answer(qtbot: QtBot, opened: Opened, db: Path) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    screen.show_section("trajectory")
    row = screen.questions.row("trajectory.left_country", "")
    assert row is not None
    row.editor.buttons[TriState.NO].click()  # type: ignore[attr-defined]
    row.editor.buttons[TriState.YES].click()  # type: ignore[attr-defined]
    assert row.editor.value() == TriStateValue(value=TriState.YES)
    opened.window.undo_action.trigger()
    assert row.editor.value() == TriStateValue(value=TriState.NO)
    opened.window.undo_action.trigger()
    assert row.editor.value() is None
    opened.window.redo_action.trigger()
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.close()
    assert stored_answers(db)[("trajectory.left_country", "")] == TriStateValue(value=TriState.NO)


def test_no_screen_records_before_consent_and_withdrawal_is_audited(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    desk = opened.desk
    desk.new_interview()
    type_into(qtbot, desk.new_dialog.interviewer, "officer")
    qtbot.mouseClick(ok(desk.new_dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(desk, "consent_dialog", None) is not None, timeout=WAIT_MS)
    first = desk.consent_dialog
    first.reject()  # the witness is not ready: nothing may be recorded
    assert desk.screen is None
    qtbot.waitUntil(lambda: desk.list_page.model.rowCount() == 1, timeout=WAIT_MS)
    row = desk.list_page.model.rows[0]
    assert not row.has_consent

    desk.open_interview(row.id)  # opening it again asks for consent, not the questions
    qtbot.waitUntil(lambda: desk.consent_dialog is not first, timeout=WAIT_MS)
    assert desk.screen is None
    for yes in desk.consent_dialog.yes.values():
        yes.click()
    qtbot.mouseClick(ok(desk.consent_dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.screen is not None, timeout=WAIT_MS)

    given = desk.consent_dialog
    desk.withdraw_consent()
    qtbot.waitUntil(lambda: desk.consent_dialog is not given, timeout=WAIT_MS)
    withdrawal = desk.consent_dialog
    scope = next(iter(withdrawal.no))
    withdrawal.no[scope].click()
    type_into(qtbot, withdrawal.note, "no more")
    qtbot.mouseClick(ok(withdrawal.buttons), Qt.MouseButton.LeftButton)
    screen = desk.screen
    assert screen is not None
    qtbot.waitUntil(
        lambda: (
            screen.file is not None
            and screen.file.consent is not None
            and bool(screen.file.consent.withdrawals)
        ),
        timeout=WAIT_MS,
    )
    opened.close()

    database = Database.open(db, PASSPHRASE)
    try:
        consent = Services(database, "t").consents.find()[0]
        with database.reading() as connection:
            actions = [
                r[0]
                for r in connection.execute(
                    "SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq",
                    (str(consent.id),),
                )
            ]
    finally:
        database.close()
    assert actions == ["create", "update"]
    assert consent.withdrawals[0].scopes == {scope}
    assert consent.withdrawals[0].note == "no more"
    assert not consent.allows(scope)


def test_search_from_the_desk_finds_an_answer_and_opens_its_interview(
    qtbot: QtBot, opened: Opened
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    screen.show_section("background")
    occupation = screen.questions.row("background.occupation", "")
    assert occupation is not None
    type_into(qtbot, occupation.editor.field, "회령 보위부 운전수")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.desk.show_list()
    qtbot.waitUntil(
        lambda: opened.desk.stack.currentWidget() is opened.desk.list_page, timeout=WAIT_MS
    )

    opened.window.search_action.trigger()
    window = opened.window.search_window
    assert window is not None
    type_into(qtbot, window.panel.query, "bowibu")  # a romanised variant of 보위부
    with qtbot.waitSignal(window.panel.searched, timeout=WAIT_MS):
        window.panel.run_search()
    assert window.panel.results.count() >= 1
    window.panel.results.itemActivated.emit(window.panel.results.item(0))
    qtbot.waitUntil(
        lambda: opened.desk.stack.currentWidget() is opened.desk.screen, timeout=WAIT_MS
    )


def test_auto_lock_after_inactivity_and_activity_postpones_it(qtbot: QtBot, opened: Opened) -> None:
    """Activity is seen by the timer itself starting again (a wall-clock gap between key
    presses made this test lock mid-typing on a starved machine)."""
    screen = start_interview_with_consent(qtbot, opened.desk)
    watcher = opened.window.watcher
    watcher.set_delay_ms(60_000)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.timer.remainingTime() < 57_000, timeout=WAIT_MS)
    qtbot.keyClick(screen.questions, Qt.Key.Key_Shift)  # a key press starts the wait again
    assert watcher.timer.remainingTime() > 58_500
    assert opened.session.is_open and opened.desk.screen is screen
    watcher.set_delay_ms(400)  # then nothing: it locks
    qtbot.waitUntil(lambda: not opened.session.is_open, timeout=WAIT_MS)
    assert opened.desk.screen is None  # nothing of the testimony left on screen
    assert opened.window.stack.currentWidget() is opened.window.locked_page
