"""The wrong-passphrase advice (check 한/영 and Caps Lock) is shown whole, in Korean and in
English: the unlock dialog grows to fit what it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.functional.test_dialogs_fit import shown_whole
from tests.ui.helpers import type_into
from ui.language import switch_language
from ui.session import Session
from ui.tasks import Runner
from ui.unlock_dialog import UnlockDialog

WAIT_MS = 15_000


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_wrong_passphrase_advice_is_shown_whole(
    qtbot: QtBot, runner: Runner, existing_db: Path, language: str
) -> None:
    switch_language(language)
    dialog = UnlockDialog(Session(runner, existing_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.passphrase, "not the passphrase")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and not dialog.busy, timeout=WAIT_MS)
    assert "Caps Lock" in dialog.error_label.text()
    qtbot.waitUntil(lambda: shown_whole(dialog.error_label, dialog), timeout=WAIT_MS)

    switch_language("ko" if language == "en" else "en")  # the other, longer or shorter
    qtbot.waitUntil(lambda: shown_whole(dialog.error_label, dialog), timeout=WAIT_MS)
