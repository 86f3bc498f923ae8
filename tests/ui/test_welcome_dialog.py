"""The welcome on first run: what it says, in which language, and what each choice asks
of the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.demo import is_demo
from app.demo.generate import fill_new_demo
from app.i18n import current_language
from tests.support import FAST_KDF, PASSPHRASE
from ui.language import switch_language
from ui.session import Session
from ui.tasks import Runner
from ui.welcome_dialog import WelcomeDialog

WAIT_MS = 15_000


@pytest.fixture
def welcome(qtbot: QtBot, tmp_path: Path) -> Iterator[WelcomeDialog]:
    dialog = WelcomeDialog(tmp_path / "Sillok" / "sillok.db", tmp_path / "demo" / "demo.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog


def texts(dialog: WelcomeDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_it_explains_the_passphrase_enrolment_and_the_data_folder(
    welcome: WelcomeDialog, tmp_path: Path
) -> None:
    shown = texts(welcome)
    assert "If the passphrase is lost before this laptop is enrolled with Geneva" in shown
    assert "recovery slot sealed to Geneva" in shown and "Forgot the passphrase?" in shown
    assert "Geneva staff enrol this laptop" in shown
    assert str(tmp_path / "Sillok") in shown  # where the data lives, as it is on this laptop
    assert "DEMO" in shown and "never be sent to Geneva" in shown
    assert welcome.create_button.text() == "Create my database"
    assert welcome.demo_button.text() == "Practise with demo data"
    assert welcome.create_button.isDefault()


def test_create_asks_for_the_real_database(qtbot: QtBot, welcome: WelcomeDialog) -> None:
    with (
        qtbot.assertNotEmitted(welcome.demo_requested),
        qtbot.waitSignal(welcome.create_requested, timeout=WAIT_MS),
    ):
        qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    assert welcome.result() == WelcomeDialog.DialogCode.Accepted
    assert not welcome.isVisible()


def test_demo_asks_for_the_demo_database(qtbot: QtBot, welcome: WelcomeDialog) -> None:
    with (
        qtbot.assertNotEmitted(welcome.create_requested),
        qtbot.waitSignal(welcome.demo_requested, timeout=WAIT_MS),
    ):
        qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    assert welcome.result() == WelcomeDialog.DialogCode.Accepted


def test_escape_chooses_nothing(qtbot: QtBot, welcome: WelcomeDialog) -> None:
    with (
        qtbot.assertNotEmitted(welcome.create_requested),
        qtbot.assertNotEmitted(welcome.demo_requested),
        qtbot.waitSignal(welcome.rejected, timeout=WAIT_MS),
    ):
        qtbot.keyClick(welcome, Qt.Key.Key_Escape)


def test_switching_to_korean_in_the_dialog_retranslates_everything(
    qtbot: QtBot, welcome: WelcomeDialog
) -> None:
    english = texts(welcome)
    qtbot.mouseClick(welcome.language_buttons["ko"], Qt.MouseButton.LeftButton)
    assert current_language() == "ko"
    assert welcome.language_buttons["ko"].isChecked()
    assert not welcome.language_buttons["en"].isChecked()
    assert welcome.heading.text() == "Sillok에 오신 것을 환영합니다"
    assert welcome.create_button.text() == "내 데이터베이스 만들기"
    assert welcome.windowTitle() == "Sillok에 오신 것을 환영합니다"
    korean = texts(welcome)
    assert "암호 문구를 잃어버리면 자료도 잃게 됩니다" in korean
    # every sentence changed; the folder stays as it is
    changed = set(english.splitlines()) - set(korean.splitlines())
    assert len(changed) >= 10
    qtbot.mouseClick(welcome.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert texts(welcome) == english


def test_a_language_change_elsewhere_reaches_the_dialog(welcome: WelcomeDialog) -> None:
    switch_language("ko")
    assert welcome.demo_button.text() == "연습용 자료로 연습하기"
    assert welcome.language_buttons["ko"].isChecked()


def test_the_demo_choice_ends_in_a_filled_demo_database(
    qtbot: QtBot, runner: Runner, tmp_path: Path
) -> None:
    """What the app does on `demo_requested`: create the demo database (its own
    passphrase), then fill it on the worker."""
    session = Session(runner, tmp_path / "demo" / "demo.db")
    with qtbot.waitSignal(session.opened, timeout=WAIT_MS):
        session.create(PASSPHRASE, FAST_KDF)
    results: list[object] = []

    def fill() -> object:
        database = session.database_on_worker()
        return fill_new_demo(database, 1), is_demo(database)

    runner.run(
        fill,
        results.append,
        results.append,
        owner=session,
    )
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
    summary, marked = results[0]  # type: ignore[misc]
    assert summary.interviews == 1 and marked is True
    runner.shutdown(final=session.close_on_worker)
