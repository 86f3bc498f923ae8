"""The Geneva menu of the main window: enrol this laptop, export a package, load
Geneva's receipt. It keeps the last export folder for this run of the app only (the
settings file holds no paths: see app/settings.py). The dialogs, and the sync code with
its cryptography, are imported when first used, not when the app starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.i18n import _
from ui.session import Session

if TYPE_CHECKING:
    from ui.desk.geneva.enrolment_dialog import EnrolmentDialog
    from ui.desk.geneva.export_wizard import ExportWizard
    from ui.desk.geneva.receipt import ReceiptLoader


class GenevaMenu(QObject):
    def __init__(self, session: Session, actor: Callable[[], str], window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.actor = actor
        self.window = window
        self.last_folder: Path | None = None
        self.enrolment_dialog: EnrolmentDialog | None = None
        self.export_wizard: ExportWizard | None = None
        self._receipts: ReceiptLoader | None = None
        self.menu = QMenu(window)
        self.enrol_action = QAction(window)
        self.enrol_action.triggered.connect(self.enrol)
        self.export_action = QAction(window)
        self.export_action.triggered.connect(self.export)
        self.receipt_action = QAction(window)
        self.receipt_action.triggered.connect(lambda: self.receipts().choose())
        self.menu.addAction(self.enrol_action)
        self.menu.addSeparator()
        self.menu.addAction(self.export_action)
        self.menu.addAction(self.receipt_action)

    def receipts(self) -> ReceiptLoader:
        if self._receipts is None:
            from ui.desk.geneva.receipt import ReceiptLoader

            self._receipts = ReceiptLoader(self.session, self.window)
        return self._receipts

    def actions(self) -> list[QAction]:
        return [self.enrol_action, self.export_action, self.receipt_action]

    def enrol(self) -> None:
        if self.enrolment_dialog is not None:
            self.enrolment_dialog.raise_()
            return
        from ui.desk.geneva.enrolment_dialog import EnrolmentDialog

        dialog = EnrolmentDialog(self.session, self.window)
        dialog.finished.connect(lambda _result: self._forget_enrolment(dialog))
        self.enrolment_dialog = dialog
        dialog.open()

    def _forget_enrolment(self, dialog: EnrolmentDialog) -> None:
        if self.enrolment_dialog is dialog:
            self.enrolment_dialog = None
        dialog.deleteLater()

    def export(self) -> None:
        if self.export_wizard is not None:
            self.export_wizard.raise_()
            return
        from ui.desk.geneva.export_wizard import ExportWizard

        wizard = ExportWizard(
            self.session,
            self.actor(),
            self.last_folder,
            lambda: self.receipts().choose(wizard),
            self.window,
        )
        wizard.exported.connect(lambda result: self._remember(result.path.parent))
        wizard.finished.connect(lambda _result: self._forget_wizard(wizard))
        self.export_wizard = wizard
        wizard.open()

    def _remember(self, folder: Path) -> None:
        self.last_folder = folder

    def _forget_wizard(self, wizard: ExportWizard) -> None:
        if self.export_wizard is wizard:
            self.export_wizard = None
        wizard.deleteLater()

    def close_all(self) -> None:
        """Before a lock: close what is open (an export being written is cancelled)."""
        if self._receipts is not None:
            self._receipts.close()
        for dialog in (self.enrolment_dialog, self.export_wizard):
            if dialog is not None:
                dialog.reject()

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Geneva"))
        self.enrol_action.setText(_("&Enrol this laptop…"))
        self.export_action.setText(_("E&xport a package for Geneva…"))
        self.receipt_action.setText(_("&Load Geneva's receipt…"))
