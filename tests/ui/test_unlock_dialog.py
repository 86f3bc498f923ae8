"""The create/unlock dialog, driven as a person would, against real encrypted files."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.crypto import keyfile
from app.crypto.strength import assess
from app.errors import KeyFileMissing, WrongPassphrase
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE
from tests.ui.helpers import KO_MARK, commit_with_input_method, files_in, type_into
from ui.language import switch_language
from ui.passphrase import SENSITIVE_HINTS
from ui.session import Session
from ui.tasks import Runner, TaskRunner
from ui.unlock_dialog import Mode, UnlockDialog, unexpected_error_text

WAIT_MS = 15_000
MakeDialog = Callable[..., UnlockDialog]


@pytest.fixture
def make_dialog(qtbot: QtBot, session: Session) -> MakeDialog:
    def make(mode: Mode | None = None, on: Session = session) -> UnlockDialog:
        dialog = UnlockDialog(on, mode=mode, kdf_params=FAST_KDF)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def submit_and_wait_for_error(qtbot: QtBot, dialog: UnlockDialog) -> None:
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and not dialog.busy, timeout=WAIT_MS)


def no_message_box_shown() -> bool:
    return not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


# -- create mode --------------------------------------------------------------------------


def test_the_dialog_creates_a_database_when_there_is_none_and_unlocks_one_that_is_there(
    make_dialog: MakeDialog, db_path: Path
) -> None:
    assert make_dialog().mode is Mode.CREATE
    Database.create(db_path, PASSPHRASE, FAST_KDF).close()
    assert make_dialog().mode is Mode.UNLOCK


def test_the_create_warning_says_what_recovery_through_geneva_offers(
    make_dialog: MakeDialog,
) -> None:
    """It said nobody could ever recover a lost passphrase, which recovery through Geneva
    contradicts once the laptop is enrolled (and only then)."""
    dialog = make_dialog()
    assert dialog.mode is Mode.CREATE
    english = dialog.warning.text()
    assert "nobody can recover" not in english
    assert "before this laptop is enrolled" in english and "recovered through Geneva" in english
    switch_language("ko")
    korean = dialog.warning.text()
    assert "등록하기 전" in korean and "제네바" in korean and "복구" in korean


def test_a_weak_passphrase_keeps_create_disabled(qtbot: QtBot, make_dialog: MakeDialog) -> None:
    dialog = make_dialog()
    type_into(qtbot, dialog.passphrase, "password")
    type_into(qtbot, dialog.confirmation, "password")
    qtbot.waitUntil(lambda: dialog.meter.strength is not None, timeout=WAIT_MS)

    assert dialog.meter.label.text() == "Strength: very weak"
    assert dialog.meter.hint.isVisible()
    assert dialog.meter.hint.text() == assess("password").hint
    assert dialog.match_label.text() == "Both entries match."
    assert not dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.busy
    assert dialog.isVisible()


def test_create_waits_for_a_strong_passphrase_entered_twice(
    qtbot: QtBot, make_dialog: MakeDialog
) -> None:
    dialog = make_dialog()
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    qtbot.waitUntil(lambda: dialog.meter.strength is not None, timeout=WAIT_MS)
    assert dialog.meter.strength is not None and dialog.meter.strength.acceptable
    assert not dialog.submit_button.isEnabled()  # not repeated yet

    type_into(qtbot, dialog.confirmation, PASSPHRASE[:-1])
    assert dialog.match_label.text() == "The two entries do not match yet."
    assert not dialog.submit_button.isEnabled()

    type_into(qtbot, dialog.confirmation, PASSPHRASE[-1])
    qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=WAIT_MS)
    assert dialog.match_label.text() == "Both entries match."


def test_create_writes_a_real_encrypted_database(
    qtbot: QtBot, make_dialog: MakeDialog, session: Session, runner: Runner, db_path: Path
) -> None:
    dialog = make_dialog()
    assert "before this laptop is enrolled" in dialog.warning.text()
    assert dialog.warning.isVisible()
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    type_into(qtbot, dialog.confirmation, PASSPHRASE)
    qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=WAIT_MS)

    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert session.is_open
    assert session.info is not None and session.info.schema_version >= 1
    assert dialog.passphrase.text() == dialog.confirmation.text() == ""
    assert keyfile.keyfile_path(db_path).is_file()
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    runner.shutdown(final=session.close_on_worker)
    Database.open(db_path, PASSPHRASE).close()  # the passphrase typed is the one that opens it


def test_passphrase_fields_keep_their_text_in_and_take_hangul(
    qtbot: QtBot, make_dialog: MakeDialog
) -> None:
    dialog = make_dialog()
    clipboard = QApplication.clipboard()
    clipboard.setText("sentinel")
    assert clipboard.text() == "sentinel"  # the clipboard works here, so the test can fail
    for field in (dialog.passphrase, dialog.confirmation):
        assert field.echoMode() == field.EchoMode.Password
        assert field.inputMethodHints() & SENSITIVE_HINTS == SENSITIVE_HINTS
        assert not field.inputMethodHints() & Qt.InputMethodHint.ImhLatinOnly
        assert field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)

        commit_with_input_method(field, "압록강")
        type_into(qtbot, field, " river")
        assert field.text() == "압록강 river"

        field.selectAll()
        field.copy()
        qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert clipboard.text() == "sentinel"
        field.cut()  # removes the selection, copies nothing
        assert clipboard.text() == "sentinel"


def test_a_passphrase_longer_than_zxcvbn_accepts_is_still_assessed(
    qtbot: QtBot, make_dialog: MakeDialog
) -> None:
    dialog = make_dialog()
    dialog.passphrase.setText("봄날 압록강 건너 correct horse battery staple " * 3)
    qtbot.waitUntil(lambda: dialog.meter.strength is not None, timeout=WAIT_MS)
    assert dialog.meter.strength is not None and dialog.meter.strength.acceptable


# -- unlock mode ----------------------------------------------------------------------------


@pytest.fixture
def unlock_dialog(make_dialog: MakeDialog, existing_db: Path) -> UnlockDialog:
    return make_dialog()


def test_a_wrong_passphrase_is_said_inline_and_changes_no_byte(
    qtbot: QtBot, unlock_dialog: UnlockDialog, existing_db: Path
) -> None:
    before = files_in(existing_db.parent)
    type_into(qtbot, unlock_dialog.passphrase, "봄날 wrong guess")

    submit_and_wait_for_error(qtbot, unlock_dialog)

    assert unlock_dialog.error_label.text() == WrongPassphrase().message()
    assert unlock_dialog.error_label.property("role") == "alert"
    assert unlock_dialog.passphrase.text() == ""
    assert unlock_dialog.focusWidget() is unlock_dialog.passphrase
    assert unlock_dialog.passphrase.isEnabled()
    assert unlock_dialog.isVisible()
    assert not unlock_dialog.session.is_open
    assert no_message_box_shown()
    assert files_in(existing_db.parent) == before


def test_the_right_passphrase_unlocks(
    qtbot: QtBot, unlock_dialog: UnlockDialog, session: Session, existing_db: Path
) -> None:
    type_into(qtbot, unlock_dialog.passphrase, "wrong")
    submit_and_wait_for_error(qtbot, unlock_dialog)
    type_into(qtbot, unlock_dialog.passphrase, PASSPHRASE)

    with qtbot.waitSignal(unlock_dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(unlock_dialog.passphrase, Qt.Key.Key_Return)

    assert unlock_dialog.session.is_open
    assert session.info is not None
    assert session.info.path == existing_db
    assert session.info.schema_version >= 1
    assert unlock_dialog.passphrase.text() == ""


def test_a_missing_key_file_is_explained_and_the_typed_passphrase_kept(
    qtbot: QtBot, unlock_dialog: UnlockDialog, existing_db: Path
) -> None:
    key_path = keyfile.keyfile_path(existing_db)
    key_path.unlink()
    type_into(qtbot, unlock_dialog.passphrase, PASSPHRASE)

    submit_and_wait_for_error(qtbot, unlock_dialog)

    assert unlock_dialog.error_label.text() == KeyFileMissing(path=str(key_path)).message()
    assert unlock_dialog.passphrase.text() == PASSPHRASE
    assert no_message_box_shown()


def test_an_unexpected_error_shows_a_plain_message_without_details(
    qtbot: QtBot, unlock_dialog: UnlockDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_open(path: Path, passphrase: str) -> Database:
        raise RuntimeError("interviewee Kim, Hyesan, 2019")

    monkeypatch.setattr(Database, "open", broken_open)
    type_into(qtbot, unlock_dialog.passphrase, PASSPHRASE)

    submit_and_wait_for_error(qtbot, unlock_dialog)

    assert unlock_dialog.error_label.text() == unexpected_error_text()
    assert "Hyesan" not in unlock_dialog.error_label.text()
    assert no_message_box_shown()


def test_while_the_key_is_derived_the_dialog_is_busy_and_the_window_responsive(
    qtbot: QtBot, threaded_runner: TaskRunner, existing_db: Path, make_dialog: MakeDialog
) -> None:
    session = Session(threaded_runner, existing_db)
    dialog = make_dialog(on=session)
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    release = threading.Event()
    started = threading.Event()

    def occupy_worker() -> None:  # stands for a slow key derivation
        started.set()
        release.wait(WAIT_MS / 1000)

    threaded_runner.run(occupy_worker, lambda _: None, lambda _: None)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert dialog.busy
    assert dialog.busy_row.isVisible()
    assert dialog.busy_label.text() == "Unlocking…"
    assert not dialog.passphrase.isEnabled()
    assert not dialog.submit_button.isEnabled()
    assert not dialog.cancel_button.isEnabled()
    dialog.reject()  # Escape or the close button: ignored until the work is done
    assert dialog.isVisible()
    timer = QTimer()
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout, timeout=WAIT_MS):  # the event loop keeps running
        timer.start(1)

    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        release.set()
    assert not dialog.busy_row.isVisible()
    threaded_runner.shutdown(final=session.close_on_worker)


# -- languages ------------------------------------------------------------------------------


@pytest.mark.usefixtures("marked_korean")
def test_switching_language_re_sets_every_text_and_keeps_what_was_typed(
    qtbot: QtBot, make_dialog: MakeDialog
) -> None:
    dialog = make_dialog()
    type_into(qtbot, dialog.passphrase, "봄날 압록")
    type_into(qtbot, dialog.confirmation, "봄")
    qtbot.waitUntil(lambda: dialog.meter.strength is not None, timeout=WAIT_MS)
    texts = [
        dialog.heading, dialog.intro, dialog.path_label, dialog.passphrase_label,
        dialog.confirmation_label, dialog.match_label, dialog.warning, dialog.busy_label,
        dialog.submit_button, dialog.cancel_button,
    ]  # fmt: skip
    assert not any(widget.text().startswith(KO_MARK) for widget in texts)

    switch_language("ko")

    assert dialog.passphrase.text() == "봄날 압록"
    assert dialog.confirmation.text() == "봄"
    assert dialog.windowTitle().startswith(KO_MARK)
    assert [w.text()[: len(KO_MARK)] for w in texts] == [KO_MARK] * len(texts)
    qtbot.waitUntil(lambda: dialog.meter.strength is not None, timeout=WAIT_MS)
    assert dialog.meter.label.text().startswith(KO_MARK)
    assert dialog.meter.hint.text().startswith(KO_MARK)

    switch_language("en")

    assert not any(widget.text().startswith(KO_MARK) for widget in texts)
    assert dialog.passphrase.text() == "봄날 압록"
    assert dialog.confirmation.text() == "봄"


@pytest.mark.usefixtures("marked_korean")
def test_an_error_on_screen_follows_the_language(qtbot: QtBot, unlock_dialog: UnlockDialog) -> None:
    type_into(qtbot, unlock_dialog.passphrase, "wrong")
    submit_and_wait_for_error(qtbot, unlock_dialog)
    type_into(qtbot, unlock_dialog.passphrase, "봄날 압")

    switch_language("ko")

    assert unlock_dialog.error_label.text() == KO_MARK + WrongPassphrase.template
    assert unlock_dialog.submit_button.text() == KO_MARK + "Unlock"
    assert unlock_dialog.passphrase.text() == "봄날 압"
    assert unlock_dialog.result() != QDialog.DialogCode.Accepted
