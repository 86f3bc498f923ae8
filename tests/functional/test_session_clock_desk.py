"""The session clock on the desk: quitting Sillok stops it and opening the interview
again starts it (the time closed is not interview time), and ending a session asks first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain import PauseReason, Session
from app.services import Services
from app.store.database import Database
from tests.functional.test_interview_desk import WAIT_MS, Opened, start_interview_with_consent
from tests.support import PASSPHRASE
from ui.desk.session_screen import SessionScreen
from ui.language import switch_language


def stored_session(db: Path) -> Session:
    database = Database.open(db, PASSPHRASE)
    try:
        [session] = Services(database, "test").sessions.find()
    finally:
        database.close()
    return session


def start_session(qtbot: QtBot, screen: SessionScreen) -> None:
    qtbot.mouseClick(screen.clock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session is not None, timeout=WAIT_MS)


def test_the_clock_stands_still_while_sillok_is_closed(
    qtbot: QtBot, opened: Opened, db: Path, tmp_path: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    start_session(qtbot, screen)
    interview_id = screen.file.interview.id  # type: ignore[union-attr]
    opened.close()  # Ctrl+Q with the session running

    closed = stored_session(db)
    assert closed.ended_at is None and closed.is_paused
    assert closed.pauses[-1].reason is PauseReason.CLOSED

    again = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        again.desk.open_interview(interview_id)
        qtbot.waitUntil(lambda: again.desk.screen is not None, timeout=WAIT_MS)
        reopened_screen = again.desk.screen
        assert reopened_screen is not None
        qtbot.waitUntil(
            lambda: reopened_screen.session is not None and not reopened_screen.session.is_paused,
            timeout=WAIT_MS,
        )
        assert reopened_screen.clock.resume_button.isHidden()  # running again, on its own
    finally:
        again.close()
    first, second = stored_session(db).pauses  # the second: Sillok closed again
    assert first.reason is PauseReason.CLOSED and first.ended_at is not None
    assert first.started_at == closed.pauses[-1].started_at
    assert second.reason is PauseReason.CLOSED and second.ended_at is None


def end_box(qtbot: QtBot, screen: SessionScreen) -> QMessageBox:
    qtbot.mouseClick(screen.clock.end_button, Qt.MouseButton.LeftButton)
    box = getattr(screen, "end_confirmation", None)
    assert isinstance(box, QMessageBox) and box.isVisible()
    return box


def test_ending_a_session_asks_first(qtbot: QtBot, opened: Opened, db: Path) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    start_session(qtbot, screen)

    box = end_box(qtbot, screen)
    assert box.defaultButton() is screen.keep_running_button  # Enter keeps it running
    qtbot.mouseClick(screen.keep_running_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=WAIT_MS)
    assert screen.session is not None and not opened.desk.controller.busy

    box = end_box(qtbot, screen)
    qtbot.mouseClick(screen.confirm_end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.close()
    assert stored_session(db).ended_at is not None


def minutes_shown(screen: SessionScreen) -> tuple[int | None, int | None]:
    """The minutes left the clock shows (h:mm:ss, if shown) and those the suggestions are
    planned for (if their heading names any)."""
    clock = screen.clock.remaining
    shown = re.search(r"(\d+):(\d\d):(\d\d)", clock.text()) if clock.isVisible() else None
    on_clock = None if shown is None else (int(shown[1]) * 3600 + int(shown[2]) * 60) // 60
    planned = re.search(r"\d+", screen.coverage_panel.suggest_heading.text())
    return on_clock, None if planned is None else int(planned[0])


@pytest.fixture(params=["en", "ko"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    switch_language(request.param)
    yield request.param
    switch_language("en")  # Qt's catalogue too


def test_after_a_session_ends_the_plan_and_the_clock_agree(
    qtbot: QtBot, opened: Opened, language: str
) -> None:
    """Seen on a real display: after ending a session the suggestions were planned for
    "남은 120분" beside the clock's "1:48:19 남음"."""
    screen = start_interview_with_consent(qtbot, opened.desk)
    start_session(qtbot, screen)
    end_box(qtbot, screen)
    qtbot.mouseClick(screen.confirm_end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)
    on_clock, planned = minutes_shown(screen)
    assert on_clock == planned, (
        screen.clock.remaining.text(),
        screen.coverage_panel.suggest_heading.text(),
    )
