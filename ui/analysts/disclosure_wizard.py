"""The disclosure wizard: a named recipient and their age key, what to disclose (by
interview code, legal element or incident), what to redact, then a summary of what goes
and what is withheld and why (counted, never named) before anything is written; then the
register entry. It calls `disclosure.disclose` exactly as `sillok repository disclose`
does (through `desk.disclose`), on the worker."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.i18n import N_, _
from app.sync.repository import desk, disclosure, disclosure_consent, redaction
from ui.analysts.session import RepositorySession
from ui.errors import error_text
from ui.style import DIALOG_STYLE

REDACTION_LABELS = {
    "safety": N_("Safety screen answers (family in the DPRK, contacts, threats)"),
    "relatives": N_("Answers about relatives (disappeared relatives, family in a camp)"),
    "person_names": N_("Names and aliases in the records of the persons spoken of"),
    "units": N_("Units and ranks of the persons spoken of"),
    "transcript": N_("The whole transcript"),
    "staff_names": N_(
        "Names of the staff (interviewer, interpreter, who recorded the consent, who was present)"
    ),
}
LANGUAGES = {"both": N_("Korean and English"), "ko": N_("Korean"), "en": N_("English")}


def _redacted_line(category: str, count: int) -> str:
    label = _(REDACTION_LABELS.get(category, category))
    if count == 0:  # said, so that a category that found nothing is not mistaken for done
        return _("Nothing to redact: {category}").format(category=label)
    return _("{count} item(s) redacted: {category}").format(count=count, category=label)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s,;]+", text.strip()) if w)


def _alert(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "alert")
    label.setWordWrap(True)
    label.hide()
    return label


def _file_row(parent: QWidget, field: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


class RecipientPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setObjectName("recipientName")
        self.key_file = QLineEdit(self)
        self.key_file.setObjectName("recipientKeyFile")
        self.out = QLineEdit(self)
        self.out.setObjectName("disclosureFile")
        self.choose_key = QPushButton(self)
        self.choose_key.clicked.connect(self._choose_key)
        self.choose_out = QPushButton(self)
        self.choose_out.clicked.connect(self._choose_out)
        self.error = _alert(self)
        self.labels = [QLabel(self) for _row in range(3)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.name)
        form.addRow(self.labels[1], _file_row(self, self.key_file, self.choose_key))
        form.addRow(self.labels[2], _file_row(self, self.out, self.choose_out))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Who receives it"))
        self.setSubTitle(
            _("The disclosure is encrypted to the recipient's age key: only they can open it.")
        )
        self.choose_key.setText(_("Choose…"))
        self.choose_out.setText(_("Choose…"))
        for label, text in zip(
            self.labels,
            (
                _("Recipient (for the register)"),
                _("Recipient's age key file"),
                _("Disclosure file to write"),
            ),
            strict=True,
        ):
            label.setText(text)

    def _choose_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Recipient's age key file"), str(Path.home()), _("All files (*)")
        )
        if path:
            self.key_file.setText(path)

    def _choose_out(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Disclosure file to write"), str(Path.home()), _("Disclosures (*.sillok)")
        )
        if path:
            self.out.setText(path)

    def validatePage(self) -> bool:
        problem = None
        if not self.name.text().strip():
            problem = _("Name the recipient: the register records who received what.")
        elif not self.out.text().strip():
            problem = _("Choose the disclosure file to write.")
        elif Path(self.out.text().strip()).exists():
            problem = _("That file exists already; a disclosure never overwrites a file.")
        else:
            try:
                disclosure.recipient_from_file(Path(self.key_file.text().strip()))
            except Exception as error:  # noqa: BLE001 - said inline, in the person's words
                problem = error_text(error)
        self.error.setText(problem or "")
        self.error.setVisible(problem is not None)
        return problem is None


class SelectionPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes = QLineEdit(self)
        self.codes.setObjectName("selectionCodes")
        self.elements = QLineEdit(self)
        self.elements.setObjectName("selectionElements")
        self.incidents = QLineEdit(self)
        self.incidents.setObjectName("selectionIncidents")
        self.language = QComboBox(self)
        for key in LANGUAGES:
            self.language.addItem("", key)
        self.labels = [QLabel(self) for _row in range(4)]
        form = QFormLayout(self)
        for label, field in zip(
            self.labels, (self.codes, self.elements, self.incidents, self.language), strict=True
        ):
            form.addRow(label, field)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("What to disclose"))
        self.setSubTitle(
            _(
                "Leave all three empty to consider every interview. Only what each "
                "witness's consent allows will go."
            )
        )
        for index, name in enumerate(LANGUAGES.values()):
            self.language.setItemText(index, _(name))
        for label, text in zip(
            self.labels,
            (
                _("Interview codes"),
                _("Legal elements (e.g. CAH.7.1.e.1)"),
                _("Incident ids"),
                _("Statements in"),
            ),
            strict=True,
        ):
            label.setText(text)

    def selection(self) -> disclosure.Selection:
        return disclosure.Selection(
            _words(self.codes.text()), _words(self.elements.text()), _words(self.incidents.text())
        )


class RedactionPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for key in sorted(redaction.REDACTIONS):
            box = QCheckBox(self)
            box.setObjectName(f"redact_{key}")
            self.boxes[key] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("What to redact"))
        self.setSubTitle(
            _("Each item taken out is listed in the redaction log with the hash of the record.")
        )
        for key, box in self.boxes.items():
            box.setText(_(REDACTION_LABELS.get(key, key)))

    def chosen(self) -> list[str]:
        return sorted(key for key, box in self.boxes.items() if box.isChecked())


def withheld_lines(withheld: dict[str, int]) -> list[str]:
    return [
        _("{count} left out: {reason}").format(
            count=count, reason=_(disclosure_consent.WITHHELD_REASONS.get(reason, reason))
        )
        for reason, count in sorted(withheld.items())
    ]


class SummaryPage(QWizardPage):
    """What would go and what is withheld, read before writing; Next writes it."""

    def __init__(self, wizard: DisclosureWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.text = QLabel(self)
        self.text.setObjectName("disclosureSummary")
        self.text.setWordWrap(True)
        self.error = _alert(self)
        self.preview: dict[str, Any] | None = None
        self.written: dict[str, Any] | None = None
        self.writing = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Check before writing"))
        if self.preview is not None and not self.writing and self.written is None:
            self._previewed(self.preview)

    def initializePage(self) -> None:
        self.preview, self.written = None, None
        self.error.hide()
        self.text.setText(_("Reading what the selection holds…"))
        selection, redactions = self.owner.selection.selection(), self.owner.redaction.chosen()
        self.owner.session.run(
            lambda repository: desk.disclosure_preview(repository, selection, redactions),
            self._previewed,
            self.show_failed,
            owner=self,
        )

    def _previewed(self, preview: dict[str, Any]) -> None:
        self.preview = preview
        lines = [
            _("{count} interview(s) will be disclosed to {name}: {codes}").format(
                count=len(preview["interviews"]),
                name=self.owner.recipient.name.text().strip(),
                codes=", ".join(preview["interviews"]) or "—",
            ),
            *withheld_lines(preview["withheld"]),
            *(_redacted_line(category, count) for category, count in preview["redacted"].items()),
            *(
                [
                    _(
                        "Names said in the transcript or in answers are not redacted by names and "
                        "aliases: read them, or withhold the whole transcript."
                    )
                ]
                if "person_names" in preview["redacted"] and "transcript" not in preview["redacted"]
                else []
            ),
            _("Sealed identities are never disclosed."),
            _("Press Write to sign, encrypt and write the disclosure."),
        ]
        self.text.setText("\n".join(lines))
        self.completeChanged.emit()

    def show_failed(self, error: BaseException) -> None:
        self.writing = False
        self.owner.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.error.setText(error_text(error))
        self.error.show()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None and not self.writing

    def validatePage(self) -> bool:
        if self.written is not None:
            return True
        if self.writing or self.preview is None:
            return False
        self.writing = True
        self.completeChanged.emit()
        wizard = self.owner
        recipient = wizard.recipient
        key_file = Path(recipient.key_file.text().strip())
        name, out = recipient.name.text().strip(), Path(recipient.out.text().strip())
        made_by, selection = wizard.session.analyst, wizard.selection.selection()
        redactions = wizard.redaction.chosen()
        language = str(wizard.selection.language.currentData())
        self.text.setText(_("Signing, encrypting and writing the disclosure…"))
        wizard.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        window = wizard.parentWidget()
        assert window is not None  # the analysts' window, which outlives the wizard
        told = cast("DisclosureOutcome", window)
        wizard.session.run(
            lambda repository: desk.disclose(
                repository,
                recipient_file=key_file,
                recipient_name=name,
                out=out,
                made_by=made_by,
                selection=selection,
                redactions=redactions,
                language=language,
            ),
            # Told to the window, which outlives the wizard: once writing has begun, the
            # outcome is said even if a lock closed the wizard meanwhile.
            lambda made: told.disclosure_written(wizard, made),
            lambda error: told.disclosure_failed(wizard, error),
            owner=window,
        )
        return False

    def show_written(self, made: dict[str, Any]) -> None:
        self.writing = False
        self.written = made
        self.owner.made = made
        self.owner.next()


class DonePage(QWizardPage):
    def __init__(self, wizard: DisclosureWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.text = QLabel(self)
        self.text.setObjectName("disclosureDone")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(self.text.textInteractionFlags())
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Disclosure written"))
        if self.owner.made is not None:
            self.initializePage()

    def initializePage(self) -> None:
        self.text.setText(done_text(self.owner.made or {}))


class DisclosureOutcome(Protocol):
    """The window the wizard was opened from: it says the outcome of a disclosure whose
    writing had begun, whether the wizard is still open or not."""

    def disclosure_written(self, wizard: QWidget, made: dict[str, Any]) -> None: ...
    def disclosure_failed(self, wizard: QWidget, error: BaseException) -> None: ...


def done_text(made: dict[str, Any]) -> str:
    """What was written, for the last page or, when the wizard was closed meanwhile, for
    the window to say."""
    return "\n".join(
        [
            _("Disclosure {number} written: {path}").format(**made),
            _("{count} interview(s) disclosed; {redacted} item(s) redacted.").format(
                count=len(made.get("interviews", [])), redacted=made.get("redacted", 0)
            ),
            *withheld_lines(made.get("withheld", {})),
            _("SHA-256: {sha}").format(sha=made.get("sha256", "")),
            _("Recorded in the register of disclosures, number {number}.").format(
                number=made.get("number")
            ),
        ]
    )


class DisclosureWizard(QWizard):
    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.made: dict[str, Any] | None = None
        self.setObjectName("disclosureWizard")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumSize(640, 460)
        self.recipient = RecipientPage(self)
        self.selection = SelectionPage(self)
        self.redaction = RedactionPage(self)
        self.summary = SummaryPage(self)
        self.done_page = DonePage(self)
        for page in (self.recipient, self.selection, self.redaction, self.summary, self.done_page):
            self.addPage(page)
        self.summary.setCommitPage(True)  # once written, there is no going back
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the language now chosen; what was typed and chosen stays."""
        self.setWindowTitle(_("Disclose to an accountability mechanism"))
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Write"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        for page in (self.recipient, self.selection, self.redaction, self.summary, self.done_page):
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        """Cancel, Esc and the close button do nothing while the disclosure is written: it
        cannot be taken back, and its outcome is shown here."""
        if self.summary.writing:
            return
        super().reject()

    def discard(self) -> None:
        """Close whatever it is doing (the desk locks): the window says the outcome."""
        super().reject()
