"""A new interview: who interviews, who interprets, which questionnaire.

The pseudonymous codes (of the witness and of the interview) are made by the core; no
name is asked here. Identity data has its own, clearly marked place later.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.questionnaire import Questionnaire
from ui.grow_to_fit import grow_to_fit
from ui.style import DIALOG_STYLE


@dataclass(frozen=True)
class NewInterview:
    interviewer: str
    interpreter: str | None
    questionnaire: Questionnaire
    location_kind: str


LOCATIONS = ("resettlement_centre", "other")


class NewInterviewDialog(QDialog):
    def __init__(
        self,
        questionnaires: list[Questionnaire],
        default_interviewer: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(480)  # room for the explanation and a name; it opened at 250 px
        self.questionnaires = questionnaires
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("role", "hint")
        self.interviewer = QLineEdit(default_interviewer, self)
        self.interpreter = QLineEdit(self)
        self.questionnaire = QComboBox(self)
        self.location = QComboBox(self)
        self.form = QFormLayout()
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(
            self.labels,
            (self.interviewer, self.interpreter, self.questionnaire, self.location),
            strict=True,
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.interviewer.textChanged.connect(self._validate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        grow_to_fit(self)
        self.retranslate()
        self._validate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New interview"))
        self.heading.setText(_("New interview"))
        self.explanation.setText(
            _(
                "The witness and the interview get pseudonymous codes. Do not type the "
                "witness's name here: identity data has its own, sealed place."
            )
        )
        for label, text in zip(
            self.labels,
            (_("&Interviewer"), _("Inter&preter"), _("&Questionnaire"), _("&Location")),
            strict=True,
        ):
            label.setText(text)
        self.interpreter.setPlaceholderText(_("None"))
        current = self.questionnaire.currentIndex()
        self.questionnaire.clear()
        for questionnaire in self.questionnaires:
            title = questionnaire.file.title
            self.questionnaire.addItem(
                f"{title.get(current_language())} ({questionnaire.version})", questionnaire.id
            )
        self.questionnaire.setCurrentIndex(max(current, 0))
        current = self.location.currentIndex()
        self.location.clear()
        self.location.addItem(_("Resettlement centre"), "resettlement_centre")
        self.location.addItem(_("Elsewhere"), "other")
        self.location.setCurrentIndex(max(current, 0))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Continue to consent"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _validate(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.interviewer.text().strip()))

    def result_value(self) -> NewInterview:
        return NewInterview(
            interviewer=self.interviewer.text().strip(),
            interpreter=self.interpreter.text().strip() or None,
            questionnaire=self.questionnaires[max(self.questionnaire.currentIndex(), 0)],
            location_kind=self.location.currentData() or LOCATIONS[0],
        )

    def draft(self) -> dict[str, str]:
        """What is typed and chosen, kept across a lock (`app.desk.drafts.keep_dialog`)."""
        questionnaire = self.questionnaires[max(self.questionnaire.currentIndex(), 0)]
        return {
            "interviewer": self.interviewer.text(),
            "interpreter": self.interpreter.text(),
            "questionnaire": f"{questionnaire.id}|{questionnaire.version}",
            "location": str(self.location.currentData() or LOCATIONS[0]),
        }

    def restore_draft(self, draft: dict[str, str]) -> None:
        self.interviewer.setText(draft.get("interviewer", self.interviewer.text()))
        self.interpreter.setText(draft.get("interpreter", ""))
        for index, questionnaire in enumerate(self.questionnaires):
            if f"{questionnaire.id}|{questionnaire.version}" == draft.get("questionnaire"):
                self.questionnaire.setCurrentIndex(index)
        location = self.location.findData(draft.get("location"))
        if location >= 0:
            self.location.setCurrentIndex(location)
