"""Identity data in the desk: refused with a clear message before enrolment; after it,
sealed as saved, and the real name is nowhere in the bytes the app wrote."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from app.services import Services
from app.store.database import Database
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
)
from tests.support import PASSPHRASE
from tests.sync_support import enrol_device, new_repository
from tests.ui.helpers import type_into
from ui.desk.identity_dialog import IdentityDialog

REAL_NAME = "김순희"
HOMETOWN = "온성군 남양노동자구"


def fill(qtbot: QtBot, dialog: IdentityDialog) -> None:
    type_into(qtbot, dialog.real_name, REAL_NAME)
    type_into(qtbot, dialog.hometown, HOMETOWN)


def test_identity_is_refused_before_enrolment_then_sealed(
    qtbot: QtBot,
    db: Path,
    tmp_path: Path,
) -> None:
    app = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        screen = start_interview_with_consent(qtbot, app.desk)
        screen.identity_button.click()
        dialog = app.desk.identity_dialog
        fill(qtbot, dialog)
        qtbot.mouseClick(ok_save(dialog), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
        assert "enrol" in dialog.problem.text().lower()
        dialog.reject()
    finally:
        app.close()

    database = Database.open(db, PASSPHRASE)
    try:
        enrol_device(database, new_repository(tmp_path / "geneva"), tmp_path / "exchange")
    finally:
        database.close()

    app = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        qtbot.waitUntil(lambda: app.desk.list_page.model.rowCount() == 1, timeout=WAIT_MS)
        app.desk.open_interview(app.desk.list_page.model.rows[0].id)
        qtbot.waitUntil(lambda: app.desk.screen is not None, timeout=WAIT_MS)
        assert app.desk.screen is not None
        app.desk.screen.identity_button.click()
        dialog = app.desk.identity_dialog
        fill(qtbot, dialog)
        with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
            qtbot.mouseClick(ok_save(dialog), Qt.MouseButton.LeftButton)
        assert dialog.real_name.text() == ""  # nothing of it stays in the window
    finally:
        app.close()

    database = Database.open(db, PASSPHRASE)
    try:
        services = Services(database, "t")
        interviewee = services.interviews.find()[0].interviewee_id
        assert services.identities.for_interviewee(interviewee) is not None  # sealed
    finally:
        database.close()
    for path in db.parent.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (REAL_NAME, HOMETOWN):
                assert secret.encode() not in data, path
                assert secret.encode("utf-16-le") not in data, path


def ok_save(dialog: IdentityDialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
