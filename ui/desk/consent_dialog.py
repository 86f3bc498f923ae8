"""Consent, scope by scope, before anything of the testimony can be recorded.

Each scope is read to the witness and answered yes or no; "Record consent" stays disabled
until every scope has an answer, so no scope is granted or refused by default. The same
dialog, on an interview that has consent, records a withdrawal of scopes granted: the
consent given stays on record and the withdrawal is added (both in the audit trail).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Consent, ConsentMethod, ConsentScope
from app.i18n import N_, _
from app.i18n.formats import plural
from ui.style import DIALOG_STYLE

SCOPES = (
    ConsentScope.TRANSFER_GENEVA,
    ConsentScope.USE_OF_IDENTITY,
    ConsentScope.SHARE_ACCOUNTABILITY,
    ConsentScope.RECONTACT,
    ConsentScope.RECORDING,
)


def scope_text(scope: ConsentScope) -> tuple[str, str]:
    """The scope's name and what to read to the witness."""
    return {
        ConsentScope.TRANSFER_GENEVA: (
            _("Transfer to Geneva"),
            _(
                "Your account may be sent, encrypted, to the UN repository in Geneva, "
                "where it is kept as a record of what happened."
            ),
        ),
        ConsentScope.USE_OF_IDENTITY: (
            _("Use of your identity"),
            _(
                "Your real name, birth date, hometown and relatives may be kept, sealed, "
                "so that your account can be linked to you if you wish."
            ),
        ),
        ConsentScope.SHARE_ACCOUNTABILITY: (
            _("Sharing for accountability"),
            _(
                "Your account may be shared with future courts or accountability "
                "mechanisms. You will be asked again before anything names you."
            ),
        ),
        ConsentScope.RECONTACT: (
            _("Contacting you again"),
            _("We may contact you again, for example to ask a few more questions."),
        ),
        ConsentScope.RECORDING: (
            _("Audio recording"),
            _("The interview may be recorded as sound."),
        ),
    }[scope]


def method_text(method: ConsentMethod) -> str:
    return {
        ConsentMethod.ORAL: _("Oral"),
        ConsentMethod.WRITTEN: _("Written"),
        ConsentMethod.RECORDED_ORAL: _("Oral, recorded"),
    }[method]


class ConsentDialog(QDialog):
    """Capture consent (no `consent` given) or record a withdrawal (`consent` given)."""

    def __init__(
        self, code: str, consent: Consent | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(620)
        self.code = code
        self.consent = consent
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        self.names: dict[ConsentScope, QLabel] = {}
        self.details: dict[ConsentScope, QLabel] = {}
        self.yes: dict[ConsentScope, QRadioButton] = {}
        self.no: dict[ConsentScope, QRadioButton] = {}
        self.groups: list[QButtonGroup] = []
        scopes = SCOPES if consent is None else tuple(s for s in SCOPES if s in consent.granted)
        for row, scope in enumerate(scopes):
            name, detail = QLabel(self), QLabel(self)
            name.setStyleSheet("font-weight: bold;")
            detail.setWordWrap(True)
            detail.setProperty("role", "hint")
            yes, no = QRadioButton(self), QRadioButton(self)
            group = QButtonGroup(self)
            group.addButton(yes)
            group.addButton(no)
            group.buttonToggled.connect(self._validate)
            self.groups.append(group)
            box = QVBoxLayout()
            box.addWidget(name)
            box.addWidget(detail)
            self.grid.addLayout(box, row, 0)
            self.grid.addWidget(yes, row, 1)
            self.grid.addWidget(no, row, 2)
            self.names[scope], self.details[scope] = name, detail
            self.yes[scope], self.no[scope] = yes, no
            if consent is not None and not consent.allows(scope):
                yes.setEnabled(False)
                no.setEnabled(False)
                no.setChecked(True)
        self.method = QComboBox(self)
        self.note = QLineEdit(self)
        self.form = QFormLayout()
        self.method_label, self.note_label = QLabel(self), QLabel(self)
        if consent is None:
            self.form.addRow(self.method_label, self.method)
            self.note.hide()
            self.note_label.hide()
        else:
            self.method.hide()
            self.method_label.hide()
            self.form.addRow(self.note_label, self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.remaining = QLabel(self)
        self.remaining.setProperty("role", "hint")
        self.remaining.setVisible(consent is None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addLayout(self.grid)
        layout.addLayout(self.form)
        layout.addWidget(self.remaining)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._validate()

    @property
    def withdrawing(self) -> bool:
        return self.consent is not None

    def retranslate(self) -> None:
        if self.withdrawing:
            self.setWindowTitle(_("Withdraw consent"))
            self.heading.setText(_("Withdraw consent — {code}").format(code=self.code))
            self.explanation.setText(
                _(
                    "Mark what the witness now withdraws. What they consented to before "
                    "stays on record, with this withdrawal and its time."
                )
            )
        else:
            self.setWindowTitle(_("Consent"))
            self.heading.setText(_("Consent — {code}").format(code=self.code))
            self.explanation.setText(
                _(
                    "Read each item to the witness and mark their answer. Nothing can be "
                    "recorded until every item is answered."
                )
            )
        for scope, name in self.names.items():
            title, detail = scope_text(scope)
            name.setText(title)
            self.details[scope].setText(detail)
            if self.withdrawing:
                self.yes[scope].setText(_("Keep"))
                self.no[scope].setText(_("Withdraw"))
            else:
                self.yes[scope].setText(_("Yes"))
                self.no[scope].setText(_("No"))
        current = self.method.currentIndex()
        self.method.clear()
        for method in ConsentMethod:
            self.method.addItem(method_text(method), method.value)
        self.method.setCurrentIndex(max(current, 0))
        self.method_label.setText(_("How consent was given"))
        self.note_label.setText(_("Note (optional)"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Record withdrawal") if self.withdrawing else _("Record consent"))
        self._validate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _validate(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.withdrawing:
            ok.setEnabled(bool(self.withdrawn()))
        else:
            left = sum(group.checkedButton() is None for group in self.groups)
            ok.setEnabled(left == 0)
            # why the button is grey: how many items still wait for the witness's answer;
            # the line stays (saying all are answered) so the rows above never move
            self.remaining.setText(
                plural(
                    left, N_("{count} item still to answer"), N_("{count} items still to answer")
                )
                if left
                else _("Every item is answered.")
            )

    def granted(self) -> frozenset[ConsentScope]:
        return frozenset(scope for scope, yes in self.yes.items() if yes.isChecked())

    def withdrawn(self) -> frozenset[ConsentScope]:
        return frozenset(
            scope for scope, no in self.no.items() if no.isChecked() and no.isEnabled()
        )

    def chosen_method(self) -> ConsentMethod:
        return ConsentMethod(self.method.currentData() or ConsentMethod.ORAL.value)
