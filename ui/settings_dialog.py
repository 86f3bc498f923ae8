"""Settings: language, auto-lock delay, default interviewer name. Nothing sensitive."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.settings import Settings
from ui.grow_to_fit import grow_to_fit
from ui.language import LANGUAGE_NAMES
from ui.style import DIALOG_STYLE


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(480)
        self.language = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.autolock = QSpinBox(self)
        self.autolock.setRange(1, 120)
        self.autolock.setValue(settings.autolock_minutes)
        self.interviewer = QLineEdit(settings.default_interviewer, self)
        self.labels = [QLabel(self) for _ in range(3)]
        form = QFormLayout()
        for label, field in zip(
            self.labels, (self.language, self.autolock, self.interviewer), strict=True
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self.note = QLabel(self)
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        grow_to_fit(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.labels[0].setText(_("&Language"))
        self.labels[1].setText(_("Lock &after inactivity"))
        self.labels[2].setText(_("Default &interviewer"))
        self.autolock.setSuffix(_(" min"))
        self.note.setText(
            _("Settings are kept on this laptop and never hold anything of the testimony.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def chosen(self) -> Settings:
        return Settings(
            language=self.language.currentData(),
            autolock_minutes=self.autolock.value(),
            default_interviewer=self.interviewer.text().strip(),
        )
