"""The first thing a person sees: create the encrypted database, or unlock it.

Create mode (no database yet) asks for a new passphrase twice and shows how strong it
is; Create stays disabled until it is strong enough and both entries match. Unlock mode
asks for the passphrase; over a locked window it also offers to quit (the button,
Ctrl+Q). The key derivation takes about a second, so it runs on the task runner while
the dialog shows that it is busy; errors appear inline, never as a box.
"""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.crypto.kdf import KdfParams
from app.errors import WrongPassphrase
from app.i18n import _
from ui.errors import error_text
from ui.grow_to_fit import grow_to_fit
from ui.language_buttons import LanguageButtons
from ui.passphrase import PassphraseField, StrengthCheck, StrengthMeter
from ui.session import Session
from ui.style import DIALOG_STYLE

QUIT_KEY = QKeySequence("Ctrl+Q")
"""Named rather than the platform's Quit, which Windows (and Qt offscreen) leave empty."""


class Mode(enum.Enum):
    CREATE = "create"
    UNLOCK = "unlock"


def unexpected_error_text() -> str:
    return _(
        "Something unexpected went wrong. Try again; if it happens again, close Sillok "
        "and start it again."
    )


class UnlockDialog(QDialog):
    recovery_requested = Signal()
    """"Forgot the passphrase?" was pressed (offered after a wrong passphrase)."""
    quit_requested = Signal()
    """Quit (the button or Ctrl+Q), offered when the dialog unlocks a locked window."""

    def __init__(
        self,
        session: Session,
        mode: Mode | None = None,
        kdf_params: KdfParams | None = None,
        parent: QWidget | None = None,
        *,
        settings_path: Path | None = None,
        can_quit: bool = False,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.mode = mode or (Mode.UNLOCK if session.exists() else Mode.CREATE)
        self._kdf_params = kdf_params
        self._busy = False
        self._error: BaseException | None = None
        creating = self.mode is Mode.CREATE

        self.setObjectName("unlockDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(500)

        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.languages = LanguageButtons(settings_path, self)
        self.language_buttons = self.languages.buttons
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.path_label = QLabel(self)
        self.path_label.setProperty("role", "hint")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.passphrase = PassphraseField(self)
        self.passphrase_label = QLabel(self)
        self.passphrase_label.setBuddy(self.passphrase)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.addRow(self.passphrase_label, self.passphrase)

        self.meter = StrengthMeter(self)
        self.confirmation = PassphraseField(self)
        self.confirmation_label = QLabel(self)
        self.confirmation_label.setBuddy(self.confirmation)
        self.match_label = QLabel(self)
        self.match_label.setProperty("role", "hint")
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setProperty("role", "warning")
        self._strength = StrengthCheck(session.runner, self)
        self.passphrase.textChanged.connect(self._passphrase_edited)
        if creating:
            form.addRow("", self.meter)
            form.addRow(self.confirmation_label, self.confirmation)
            form.addRow("", self.match_label)
            self.confirmation.textChanged.connect(self._update_buttons)
            self._strength.assessed.connect(self._strength_assessed)
        else:
            for widget in (self.meter, self.confirmation, self.confirmation_label):
                widget.hide()
            self.match_label.hide()
            self.warning.hide()

        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "alert")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.recovery_button = QPushButton(self)
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.clicked.connect(self.recovery_requested)
        self.recovery_button.hide()

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # moving, without a percentage
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedSize(120, 8)
        self.busy_label = QLabel(self)
        self.busy_row = QWidget(self)
        busy_layout = QHBoxLayout(self.busy_row)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(self.busy_bar)
        busy_layout.addWidget(self.busy_label, 1)
        self.busy_row.hide()

        self.buttons = QDialogButtonBox(self)
        self.submit_button = QPushButton(self)
        self.submit_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        # Over a locked window Cancel only leaves the lock page, and the window's own
        # Ctrl+Q cannot reach past this modal dialog: quitting is offered here.
        self.quit_button = QPushButton(self)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self._quit)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QUIT_KEY)
        self.quit_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.quit_action.triggered.connect(self._quit)
        if can_quit:
            self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.addAction(self.quit_action)
        else:
            self.quit_button.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.languages, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        layout.addWidget(self.intro)
        layout.addWidget(self.path_label)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error_label)
        layout.addWidget(self.recovery_button)
        layout.addWidget(self.busy_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        session.opened.connect(self._opened)
        session.open_failed.connect(self._failed)
        grow_to_fit(self)  # the wrong-passphrase advice is shown whole, in either language
        self.retranslate()
        self._update_buttons()
        self.passphrase.setFocus()

    # -- what the caller reads ------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every text in the current language; typed passphrases stay as they are."""
        creating = self.mode is Mode.CREATE
        self.setWindowTitle(_("Sillok"))
        if creating:
            self.heading.setText(_("Create the encrypted database"))
            self.intro.setText(
                _(
                    "Sillok keeps every testimony encrypted on this computer. "
                    "Choose a passphrase to protect it."
                )
            )
            self.submit_button.setText(_("Create"))
            self.busy_label.setText(_("Creating the encrypted database…"))
        else:
            self.heading.setText(_("Unlock Sillok"))
            self.intro.setText(_("Enter the passphrase to open the encrypted database."))
            self.submit_button.setText(_("Unlock"))
            self.busy_label.setText(_("Unlocking…"))
        self.path_label.setText(_("Database: {path}").format(path=self.session.path))
        self.passphrase_label.setText(_("Passphrase"))
        self.confirmation_label.setText(_("Repeat it"))
        self.warning.setText(
            _(
                "If this passphrase is forgotten before this laptop is enrolled with Geneva, "
                "nobody can open the database again: not you, not your organisation, not "
                "the Sillok team. Once it is enrolled, a forgotten passphrase can be "
                'recovered through Geneva ("Forgot the passphrase?", checked by phone).'
            )
        )
        self.cancel_button.setText(_("Cancel"))
        self.quit_button.setText(_("Quit Sillok"))
        self.recovery_button.setText(_("Forgot the passphrase?"))
        self._update_match_label()
        if creating and self.passphrase.text():
            self.meter.show_strength(None)
            self._strength.request(self.passphrase.text(), again=True)
        elif creating:
            self.meter.show_strength(None)
        if self._error is not None:
            self.error_label.setText(self._error_text(self._error))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- typing -----------------------------------------------------------------------------

    def _passphrase_edited(self, text: str) -> None:
        if self.mode is Mode.CREATE:
            self.meter.show_strength(None)
            if text:
                self._strength.request(text)
        self._update_buttons()

    def _strength_assessed(self, _strength: object) -> None:
        self.meter.show_strength(self._strength.result_for(self.passphrase.text()))
        self._update_buttons()

    def _update_match_label(self) -> None:
        if self.mode is not Mode.CREATE or not self.confirmation.text():
            self.match_label.setText("")
        elif self.confirmation.text() == self.passphrase.text():
            self.match_label.setText(_("Both entries match."))
        else:
            self.match_label.setText(_("The two entries do not match yet."))

    def _update_buttons(self) -> None:
        self._update_match_label()
        self.submit_button.setEnabled(not self._busy and self._ready())

    def _ready(self) -> bool:
        text = self.passphrase.text()
        if not text:
            return False
        if self.mode is Mode.UNLOCK:
            return True
        strength = self._strength.result_for(text)
        return strength is not None and strength.acceptable and self.confirmation.text() == text

    # -- submitting -------------------------------------------------------------------------

    def _submit(self) -> None:
        if self._busy or not self._ready():
            return
        self._clear_error()
        self._set_busy(True)
        passphrase = self.passphrase.text()
        if self.mode is Mode.CREATE:
            self.session.create(passphrase, self._kdf_params)
        else:
            self.session.unlock(passphrase)

    def _opened(self) -> None:
        if not self._busy:
            return
        self._set_busy(False)
        self.passphrase.clear()
        self.confirmation.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if not self._busy:
            return
        self._set_busy(False)
        self._show_error(error)
        if isinstance(error, WrongPassphrase):
            self.passphrase.clear()
            self.recovery_button.setVisible(self.mode is Mode.UNLOCK)
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.passphrase, self.confirmation, self.cancel_button, self.quit_button):
            widget.setEnabled(not busy)
        self.busy_row.setVisible(busy)
        self._update_buttons()

    def _quit(self) -> None:
        if self._busy:  # the key derivation cannot be interrupted; it ends within seconds
            return
        self.passphrase.clear()
        self.confirmation.clear()
        self.quit_requested.emit()

    def reject(self) -> None:
        if self._busy:  # the key derivation cannot be interrupted; it ends within seconds
            return
        self.passphrase.clear()
        self.confirmation.clear()
        super().reject()

    # -- errors -----------------------------------------------------------------------------

    @staticmethod
    def _error_text(error: BaseException) -> str:
        return error_text(error, unexpected_error_text())

    def _show_error(self, error: BaseException) -> None:
        self._error = error.with_traceback(None)  # its frames may hold the passphrase
        self.error_label.setText(self._error_text(error))
        self.error_label.show()
        QAccessible.updateAccessibility(QAccessibleEvent(self.error_label, QAccessible.Event.Alert))

    def _clear_error(self) -> None:
        self._error = None
        self.error_label.clear()
        self.error_label.hide()
