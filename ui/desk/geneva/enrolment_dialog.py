"""Enrol this laptop with Geneva, in two steps, without a terminal.

1. Write the enrolment request (this laptop's public keys, no testimony) to a folder, a
   USB stick, and read this laptop's fingerprint out to Geneva by phone.
2. Type Geneva's fingerprint as Geneva staff read it out, then load the trust bundle they
   sent back: the core (`accept_bundle`) refuses a bundle signed by another key, and says
   why; nothing is loaded then.

The dialog shows where the laptop stands first: not enrolled, or enrolled with which
trust bundle, until when, with a demonstration or a real repository, and warns when the
bundle expires within 30 days or has expired. All file and key work runs on the worker.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.people import CODE_ALPHABET
from app.i18n import N_, _
from app.i18n.formats import plural
from app.store.database import Database
from app.store.keys import FINGERPRINT_GROUP_SIZE, FINGERPRINT_GROUPS
from app.sync.enrolment import Accepted, accept_bundle, write_request
from app.sync.overview import EnrolmentStatus, enrolment_status
from ui.desk.geneva.common import (
    big_label,
    fingerprint_groups,
    format_day,
    geneva_error_text,
    note,
    run,
)
from ui.grow_to_fit import grow_to_fit
from ui.session import Session
from ui.style import DIALOG_STYLE

REQUEST_NAME = "sillok-enrolment-request"
FINGERPRINT_LENGTH = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_SIZE


def typed_fingerprint(text: str) -> str | None:
    """What was typed, as the core writes a fingerprint ("7K3Q-9XPM-…"), once it has all
    its letters and digits; spaces, dashes and case do not matter."""
    letters = [c for c in text.upper() if c in CODE_ALPHABET]
    if len(letters) != FINGERPRINT_LENGTH or len(text.replace(" ", "").replace("-", "")) != (
        FINGERPRINT_LENGTH
    ):
        return None
    size = FINGERPRINT_GROUP_SIZE
    return "-".join("".join(letters[i : i + size]) for i in range(0, len(letters), size))


def free_request_path(folder: Path) -> Path:
    """A request file name not yet used in `folder` (a request is never overwritten)."""
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        path = folder / f"{REQUEST_NAME}{suffix}.json"
        if not path.exists():
            return path
    return folder / f"{REQUEST_NAME}-{len(list(folder.iterdir()))}.json"


class EnrolmentDialog(QDialog):
    status_shown = Signal()
    request_written = Signal(str)
    """The path of the request file."""
    bundle_loaded = Signal()
    failed = Signal(str)
    """The message shown."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.status: EnrolmentStatus | None = None
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(620)
        self.heading = note(self, "heading")
        self.state = note(self)

        self.step1 = QGroupBox(self)
        self.step1_text = note(self.step1, "hint")
        self.label_caption = QLabel(self.step1)
        self.label_field = QLineEdit(self.step1)
        self.label_field.setMaxLength(80)
        self.label_caption.setBuddy(self.label_field)
        self.write_button = QPushButton(self.step1)
        self.write_button.clicked.connect(self.choose_request_folder)
        self.written = note(self.step1)
        self.written.hide()
        self.device_caption = note(self.step1)
        self.device_fingerprint = big_label(self.step1)
        self.read_out = note(self.step1, "hint")
        form = QFormLayout()
        form.addRow(self.label_caption, self.label_field)
        box1 = QVBoxLayout(self.step1)
        box1.addWidget(self.step1_text)
        box1.addLayout(form)
        box1.addWidget(self.write_button)
        box1.addWidget(self.written)
        box1.addWidget(self.device_caption)
        box1.addWidget(self.device_fingerprint)
        box1.addWidget(self.read_out)

        self.step2 = QGroupBox(self)
        self.step2_text = note(self.step2, "hint")
        self.geneva_caption = QLabel(self.step2)
        self.geneva_field = QLineEdit(self.step2)
        self.geneva_field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.geneva_field.textChanged.connect(self._typed)
        self.geneva_caption.setBuddy(self.geneva_field)
        self.typed_hint = note(self.step2, "hint")
        self.load_button = QPushButton(self.step2)
        self.load_button.setEnabled(False)
        self.load_button.clicked.connect(self.choose_bundle)
        form2 = QFormLayout()
        form2.addRow(self.geneva_caption, self.geneva_field)
        box2 = QVBoxLayout(self.step2)
        box2.addWidget(self.step2_text)
        box2.addLayout(form2)
        box2.addWidget(self.typed_hint)
        box2.addWidget(self.load_button)

        self.outcome = note(self)
        self.outcome.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        # Enter never closes the dialog: in Geneva's fingerprint it loads the bundle.
        for button in (self.write_button, self.load_button, *self.buttons.buttons()):
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.geneva_field.returnPressed.connect(self._enter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addWidget(self.step1)
        layout.addWidget(self.step2)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        grow_to_fit(self)  # the fingerprint and the texts around it are shown whole
        self.retranslate()
        self.refresh()

    # -- state ------------------------------------------------------------------------

    def refresh(self) -> None:
        run(self.session, enrolment_status, self._show_status, self._failed, self)

    def _show_status(self, status: EnrolmentStatus) -> None:
        self.status = status
        self._fill_status()
        self.status_shown.emit()

    def _fill_status(self) -> None:
        status = self.status
        if status is None:
            self.state.setText(_("Looking at this laptop's enrolment…"))
            return
        role, lines = "warning", []
        if not status.enrolled:
            lines.append(
                _(
                    "This laptop is not enrolled with Geneva yet. Until it is, no package can "
                    "be made and no identity data can be recorded."
                )
            )
            if status.device_fingerprint is not None:
                lines.append(
                    _(
                        "Its request was written before: load the trust bundle Geneva sends "
                        "back (step 2)."
                    )
                )
        else:
            assert status.expires_at is not None
            repository = (
                _("a demonstration repository")
                if status.repository_demo
                else _("the real Geneva repository")
            )
            lines.append(
                _(
                    "Enrolled with {repository}: trust bundle version {version}, valid until "
                    "{date}."
                ).format(
                    repository=repository,
                    version=status.bundle_version,
                    date=format_day(status.expires_at),
                )
            )
            days = status.days_left()
            if status.expired():
                role = "alert"
                lines.append(
                    _(
                        "The trust bundle has expired: no package can be made. Ask Geneva for "
                        "a renewed one and load it in step 2."
                    )
                )
            elif status.expires_soon() and days is not None:
                lines.append(
                    _(
                        "The trust bundle expires in {days}. Ask Geneva for a renewed one "
                        "and load it in step 2."
                    ).format(days=plural(days, N_("{count} day"), N_("{count} days")))
                )
            else:
                role = "hint"
        if status.database_demo:
            lines.append(
                _(
                    "This database holds demonstration data: only a demonstration repository "
                    "can enrol it."
                )
            )
        self.state.setProperty("role", role)
        self.state.setStyleSheet("")  # re-apply the style for the new role
        self.state.setText("\n".join(lines))
        known = status.device_fingerprint is not None
        self.label_field.setEnabled(not known)
        if known and status.device_label:
            self.label_field.setText(status.device_label)
        self._fill_fingerprint()

    def _fill_fingerprint(self) -> None:
        fingerprint = self.status.device_fingerprint if self.status else None
        for widget in (self.device_caption, self.device_fingerprint, self.read_out):
            widget.setVisible(fingerprint is not None)
        if fingerprint is not None:
            self.device_fingerprint.setText(fingerprint_groups(fingerprint))
            self.device_fingerprint.setAccessibleName(
                _("This device's fingerprint") + ": " + " ".join(fingerprint.replace("-", ""))
            )

    # -- step 1 -----------------------------------------------------------------------

    def choose_request_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Where to write the enrolment request (e.g. a USB stick)")
        )
        if folder:
            self.write_request(Path(folder))

    def write_request(self, folder: Path) -> None:
        label = self.label_field.text().strip()

        def work(database: Database) -> tuple[Path, EnrolmentStatus]:
            path = free_request_path(folder)
            write_request(database, path, label)
            return path, enrolment_status(database)

        self._busy(True)
        run(self.session, work, self._request_written, self._failed, self)

    def _request_written(self, outcome: tuple[Path, EnrolmentStatus]) -> None:
        path, status = outcome
        self._busy(False)
        self.outcome.hide()
        self._show_status(status)
        self.written.setText(
            _("Enrolment request written: {path}").format(path=path)
            + "\n"
            + _("Give it to Geneva on the agreed channel. It holds no testimony.")
        )
        self.written.show()
        self.request_written.emit(str(path))

    # -- step 2 -----------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        letters = sum(1 for c in text.upper() if c in CODE_ALPHABET)
        complete = typed_fingerprint(text) is not None
        self.load_button.setEnabled(complete)
        self.typed_hint.setText(
            _("{count} of {total} letters and digits").format(
                count=letters, total=FINGERPRINT_LENGTH
            )
            if text and not complete
            else ""
        )

    def _enter(self) -> None:
        if self.load_button.isEnabled():
            self.choose_bundle()

    def choose_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("The trust bundle Geneva sent back"), "", _("All files (*)")
        )
        if path:
            self.load_bundle(Path(path))

    def load_bundle(self, path: Path) -> None:
        expected = typed_fingerprint(self.geneva_field.text())
        if expected is None:
            return

        def work(database: Database) -> tuple[Accepted, EnrolmentStatus]:
            accepted = accept_bundle(database, path, expected_geneva_fingerprint=expected)
            return accepted, enrolment_status(database)

        self._busy(True)
        run(self.session, work, self._bundle_loaded, self._failed, self)

    def _bundle_loaded(self, outcome: tuple[Accepted, EnrolmentStatus]) -> None:
        accepted, status = outcome
        self._busy(False)
        self._show_status(status)
        bundle = accepted.bundle
        lines = [
            _("Trust bundle version {version} loaded; valid until {expires}.").format(
                version=bundle.version,
                expires=format_day(datetime.fromisoformat(bundle.expires_at)),
            )
            if accepted.changed
            else _("This trust bundle was already loaded; nothing changed."),
            _("Geneva's fingerprint: {fp}").format(fp=accepted.geneva_fingerprint),
            _("This laptop is enrolled: it can now make packages for Geneva."),
        ]
        self._say("hint", "\n".join(lines))
        self.bundle_loaded.emit()

    # -- both -------------------------------------------------------------------------

    def _busy(self, busy: bool) -> None:
        self.write_button.setEnabled(not busy)
        self.load_button.setEnabled(
            not busy and typed_fingerprint(self.geneva_field.text()) is not None
        )

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        text = geneva_error_text(error)
        self._say("alert", text)
        self.failed.emit(text)

    def _say(self, role: str, text: str) -> None:
        self.outcome.setProperty("role", role)
        self.outcome.setStyleSheet("")
        self.outcome.setText(text)
        self.outcome.show()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Enrol this laptop with Geneva"))
        self.heading.setText(_("Enrol this laptop with Geneva"))
        self.step1.setTitle(_("Step 1 — Send this laptop's request to Geneva"))
        self.step1_text.setText(
            _(
                "Write the request to a USB stick and give it to Geneva on the agreed "
                "channel. It holds only this laptop's public keys, no testimony."
            )
        )
        self.label_caption.setText(_("&Name of this laptop"))
        self.label_field.setPlaceholderText(_("e.g. Seoul office laptop 2"))
        self.write_button.setText(_("&Write the request to a folder…"))
        self.device_caption.setText(_("This device's fingerprint"))
        self.read_out.setText(
            _(
                "Read this out to Geneva by phone, group by group. Geneva staff check it "
                "against the request they received."
            )
        )
        self.step2.setTitle(_("Step 2 — Load the trust bundle Geneva sent back"))
        self.step2_text.setText(
            _(
                "Geneva staff read Geneva's fingerprint out to you by phone. Type it here: "
                "a trust bundle signed with another key is refused."
            )
        )
        self.geneva_caption.setText(_("&Geneva's fingerprint"))
        self.load_button.setText(_("&Load the trust bundle…"))
        self._typed(self.geneva_field.text())
        self._fill_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
