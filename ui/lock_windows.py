"""At a lock every window of the desk closes, and none opens while it is locked.

The lock page must be the only thing on screen: a file dialog left open over it showed a
folder listing and the interview's code, and could be used again after the unlock (desk
trial of 2026-12-06, m21). The lock closes the windows it knows by name (search, settings,
Geneva's, the desk's dialogs) and then, with `close_windows_over`, every other window that
belongs to the main window: file dialogs, message boxes, progress dialogs, wizards, menus.
A dialog is rejected (its own event loop ends, as if Cancel had been pressed); a progress
dialog is only hidden, the work behind it goes on (the database closes after it, nothing is
lost). `LockedWindowGuard` closes in the same way a window that opens while locked (the box
of a PDF finished under the lock), except the unlock dialog and what it opens. Both keep the
titles of what they closed, so that the unlock can say exactly that. A native dialog of
the platform (Windows', a GTK theme's file dialog) is not a widget and could not be closed:
`run_desktop` has Qt use its own dialogs everywhere (`AA_DontUseNativeDialogs`).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from ui.app_filter import ApplicationFilter

NAMED = frozenset({Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet})
"""Windows a person would name (not menus, pop-ups or tooltips)."""


def _owned_by(widget: QWidget, owner: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is owner:
            return True
        parent = parent.parentWidget()
    return False


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth


def windows_over(window: QWidget) -> list[QWidget]:
    """The visible windows that belong to `window`, the most deeply owned first (a box
    over a dialog before the dialog)."""
    found = [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget is not window
        and shiboken6.isValid(widget)
        and widget.isVisible()
        and _owned_by(widget, window)
    ]
    return sorted(found, key=_depth, reverse=True)


def title_of(widget: QWidget) -> str | None:
    """How the window is named for the note after the unlock (None: a menu, a pop-up)."""
    if widget.windowType() not in NAMED:
        return None
    return widget.windowTitle().strip() or None


def close_window(widget: QWidget) -> None:
    """Close one window of the desk for a lock; if it refuses, hide it (fail closed)."""
    if isinstance(widget, QProgressDialog):
        widget.reset()  # hidden, and it does not show itself again; no cancel
        widget.hide()
    elif isinstance(widget, QDialog):
        widget.reject()  # ends its event loop: a static getSaveFileName returns ""
    else:
        widget.close()
    if shiboken6.isValid(widget) and widget.isVisible():
        widget.hide()


def close_windows_over(window: QWidget) -> list[str]:
    """Close every window over `window`; the titles of those a person would name."""
    closed: list[str] = []
    for widget in windows_over(window):
        if not (shiboken6.isValid(widget) and widget.isVisible()):
            continue  # closed with the dialog it belonged to
        title = title_of(widget)
        close_window(widget)
        if title is not None and title not in closed:
            closed.append(title)
    return closed


class LockedWindowGuard(ApplicationFilter):
    """While `is_locked()`, a window of `window` that shows is closed at once (its title
    goes to `closed`), unless `allowed(widget)` (the unlock dialog and what it opens)."""

    def __init__(
        self,
        window: QWidget,
        is_locked: Callable[[], bool],
        allowed: Callable[[QWidget], bool],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.is_locked = is_locked
        self.allowed = allowed
        self.closed: list[str] = []

    def take_closed(self) -> list[str]:
        closed, self.closed = self.closed, []
        return closed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() is QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.window
            and self.is_locked()
            and _owned_by(watched, self.window)
            and not self.allowed(watched)
        ):
            title = title_of(watched)
            if title is not None and title not in self.closed:
                self.closed.append(title)
            # Closed from the event loop, not inside its show: a dialog shown by exec()
            # only has its loop after the show, and one rejected before would leave that
            # loop running with nothing on screen.
            QTimer.singleShot(0, lambda: self._close_later(watched))
        return False

    def _close_later(self, widget: QWidget) -> None:
        if shiboken6.isValid(widget):
            close_window(widget)


class WindowsAtLock:
    """What a lock does with the windows over `window`, and what the unlock says of them.

    `name_open()` before anything closes (the titles, except the dialogs `comes_back()`
    names: the unlock opens them again), `close_others()` after the named closers ran,
    `closed()` after the unlock: the titles of everything the lock closed, also those the
    guard closed while locked."""

    def __init__(
        self,
        window: QWidget,
        is_locked: Callable[[], bool],
        allowed: Callable[[QWidget], bool],
        comes_back: Callable[[], list[QWidget]],
    ) -> None:
        self.window = window
        self.comes_back = comes_back
        self.guard = LockedWindowGuard(window, is_locked, allowed)
        self._closed: list[str] = []
        self._back: set[str | None] = set()

    def shut(self) -> None:
        self.guard.shut()

    def name_open(self) -> None:
        back = self.comes_back()
        self._back = {title_of(widget) for widget in back}
        self._closed = []
        for widget in windows_over(self.window):
            title = title_of(widget)
            if widget not in back and title is not None and title not in self._closed:
                self._closed.append(title)

    def close_others(self) -> None:
        for title in close_windows_over(self.window):
            if title not in self._closed and title not in self._back:
                self._closed.append(title)

    def closed(self) -> list[str]:
        """The titles of what the last lock closed (each once); forgotten once read."""
        closed = list(dict.fromkeys(self._closed + self.guard.take_closed()))
        self._closed = []
        return closed
