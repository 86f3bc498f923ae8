"""What every tab of the analysts' desk shares: its actions run through the session's one
door (off the UI thread), the window hears when one starts (to show progress and offer
Cancel), and the tab loads what it shows the first time it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.sync.repository.store import Repository
from ui.analysts.rows import RowsModel
from ui.analysts.session import RepositorySession
from ui.errors import Locked, show_error
from ui.tasks import Progress, Task, TaskCancelled

T = TypeVar("T")


class DeskTab(QWidget):
    started = Signal(object, str)
    """A task began (the Task, what it does): the window shows progress and Cancel."""
    progressed = Signal(object)
    """Progress of a task of this tab."""
    ended = Signal(object)
    """A task of this tab finished, failed or was cancelled."""
    outcome_while_locked = Signal(bool)
    """A write of this tab ended after the desk was locked (True: it was recorded): the
    window says so, in one line, once it is unlocked."""

    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.loaded = False

    def title(self) -> str:
        raise NotImplementedError

    def load(self) -> None:
        """Read what the tab shows (again)."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every text again in the language now chosen."""

    def offer(self) -> None:
        """Enable only the actions the open repository's role may do, the others with a
        tooltip that says why (session.refusal); called again when the desk reopens."""

    def forget(self) -> None:
        """Empty every model and view of this tab (the repository is being locked); the
        next time it is shown it reads again."""
        self.loaded = False
        for model in self.findChildren(RowsModel):
            model.show_rows([])
        for child in self.findChildren(QDialog):
            child.reject()

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.load()

    def act(
        self,
        op: Callable[[Repository], T],
        on_done: Callable[[T], object],
        label: str,
        on_error: Callable[[BaseException], object] | None = None,
        *,
        writes: bool = False,
    ) -> Task[T]:
        """Run `op` on the worker; `on_done` on the UI thread, failures in a box (a
        cancelled task says nothing: the person asked for it). The core's reads stop at
        their next progress report when cancelled; those that report none finish on the
        worker, and their answer is dropped. A write (`writes=True`) that started is
        always reported: what was recorded must be shown as recorded — but an outcome that
        arrives after the desk was locked fills no hidden tab and opens no box over the
        passphrase dialog: a write's is said in one line after unlocking
        (`outcome_while_locked`), a read's is dropped."""
        holder: list[Task[Any]] = []

        def done(value: T) -> None:
            self.ended.emit(holder[0] if holder else None)
            if not self.session.is_open:
                if writes:
                    self.outcome_while_locked.emit(True)
                return
            if holder and holder[0].cancelled and not writes:  # read on after Cancel: drop
                return
            on_done(value)

        def failed(error: BaseException) -> None:
            self.ended.emit(holder[0] if holder else None)
            if isinstance(error, TaskCancelled):
                return
            if not self.session.is_open:
                if writes and not isinstance(error, Locked):
                    self.outcome_while_locked.emit(False)
                return
            if on_error is not None:
                on_error(error)
            else:
                show_error(self, error)

        def progress(value: Progress) -> None:
            self.progressed.emit(value)

        task = self.session.run(op, done, failed, progress, owner=self)
        holder.append(task)
        if not task_finished(task, self.session):
            self.started.emit(task, label)
        return task

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.offer()  # its tooltips too
        super().changeEvent(event)


def task_finished(task: Task[Any], session: RepositorySession) -> bool:
    """Whether the runner already delivered `task` (the synchronous runner does at once)."""
    return getattr(session.runner, "worker_thread", None) is None
