"""The first thing a new interviewer sees: what the passphrase means, enrolment with
Geneva, where the data lives, then a choice: create the real database, or practise on
the demo first.

It only explains and asks; it opens nothing. The app listens to `create_requested` (ask
for a new passphrase for the real database at `database_path`), `demo_requested`
(the demo database at `demo_path`: created with its own passphrase, then filled on the
worker with `app.demo.generate.fill_new_demo`) and `repository_requested` (Geneva staff,
whose machine holds no laptop database: the analysts' desk on a repository folder).
Closing it (Esc) rejects it: the app ends. The language can be switched here, before
anything else is read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.demo import default_demo_database
from app.i18n import _, current_language
from app.paths import default_database, resources_dir
from ui.language import LANGUAGE_NAMES
from ui.language_buttons import choose_language
from ui.style import DIALOG_STYLE

WELCOME_STYLE = """
QLabel[role="topic"] { font-weight: bold; font-size: 11pt; margin-top: 4px; }
QLabel[role="path"] {
    font-family: monospace; color: #2d2d2d; background: #f1efe9; border-radius: 4px;
    padding: 3px 6px;
}
QFrame[role="rule"] { color: #d8d2c4; }
QPushButton[role="language"] {
    border: 1px solid #b9b2a3; border-radius: 4px; padding: 3px 10px; background: transparent;
}
QPushButton[role="language"]:checked { background: #1f2f56; color: white; border-color: #1f2f56; }
QPushButton[role="primary"], QPushButton[role="secondary"] {
    border-radius: 5px; padding: 7px 16px; border: 1px solid #1f2f56;
}
QPushButton[role="primary"] { background: #1f2f56; color: white; font-weight: bold; }
QPushButton[role="primary"]:focus { border: 2px solid #b3261e; }
QPushButton[role="secondary"] { background: #f6f3ec; color: #1f2f56; }
"""


class WelcomeDialog(QDialog):
    create_requested = Signal()
    """The person chose to create their real, encrypted database."""
    demo_requested = Signal()
    """The person chose to practise with the demo database first."""
    repository_requested = Signal()
    """Geneva staff chose to open a repository in the analysts' desk (ui/analysts/)."""

    def __init__(
        self,
        database_path: Path | None = None,
        demo_path: Path | None = None,
        parent: QWidget | None = None,
        *,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings_path = settings_path
        self.database_path = Path(database_path or default_database())
        self.demo_path = Path(demo_path or default_demo_database())
        self.setObjectName("welcomeDialog")
        self.setStyleSheet(DIALOG_STYLE + WELCOME_STYLE)
        self.setMinimumWidth(600)

        self.icon = QLabel(self)
        icon = QPixmap(str(resources_dir() / "icons" / "sillok-64.png"))
        if not icon.isNull():
            self.icon.setPixmap(icon)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.language_buttons: dict[str, QPushButton] = {}
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.heading, 1, Qt.AlignmentFlag.AlignVCenter)
        for code, name in LANGUAGE_NAMES.items():
            button = QPushButton(name, self)
            button.setProperty("role", "language")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, code=code: self._switch(code))
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.language_buttons[code] = button

        self.intro = self._text()
        self.passphrase_topic, self.passphrase_text = self._topic(), self._text()
        self.passphrase_warning = self._text()
        self.passphrase_warning.setProperty("role", "warning")
        self.enrolment_topic, self.enrolment_text = self._topic(), self._text()
        self.data_topic, self.data_text = self._topic(), self._text()
        self.data_path = self._text()
        self.data_path.setProperty("role", "path")
        self.data_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_text = self._text()
        self.demo_text.setProperty("role", "hint")

        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setProperty("role", "rule")

        self.create_button = QPushButton(self)
        self.create_button.setDefault(True)
        self.create_button.setProperty("role", "primary")
        self.create_button.clicked.connect(self._create)
        self.demo_button = QPushButton(self)
        self.demo_button.setAutoDefault(False)
        self.demo_button.setProperty("role", "secondary")
        self.demo_button.clicked.connect(self._demo)
        self.repository_button = QPushButton(self)
        self.repository_button.setAutoDefault(False)
        self.repository_button.setProperty("role", "secondary")
        self.repository_button.clicked.connect(self._repository)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.repository_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.intro)
        for widget in (
            self.passphrase_topic,
            self.passphrase_text,
            self.passphrase_warning,
            self.enrolment_topic,
            self.enrolment_text,
            self.data_topic,
            self.data_text,
            self.data_path,
        ):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(rule)
        layout.addWidget(self.demo_text)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()
        self.create_button.setFocus()

    def _topic(self) -> QLabel:
        label = QLabel(self)
        label.setProperty("role", "topic")
        return label

    def _text(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        return label

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every text in the current language."""
        self.setWindowTitle(_("Welcome to Sillok"))
        self.heading.setText(_("Welcome to Sillok"))
        self.intro.setText(
            _(
                "Sillok keeps the testimonies you record encrypted on this laptop, and "
                "sends them signed and encrypted to the Geneva repository. Three things "
                "to know before you start:"
            )
        )
        self.passphrase_topic.setText(_("1. Your passphrase"))
        self.passphrase_text.setText(
            _(
                "Next you choose a passphrase. It is the only way into the database: "
                "Sillok asks for it at every start and after every lock (Ctrl+L). Choose "
                "a long sentence you will remember; Korean or English both work."
            )
        )
        self.passphrase_warning.setText(
            _(
                "If the passphrase is lost before this laptop is enrolled with Geneva, the "
                "data is lost: nobody can open the database, not your organisation, not "
                "Geneva, not the Sillok team. Once it is enrolled, its key file also holds "
                "a recovery slot sealed to Geneva: through a recovery checked by phone "
                '("Forgot the passphrase?" in the unlock window), Geneva can restore '
                "access, and nobody else can."
            )
        )
        self.enrolment_topic.setText(_("2. Enrolment with Geneva"))
        self.enrolment_text.setText(
            _(
                "Before your first export, Geneva staff enrol this laptop with the "
                "repository. Until then, and until you export, nothing leaves this laptop."
            )
        )
        self.data_topic.setText(_("3. Where your data lives"))
        self.data_text.setText(
            _(
                "The encrypted database and its key file are kept in this folder. Back "
                "them up together; without the passphrase a backup is useless to anyone."
            )
        )
        self.data_path.setText(str(self.database_path.parent))
        self.demo_text.setText(
            _(
                "New to Sillok? Practise first on the demo: invented interviews, marked "
                "DEMO, kept apart from real work. Demo data can never be sent to Geneva."
            )
        )
        self.create_button.setText(_("Create my database"))
        self.demo_button.setText(_("Practise with demo data"))
        self.repository_button.setText(_("Open a Geneva repository…"))
        for code, button in self.language_buttons.items():
            button.setChecked(code == current_language())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- choices --------------------------------------------------------------------------

    def _switch(self, language: str) -> None:
        # every open window, this one included, is retranslated; the next start follows
        choose_language(language, self.settings_path)
        for code, button in self.language_buttons.items():
            button.setChecked(code == current_language())

    def _create(self) -> None:
        self.accept()
        self.create_requested.emit()

    def _demo(self) -> None:
        self.accept()
        self.demo_requested.emit()

    def _repository(self) -> None:
        self.accept()
        self.repository_requested.emit()
