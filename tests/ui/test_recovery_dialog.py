"""Forgot the passphrase? From the unlock window to a new passphrase, as a person does it,
against a real Geneva repository and real encrypted files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.store.keys import fingerprint
from app.sync.repository import recovery as geneva
from app.sync.repository.store import Repository
from tests.recovery_support import (
    NEW_PASSPHRASE,
    enrolled_laptop,
    opens,
    recovery_identity,
)
from tests.support import FAST_KDF, PASSPHRASE
from tests.sync_support import new_repository
from tests.ui.helpers import type_into
from ui.language import switch_language
from ui.recovery_dialog import RecoveryDialog
from ui.session import Session
from ui.tasks import Runner
from ui.unlock_dialog import UnlockDialog

WAIT_MS = 20_000
FINGERPRINT = r"[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}"


@pytest.fixture
def repository(tmp_path: Path) -> Iterator[Repository]:
    repository = new_repository(tmp_path / "geneva")
    yield repository
    repository.close()


def _dialog(qtbot: QtBot, path: Path, runner: Runner) -> RecoveryDialog:
    dialog = RecoveryDialog(path, runner, kdf_params=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=WAIT_MS)
    return dialog


def test_the_unlock_window_offers_recovery_after_a_wrong_passphrase(
    qtbot: QtBot, session: Session, existing_db: Path
) -> None:
    dialog = UnlockDialog(session, kdf_params=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.recovery_button.isHidden()
    type_into(qtbot, dialog.passphrase, "틀린 암호 wrong horse")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and not dialog.busy, timeout=WAIT_MS)
    assert dialog.recovery_button.isVisible()
    assert dialog.recovery_button.text() == "Forgot the passphrase?"
    with qtbot.waitSignal(dialog.recovery_requested, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    switch_language("ko")
    assert dialog.recovery_button.text() == "암호 문구를 잊으셨습니까?"


def test_request_then_response_from_the_desk_sets_the_new_passphrase(
    qtbot: QtBot,
    runner: Runner,
    tmp_path: Path,
    repository: Repository,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = enrolled_laptop(tmp_path / "laptop", repository)
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = _dialog(qtbot, laptop.path, runner)
    assert repository.keys.public().fingerprint in dialog.state.text()
    assert not dialog.write_button.isEnabled() and not dialog.step2.isEnabled()

    type_into(qtbot, dialog.who, "김 조사관")
    type_into(qtbot, dialog.why, "휴가 뒤 암호 문구를 잊음")
    type_into(qtbot, dialog.new_passphrase, NEW_PASSPHRASE)
    assert not dialog.write_button.isEnabled()  # not yet typed twice
    type_into(qtbot, dialog.repeat, NEW_PASSPHRASE)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    with qtbot.waitSignal(dialog.request_written, timeout=WAIT_MS) as written:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    request = Path(written.args[0])
    assert request.parent == usb
    phoned, device = re.findall(FINGERPRINT, dialog.written.text())
    with repository.reading() as connection:
        registered = connection.execute("SELECT signing_public_key FROM devices").fetchone()[0]
    assert device == fingerprint(registered)  # what Geneva reads out for this laptop
    assert phoned in dialog.state.text()  # the waiting request is shown
    assert dialog.new_passphrase.text() == ""  # not kept in the window

    response = tmp_path / "response.json"
    geneva.recover(
        repository,
        request,
        response,
        identity_path=recovery_identity(repository, tmp_path / "key.txt"),
        request_fingerprint=phoned,
        approved_by="Geneva duty officer",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(response), ""))
    type_into(qtbot, dialog.chosen, "다른 암호 문구 wrong horse")
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as failed:
        qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    assert "not correct" in failed.args[0] and dialog.outcome.isVisible()
    assert opens(laptop.path, PASSPHRASE)  # nothing changed

    dialog.chosen.clear()
    type_into(qtbot, dialog.chosen, NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.recovered, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    assert "new passphrase now opens" in dialog.outcome.text()
    assert opens(laptop.path, NEW_PASSPHRASE) and not opens(laptop.path, PASSPHRASE)


def test_a_laptop_without_a_slot_is_told_so_in_korean(
    qtbot: QtBot, runner: Runner, existing_db: Path
) -> None:
    dialog = _dialog(qtbot, existing_db, runner)
    assert "no recovery slot" in dialog.state.text()
    assert not dialog.step1.isEnabled() and not dialog.step2.isEnabled()
    switch_language("ko")
    assert dialog.windowTitle() == "암호 문구를 잊으셨습니까?"
    assert "복구 슬롯이 없습니다" in dialog.state.text()


def test_the_desktop_opens_the_recovery_window_over_the_unlock_window(
    qtbot: QtBot, existing_db: Path
) -> None:
    from ui.application import Desktop
    from ui.tasks import TaskRunner

    desktop = Desktop(TaskRunner(), existing_db)
    try:
        desktop.start(kdf_params=FAST_KDF)
        unlock = desktop.dialog
        assert unlock is not None
        qtbot.waitExposed(unlock)
        type_into(qtbot, unlock.passphrase, "틀린 암호 wrong horse")
        qtbot.mouseClick(unlock.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(unlock.recovery_button.isVisible, timeout=WAIT_MS)
        qtbot.mouseClick(unlock.recovery_button, Qt.MouseButton.LeftButton)
        recovery = desktop.recovery
        assert isinstance(recovery, RecoveryDialog) and recovery.parent() is unlock
        qtbot.waitExposed(recovery)
        qtbot.waitUntil(lambda: recovery.status is not None, timeout=WAIT_MS)
        assert recovery.database == existing_db
        recovery.reject()
        assert unlock.isVisible()  # the unlock window stays, for the new passphrase
    finally:
        desktop.stop()
        if desktop.dialog is not None:
            desktop.dialog.close()
            desktop.dialog.deleteLater()
