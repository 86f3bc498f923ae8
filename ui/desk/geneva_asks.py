"""The session screen's "Geneva asks" box: the questions of Geneva's re-interview list for
the witness of the open interview (`app.desk.asked`), above the questions, for as long as
the interview is open. Hidden when Geneva asks nothing. Reads nothing itself: the
interview file carries the list, read with everything else on the worker."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.desk.asked import asked_lines
from app.desk.workbench import InterviewFile
from app.i18n import _
from app.legal import Catalogue

STYLE = "QFrame#genevaAsks { border: 1px solid #7a9cc6; border-radius: 4px; background: #eef4fb; }"


class GenevaAsks(QFrame):
    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.file: InterviewFile | None = None
        self.setObjectName("genevaAsks")
        self.setStyleSheet(STYLE)
        self.heading = QLabel(self)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.lines = QLabel(self)
        self.lines.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines)
        self.hide()

    def show_file(self, file: InterviewFile) -> None:
        self.file = file
        self.retranslate()

    def retranslate(self) -> None:
        asked = self.file.asked if self.file is not None else None
        if asked is None or not (asked.questions or asked.note):
            self.hide()
            return
        assert self.file is not None
        self.heading.setText(
            _("Geneva asks you to come back to this with the witness (list of {date}):").format(
                date=asked.made_at[:10]
            )
        )
        lines = asked_lines(self.catalogue, asked, self.file.incidents)
        self.lines.setText("\n".join(f"• {line}" for line in lines))
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
