"""An analyst's reliability or credibility assessment of a source (a witness) or a fact
(an answer, an incident, a tag…), with its reasons; recorded through the core's
`assessments.assess`, as `sillok repository assess` does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.sync.repository import assessments, desk
from ui.analysts.labels import ASPECTS, RATINGS, word
from ui.analysts.session import RepositorySession
from ui.errors import error_text
from ui.style import DIALOG_STYLE


class AssessmentDialog(QDialog):
    def __init__(
        self,
        session: RepositorySession,
        target: str,
        what: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        """`what` says what is assessed, in the language in force when it is called."""
        super().__init__(parent)
        self.session = session
        self.target = target
        self.what = what
        self.recorded: dict[str, object] | None = None
        self.setObjectName("assessmentDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(480)
        self.heading = heading = QLabel(self)
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        self.aspect = QComboBox(self)
        for key in assessments.ASPECTS:
            self.aspect.addItem("", key)
        self.rating = QComboBox(self)
        for key in assessments.RATINGS:
            self.rating.addItem("", key)
        self.reasons = QPlainTextEdit(self)
        self.error = QLabel(self)
        self.error.setProperty("role", "alert")
        self.error.setWordWrap(True)
        self.error.hide()
        self.labels = [QLabel(self) for _row in range(3)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.aspect, self.rating, self.reasons), strict=True):
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the language now chosen; what was chosen and typed stays."""
        self.setWindowTitle(_("Assessment"))
        self.heading.setText(_("Assess: {what}").format(what=self.what()))
        for index in range(self.aspect.count()):
            self.aspect.setItemText(index, word(ASPECTS, self.aspect.itemData(index)))
        for index in range(self.rating.count()):
            self.rating.setItemText(index, word(RATINGS, self.rating.itemData(index)))
        self.reasons.setPlaceholderText(_("Why, for the record (required)"))
        for label, text in zip(self.labels, (_("Aspect"), _("Rating"), _("Reasons")), strict=True):
            label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LanguageChange:
            # after the children heard it: the button box resets its buttons' own texts
            self.retranslate()
        return handled

    def _record(self) -> None:
        target, aspect = self.target, str(self.aspect.currentData())
        rating, reasons = str(self.rating.currentData()), self.reasons.toPlainText()
        analyst = self.session.analyst
        self.buttons.setEnabled(False)
        self.session.run(
            lambda repository: desk.assess(repository, target, aspect, rating, reasons, analyst),
            self._done,
            self._failed,
            owner=self,
        )

    def _done(self, made: dict[str, object]) -> None:
        self.recorded = made
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(error))
        self.error.show()
