"""The one error presenter: what a failure says to the person at the desk, and the box
that says it when no screen has a better place for it.

A `SillokError` carries its own message, written for the person using the app; any other
exception is a bug, and its text is never shown (it may quote testimony), only a calm
sentence. `Locked` is the one error for work asked of a database that a lock has closed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import SillokError
from app.i18n import N_, _


class Locked(SillokError):
    template = N_("Sillok was locked; nothing was done. Unlock it and try again.")


def unexpected_text() -> str:
    return _(
        "Something unexpected went wrong. Work saved before this moment is kept in the "
        "encrypted database. If this happens again, close Sillok and start it again."
    )


def error_text(error: BaseException, unexpected: str | None = None) -> str:
    """The message for `error`: its own for a SillokError, else `unexpected` (or the
    general sentence)."""
    if isinstance(error, SillokError):
        return error.message()
    return unexpected if unexpected is not None else unexpected_text()


def show_error(parent: QWidget | None, error: BaseException, title: str = "") -> QMessageBox:
    """Say `error` in a box over `parent` (deleted when closed; it does not wait)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or _("Sillok"),
        error_text(error),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(
        Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.ApplicationModal
    )
    box.open()
    return box
