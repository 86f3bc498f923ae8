"""The New interview and Settings dialogs open wide enough to read: the explanation is
shown whole and the fields have room for a name (they opened at about 250 px)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.questionnaire import default_questionnaire
from app.settings import Settings
from tests.functional.test_dialogs_fit import shown_whole
from ui.desk.new_interview import NewInterviewDialog
from ui.language import switch_language
from ui.settings_dialog import SettingsDialog

MIN_WIDTH = 440


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_new_interview_dialog_is_readable(qtbot: QtBot, language: str) -> None:
    switch_language(language)
    dialog = NewInterviewDialog([default_questionnaire()])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= MIN_WIDTH
    qtbot.waitUntil(lambda: shown_whole(dialog.explanation, dialog))


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_settings_dialog_is_readable(qtbot: QtBot, language: str) -> None:
    switch_language(language)
    dialog: QDialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= MIN_WIDTH
    qtbot.waitUntil(lambda: shown_whole(dialog.note, dialog))  # type: ignore[attr-defined]
