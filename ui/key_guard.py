"""No keys for a hidden widget.

Qt gives the keys to the focus widget, and a widget can be given the focus while it is
hidden (a tab not shown, a screen being replaced). That is how keys typed after an unlock
once went into the witness's transcript on a tab nobody was looking at. `HiddenKeyGuard`,
an event filter on the whole application while the main window is up, drops every key and
input-method event aimed at a widget that is not visible: what is typed goes into what the
interviewer sees, or nowhere.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ui.app_filter import ApplicationFilter

KEYS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.InputMethod,
    }
)


class HiddenKeyGuard(ApplicationFilter):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() in KEYS and isinstance(watched, QWidget) and not watched.isVisible()
