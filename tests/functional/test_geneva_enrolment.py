"""Enrolment from the desk, as an interviewer does it, with a real Geneva repository:

Geneva → Enrol this laptop… → the request written to a "USB stick" folder, this laptop's
fingerprint shown large → Geneva enrols the request (the core of `sillok repository
enrol`) → a wrong Geneva fingerprint is refused with the core's message and nothing is
loaded → the right one, typed loosely (lower case, spaces), loads the trust bundle.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.store.database import Database
from app.sync.enrolment import current_bundle
from app.sync.repository.devices import enrol
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
)
from tests.support import PASSPHRASE
from tests.sync_support import new_repository
from tests.ui.helpers import type_into
from ui.desk.geneva.enrolment_dialog import EnrolmentDialog, typed_fingerprint
from ui.language import switch_language


def test_typed_fingerprint_ignores_case_spaces_and_dashes_but_not_missing_letters() -> None:
    assert typed_fingerprint("7k3q 9xpm 2hcd ef8w rt4n") == "7K3Q-9XPM-2HCD-EF8W-RT4N"
    assert typed_fingerprint("7K3Q-9XPM-2HCD-EF8W-RT4N") == "7K3Q-9XPM-2HCD-EF8W-RT4N"
    assert typed_fingerprint("7K3Q-9XPM-2HCD-EF8W-RT4") is None
    assert typed_fingerprint("7K3Q-9XPM-2HCD-EF8W-RT4O") is None  # O is never in one


def open_dialog(qtbot: QtBot, app: Opened) -> EnrolmentDialog:
    app.window.geneva.enrol_action.trigger()
    dialog = app.window.geneva.enrolment_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=WAIT_MS)
    return dialog


def test_enrolment_in_two_steps_refuses_a_wrong_geneva_fingerprint(
    qtbot: QtBot,
    opened: Opened,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    geneva = new_repository(tmp_path / "geneva")
    try:
        dialog = open_dialog(qtbot, opened)
        assert "not enrolled" in dialog.state.text()
        assert dialog.device_fingerprint.isHidden()  # no keys before the first request
        assert not dialog.load_button.isEnabled()

        # Step 1: the request goes to the stick; the fingerprint is shown to read out.
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
        type_into(qtbot, dialog.label_field, "Seoul laptop 2")
        with qtbot.waitSignal(dialog.request_written, timeout=WAIT_MS) as written:
            qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        request = Path(written.args[0])
        assert request.parent == usb and request.is_file()
        assert not dialog.label_field.isEnabled()  # the name went with the keys
        shown = dialog.device_fingerprint.text()

        bundle = tmp_path / "from-geneva" / "bundle.json"
        bundle.parent.mkdir()
        enrolled = enrol(geneva, request, bundle)
        # What Geneva reads out by phone is what the laptop shows, group by group.
        assert shown.split() == enrolled.device_fingerprint.split("-")
        assert enrolled.bundle.device.label == "Seoul laptop 2"

        # Step 2 with a wrong Geneva fingerprint: refused, the message shown, nothing loaded.
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bundle), ""))
        groups = enrolled.geneva_fingerprint.split("-")
        wrong = "-".join(groups[1:] + groups[:1])
        type_into(qtbot, dialog.geneva_field, wrong)
        assert dialog.load_button.isEnabled()
        with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as failed:
            qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
        assert "the Geneva fingerprint is not the one you were given" in failed.args[0]
        assert dialog.outcome.isVisible() and dialog.outcome.property("role") == "alert"
        assert "Nothing was changed" in dialog.outcome.text()
        assert "Traceback" not in dialog.outcome.text()
        with qtbot.waitSignal(dialog.status_shown, timeout=WAIT_MS):
            dialog.refresh()
        assert dialog.status is not None and not dialog.status.enrolled

        # A half-typed fingerprint cannot be used.
        dialog.geneva_field.clear()
        type_into(qtbot, dialog.geneva_field, "abcd")
        assert not dialog.load_button.isEnabled()
        assert "4 of 20" in dialog.typed_hint.text()

        # The right one, typed as heard (lower case, spaces between the groups), then Enter.
        dialog.geneva_field.clear()
        type_into(qtbot, dialog.geneva_field, " ".join(groups).lower())
        with qtbot.waitSignal(dialog.bundle_loaded, timeout=WAIT_MS):
            qtbot.keyClick(dialog.geneva_field, Qt.Key.Key_Return)
        assert dialog.isVisible()  # Enter loaded the bundle; it did not close the dialog
        assert dialog.outcome.property("role") == "hint"
        assert "Trust bundle version 1 loaded" in dialog.outcome.text()
        assert enrolled.geneva_fingerprint in dialog.outcome.text()
        assert dialog.status is not None and dialog.status.enrolled
        assert "Enrolled with the real Geneva repository" in dialog.state.text()

        # The same dialog in Korean.
        switch_language("ko")
        try:
            assert "등록" in dialog.windowTitle()
            assert "신뢰 번들" in dialog.state.text()
        finally:
            switch_language("en")
        dialog.reject()
    finally:
        opened.close()
        geneva.close()

    database = Database.open(db, PASSPHRASE)
    try:
        with database.reading() as connection:
            held = current_bundle(connection)
        assert held is not None and held.version == 1
    finally:
        database.close()


def test_an_expiring_trust_bundle_is_shown_with_a_warning(
    qtbot: QtBot,
    db: Path,
    tmp_path: Path,
) -> None:
    from tests.sync_support import enrol_device

    geneva = new_repository(tmp_path / "geneva")
    database = Database.open(db, PASSPHRASE)
    try:
        enrol_device(database, geneva, tmp_path / "exchange", valid_days=10)
    finally:
        database.close()
        geneva.close()
    app = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        dialog = open_dialog(qtbot, app)
        assert dialog.state.property("role") == "warning"
        assert "expires in 9 days" in dialog.state.text()
        assert not dialog.device_fingerprint.isHidden()
        dialog.reject()
    finally:
        app.close()
