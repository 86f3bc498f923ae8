"""Ctrl+L locks even while a modal dialog is open.

The lock action is an application shortcut, but Qt does not let a shortcut of the main
window reach past a modal dialog (the tag dialog, a message box): on a real display
Ctrl+L did nothing there and the testimony stayed on screen. This filter sees the key
while a modal dialog is up and locks; otherwise the action's own shortcut does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ui.app_filter import ApplicationFilter


class ModalLockKey(ApplicationFilter):
    def __init__(self, lock: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock = lock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is not QEvent.Type.KeyPress or QApplication.activeModalWidget() is None:
            return False
        assert isinstance(event, QKeyEvent)
        wanted = event.key() == Qt.Key.Key_L and event.modifiers() == (
            Qt.KeyboardModifier.ControlModifier
        )
        if wanted and not event.isAutoRepeat():
            self.lock()
            return True
        return False
