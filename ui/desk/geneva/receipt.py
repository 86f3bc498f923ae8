"""Load Geneva's receipt: the core checks its signature and that it is for a package this
laptop made (`accept_receipt`), then marks what that package carried as held by Geneva,
so the next package leaves it out. The outcome is said in a message, in plain words."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.i18n import _
from app.store.database import Database
from app.sync.receipts import Acknowledged, accept_receipt
from ui.desk.geneva.common import geneva_error_text, run
from ui.session import Session


class ReceiptLoader(QObject):
    loaded = Signal(str)
    """The message shown."""
    failed = Signal(str)

    def __init__(self, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.window = parent
        self.box: QMessageBox | None = None

    def choose(self, parent: QWidget | None = None) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            parent or self.window, _("Geneva's receipt"), "", _("All files (*)")
        )
        if path:
            self.load(Path(path), parent)

    def load(self, path: Path, parent: QWidget | None = None) -> None:
        def work(database: Database) -> Acknowledged:
            return accept_receipt(database, path)

        shown_on = parent or self.window

        def done(acknowledged: Acknowledged) -> None:
            text = message(acknowledged)
            self._show(shown_on, QMessageBox.Icon.Information, text)
            self.loaded.emit(text)

        def failed(error: BaseException) -> None:
            text = geneva_error_text(error)
            self._show(shown_on, QMessageBox.Icon.Warning, text)
            self.failed.emit(text)

        run(self.session, work, done, failed, self)

    def _show(self, parent: QWidget, icon: QMessageBox.Icon, text: str) -> None:
        self.close()
        box = QMessageBox(icon, _("Geneva's receipt"), text, QMessageBox.StandardButton.Ok, parent)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.box = box

    def close(self) -> None:
        # The box dies with its parent (the export wizard, say) without telling us.
        box, self.box = self.box, None
        if box is not None and shiboken6.isValid(box):
            box.close()
            box.deleteLater()


def message(acknowledged: Acknowledged) -> str:
    receipt = acknowledged.receipt
    if acknowledged.already:
        text = _("This receipt was already accepted; nothing changed.")
    else:
        text = _("Geneva holds package {sequence}: {count} record versions marked.").format(
            sequence=receipt.sequence, count=acknowledged.marked
        )
        text += "\n" + _("The next package leaves them out.")
    if receipt.missing_sequences:
        text += "\n\n" + _(
            "Geneva has not received packages {missing} yet. Tell Geneva, and carry them "
            "again if you still have them."
        ).format(missing=", ".join(map(str, receipt.missing_sequences)))
    return text
