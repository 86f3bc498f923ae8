"""An event filter on the whole application, for as long as the main window is up.

The desk's guards (keys for hidden widgets, Ctrl+L past a modal dialog, windows that open
while locked) each see every event of the application; `shut` takes one off when the
window closes, so that no guard outlives the window it guards.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject


class ApplicationFilter(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = QCoreApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)

    def shut(self) -> None:
        """Take the filter off the application (when the window closes)."""
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
