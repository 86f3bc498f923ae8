"""Forgot the passphrase? Recovery through Geneva, from the unlock window, in two steps.

1. Who asks and why, and a NEW passphrase (typed twice); write the recovery request to a
   folder (a USB stick) and read its fingerprint to Geneva by phone.
2. When Geneva's response comes back, type the new passphrase again and load it: the new
   passphrase then opens the database and the old one no longer does.

The database stays locked throughout (the core needs no passphrase for step 1 and opens
the database only to check and audit in step 2: app/sync/recovery.py). The key derivation
and every file run on the task runner; errors appear inline. A laptop whose key file has no
recovery slot is told so, and step 1 stays closed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.crypto.kdf import KdfParams
from app.errors import SillokError
from app.i18n import _
from app.store.keys import fingerprint
from app.sync import recovery
from ui.passphrase import PassphraseField
from ui.style import DIALOG_STYLE
from ui.tasks import Runner

REQUEST_NAME = "sillok-recovery-request"


def free_request_path(folder: Path) -> Path:
    """A request file name not yet used in `folder` (a request is never overwritten)."""
    for number in range(1, 1000):
        path = folder / f"{REQUEST_NAME}{'' if number == 1 else f'-{number}'}.json"
        if not path.exists():
            return path
    raise FileExistsError(folder)


def _note(parent: QWidget, role: str = "") -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class RecoveryDialog(QDialog):
    status_shown = Signal()
    request_written = Signal(str)
    """The path of the request file."""
    recovered = Signal()
    failed = Signal(str)
    """The message shown."""

    def __init__(
        self,
        database: Path,
        runner: Runner,
        parent: QWidget | None = None,
        kdf_params: KdfParams | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.runner = runner
        self._kdf_params = kdf_params
        """For tests: a quick key derivation."""
        self.status: recovery.Status | None = None
        self.setObjectName("recoveryDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(600)
        self.heading = _note(self, "heading")
        self.intro = _note(self)
        self.state = _note(self, "hint")

        self.step1 = QGroupBox(self)
        self.who = QLineEdit(self.step1)
        self.who.setMaxLength(120)
        self.why = QLineEdit(self.step1)
        self.why.setMaxLength(400)
        self.new_passphrase = PassphraseField(self.step1)
        self.repeat = PassphraseField(self.step1)
        self.who_label, self.why_label = QLabel(self.step1), QLabel(self.step1)
        self.new_label, self.repeat_label = QLabel(self.step1), QLabel(self.step1)
        form = QFormLayout()
        for label, field in (
            (self.who_label, self.who),
            (self.why_label, self.why),
            (self.new_label, self.new_passphrase),
            (self.repeat_label, self.repeat),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
            field.textChanged.connect(self._update_buttons)
        self.write_button = QPushButton(self.step1)
        self.write_button.clicked.connect(self.choose_request_folder)
        self.written = _note(self.step1)
        self.written.hide()
        box1 = QVBoxLayout(self.step1)
        box1.addLayout(form)
        box1.addWidget(self.write_button)
        box1.addWidget(self.written)

        self.step2 = QGroupBox(self)
        self.step2_text = _note(self.step2, "hint")
        self.chosen = PassphraseField(self.step2)
        self.chosen.textChanged.connect(self._update_buttons)
        self.chosen_label = QLabel(self.step2)
        self.chosen_label.setBuddy(self.chosen)
        self.load_button = QPushButton(self.step2)
        self.load_button.clicked.connect(self.choose_response)
        form2 = QFormLayout()
        form2.addRow(self.chosen_label, self.chosen)
        box2 = QVBoxLayout(self.step2)
        box2.addWidget(self.step2_text)
        box2.addLayout(form2)
        box2.addWidget(self.load_button)

        self.outcome = _note(self)
        self.outcome.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        for button in (self.write_button, self.load_button, *self.buttons.buttons()):
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        for widget in (self.heading, self.intro, self.state, self.step1, self.step2):
            layout.addWidget(widget)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self._busy = False
        self.retranslate()
        self.refresh()

    # -- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Forgot the passphrase?"))
        self.heading.setText(_("Recover access through Geneva"))
        self.intro.setText(
            _(
                "Geneva can restore access to this laptop's interviews if the laptop was "
                "enrolled: its key file then holds the database key sealed to Geneva. "
                "1. Write a recovery request and choose a new passphrase. 2. Send the file "
                "to Geneva and read its fingerprint to them by phone. 3. Geneva checks the "
                "laptop and sends back a response. 4. Load it here with the new passphrase; "
                "the old passphrase then stops working."
            )
        )
        self.step1.setTitle(_("1. The request"))
        self.who_label.setText(_("Who asks (name, role)"))
        self.why_label.setText(_("Why"))
        self.new_label.setText(_("New passphrase"))
        self.repeat_label.setText(_("Repeat it"))
        self.write_button.setText(_("Write the recovery request…"))
        self.step2.setTitle(_("2. Geneva's response"))
        self.step2_text.setText(
            _(
                "Type the new passphrase chosen in step 1, then load the response file "
                "Geneva sent back."
            )
        )
        self.chosen_label.setText(_("New passphrase"))
        self.load_button.setText(_("Load Geneva's response…"))
        self._fill_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- state ------------------------------------------------------------------------

    def refresh(self) -> None:
        path = self.database
        self.runner.run(lambda: recovery.status(path), self._show_status, self._failed, owner=self)

    def _show_status(self, status: recovery.Status) -> None:
        self.status = status
        self._fill_status()
        self.status_shown.emit()

    def _fill_status(self) -> None:
        status = self.status
        if status is None:
            self.state.setText("")
        elif not status.slot:
            self.state.setProperty("role", "alert")
            self.state.setText(
                _(
                    "This laptop's key file has no recovery slot: it was never enrolled with "
                    "a trust bundle carrying Geneva's recovery key. Geneva cannot restore "
                    "access to it; only the passphrase opens it."
                )
            )
        else:
            lines = [
                _("Geneva's fingerprint: {fp}").format(fp=status.geneva_fingerprint),
            ]
            if status.pending is not None:
                lines.append(
                    _(
                        "A request made on {date} by {who} is waiting for Geneva's response "
                        "(request fingerprint {fp})."
                    ).format(
                        date=status.pending.created_at,
                        who=status.pending.requested_by,
                        fp=status.pending.request_fingerprint,
                    )
                )
            self.state.setProperty("role", "hint")
            self.state.setText("\n".join(lines))
        self.state.setStyleSheet("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        status = self.status
        slot = status is not None and status.slot
        step1 = bool(
            self.who.text().strip()
            and self.why.text().strip()
            and self.new_passphrase.text()
            and self.new_passphrase.text() == self.repeat.text()
        )
        self.step1.setEnabled(slot and not self._busy)
        self.write_button.setEnabled(slot and step1 and not self._busy)
        waiting = status is not None and status.pending is not None
        self.step2.setEnabled(slot and waiting and not self._busy)
        self.load_button.setEnabled(waiting and bool(self.chosen.text()) and not self._busy)

    # -- step 1 -----------------------------------------------------------------------

    def choose_request_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Where to write the recovery request (e.g. a USB stick)")
        )
        if folder:
            self.write_request(Path(folder))

    def write_request(self, folder: Path) -> None:
        path, who, why = self.database, self.who.text(), self.why.text()
        chosen, params = self.new_passphrase.text(), self._kdf_params

        def op() -> tuple[Path, recovery.RecoveryRequest, recovery.Status]:
            out = free_request_path(folder)
            made = recovery.write_request(
                path, out, requested_by=who, reason=why, new_passphrase=chosen, kdf_params=params
            )
            return out, made, recovery.status(path)

        self._set_busy(True)
        self.runner.run(op, self._request_written, self._failed, owner=self)

    def _request_written(
        self, outcome: tuple[Path, recovery.RecoveryRequest, recovery.Status]
    ) -> None:
        path, made, status = outcome
        self._set_busy(False)
        self.new_passphrase.clear()
        self.repeat.clear()
        self.outcome.hide()
        self._show_status(status)
        self.written.setText(
            _("Recovery request written: {path}").format(path=path)
            + "\n"
            + _("Request fingerprint:  {fp}").format(fp=made.fingerprint)
            + "\n"
            + _("This device's fingerprint:  {fp}").format(
                fp=fingerprint(made.slot.statement.device_signing_public_key)
            )
            + "\n"
            + _("Give it to Geneva and read the request fingerprint to them by phone.")
        )
        self.written.show()
        self.request_written.emit(str(path))

    # -- step 2 -----------------------------------------------------------------------

    def choose_response(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("The recovery response Geneva sent back"), "", _("All files (*)")
        )
        if path:
            self.load_response(Path(path))

    def load_response(self, response: Path) -> None:
        path, chosen, params = self.database, self.chosen.text(), self._kdf_params

        def op() -> recovery.Completed:
            return recovery.complete(path, response, chosen, actor="sillok-desk", kdf_params=params)

        self._set_busy(True)
        self.runner.run(op, self._recovered, self._failed, owner=self)

    def _recovered(self, done: recovery.Completed) -> None:
        self._set_busy(False)
        self.chosen.clear()
        self._say(
            "hint",
            "\n".join(
                [
                    _(
                        "Recovery {number} loaded: the new passphrase now opens the database."
                    ).format(number=done.recovery_id),
                    _("Geneva's fingerprint: {fp}").format(fp=done.geneva_fingerprint),
                    _("Close this window and unlock Sillok with the new passphrase."),
                ]
            ),
        )
        self.refresh()
        self.recovered.emit()

    # -- both -------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        text = (
            error.message()
            if isinstance(error, SillokError)
            else _("Something unexpected went wrong. Nothing was changed. Try again.")
        )
        self._say("alert", text)
        self.failed.emit(text)

    def _say(self, role: str, text: str) -> None:
        self.outcome.setProperty("role", role)
        self.outcome.setStyleSheet("")
        self.outcome.setText(text)
        self.outcome.show()

    def reject(self) -> None:
        if self._busy:
            return
        for field in (self.new_passphrase, self.repeat, self.chosen):
            field.clear()
        super().reject()
