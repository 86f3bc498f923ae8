"""An analyst's reliability or credibility assessment of a source (a witness) or a fact
(an answer, an incident, a tag…), with its reasons; recorded through the core's
`assessments.assess`, as `sillok repository assess` does."""

from __future__ import annotations

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
        self, session: RepositorySession, target: str, what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.target = target
        self.recorded: dict[str, object] | None = None
        self.setObjectName("assessmentDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setWindowTitle(_("Assessment"))
        self.setMinimumWidth(480)
        heading = QLabel(_("Assess: {what}").format(what=what), self)
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        self.aspect = QComboBox(self)
        for key in assessments.ASPECTS:
            self.aspect.addItem(word(ASPECTS, key), key)
        self.rating = QComboBox(self)
        for key in assessments.RATINGS:
            self.rating.addItem(word(RATINGS, key), key)
        self.reasons = QPlainTextEdit(self)
        self.reasons.setPlaceholderText(_("Why, for the record (required)"))
        self.error = QLabel(self)
        self.error.setProperty("role", "alert")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Aspect"), self.aspect)
        form.addRow(_("Rating"), self.rating)
        form.addRow(_("Reasons"), self.reasons)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self._record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

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
