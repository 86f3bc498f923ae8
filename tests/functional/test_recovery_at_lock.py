"""The "Forgot the passphrase?" button opens the recovery window at a lock too, not only at
start-up (seen on a real display: after Ctrl+L the button did nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.store.database import Database
from tests.functional.test_interview_desk import WAIT_MS, Opened
from tests.support import FAST_KDF, PASSPHRASE


@pytest.fixture
def opened(qtbot: QtBot, tmp_path: Path) -> Iterator[Opened]:
    db = tmp_path / "desk.db"
    Database.create(db, PASSPHRASE, FAST_KDF).close()
    app = Opened(qtbot, db, tmp_path / "settings.json")
    yield app
    if not app.runner.stopped:
        app.close()


def test_forgot_the_passphrase_works_after_a_lock(qtbot: QtBot, opened: Opened) -> None:
    opened.window.lock()
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    dialog = opened.window.unlock_dialog
    assert dialog is not None
    dialog.recovery_requested.emit()
    qtbot.waitUntil(
        lambda: (
            getattr(opened.window, "recovery", None) is not None
            and opened.window.recovery.isVisible()
        ),
        timeout=WAIT_MS,
    )
    opened.window.recovery.reject()
