"""Identity data, in its own clearly marked place, sealed for Geneva as it is saved.

The laptop keeps only the sealed form and cannot show it again, even to its own user; the
dialog therefore always opens empty, and what is typed leaves memory with the dialog.
Before enrolment the core refuses (`NotEnrolled`) and the dialog says why and what to do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.people import IdentityData, Relative
from app.i18n import _
from ui.style import DIALOG_STYLE


class IdentityDialog(QDialog):
    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(DIALOG_STYLE)
        self.code = code
        self.banner = QLabel(self)
        self.banner.setProperty("role", "warning")
        self.banner.setWordWrap(True)
        self.real_name = QLineEdit(self)
        self.other_names = QLineEdit(self)
        self.hometown = QLineEdit(self)
        self.relatives = QPlainTextEdit(self)
        self.relatives.setMaximumHeight(110)
        self.labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        for label, field in zip(
            self.labels,
            (self.real_name, self.other_names, self.hometown, self.relatives),
            strict=True,
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self.problem = QLabel(self)
        self.problem.setProperty("role", "alert")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Identity data — {code}").format(code=self.code))
        self.banner.setText(
            _(
                "Identity data is sealed for Geneva as it is saved. This laptop keeps only "
                "the sealed form and cannot show it again, not even to you. It is used only "
                "as far as the witness's consent allows."
            )
        )
        for label, text in zip(
            self.labels,
            (
                _("Real name"),
                _("Other names (comma between)"),
                _("Hometown"),
                _("Relatives (one per line: relation, name, whereabouts)"),
            ),
            strict=True,
        ):
            label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def data(self) -> IdentityData:
        relatives = []
        for line in self.relatives.toPlainText().splitlines():
            parts = [part.strip() for part in line.split(",")]
            if not parts or not parts[0]:
                continue
            relatives.append(
                Relative(
                    relation=parts[0],
                    name=parts[1] if len(parts) > 1 and parts[1] else None,
                    whereabouts=", ".join(parts[2:]) or None,
                )
            )
        others = [name.strip() for name in self.other_names.text().split(",") if name.strip()]
        return IdentityData(
            real_name=self.real_name.text().strip() or None,
            other_names=others,
            hometown=self.hometown.text().strip() or None,
            relatives=relatives,
        )

    def clear(self) -> None:
        for field in (self.real_name, self.other_names, self.hometown):
            field.clear()
        self.relatives.clear()
