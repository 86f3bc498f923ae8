"""The one task runner: storage work off the UI thread, results back on it.

Modelled on Anki's `QueryOp`: `runner.run(op, on_done, on_error, progress)`. Every op runs
on a single worker thread, in the order it was submitted, so the one SQLCipher connection
is only ever used from the thread that opened it and writes stay ordered. `on_done`,
`on_error` and `progress` are always called on the UI thread.

An op that takes long calls `report_progress(done, total, label)` now and then: the UI
hears of it through `progress`, and a task whose `cancel()` was called stops there with
`TaskCancelled`. Give `owner=` the widget or controller an outcome is for: once that is
deleted, its outcomes are dropped instead of reaching a dead object. `run` refuses to be
called from any thread but the one the runner lives on (the UI thread), as Anki's task
manager does: a callback that submits from the worker is a bug. Tests that need no
thread use `SynchronousTaskRunner`, which has the same interface and runs everything at
once on the calling thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from app.errors import SillokError
from app.i18n import N_
from ui import collector

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None = None
    """None while the amount of work is not known yet."""
    label: str = ""


class TaskCancelled(SillokError):
    template = N_("The work was cancelled.")


_current = threading.local()


def report_progress(done: int, total: int | None = None, label: str = "") -> None:
    """From inside an op: tell the UI how far it is, and stop here if it was cancelled."""
    task: Task[Any] | None = getattr(_current, "task", None)
    if task is None:
        return
    if task.cancelled:
        raise TaskCancelled()
    if task.progress is not None and task.report is not None:
        task.report(Progress(done, total, label))


class Task(Generic[T]):
    """One submitted op. `cancel()` asks it to stop at its next `report_progress`; a task
    cancelled before it starts never runs. Either way `on_error` gets `TaskCancelled`.

    When the `owner` given to `run` (a dialog, a controller) has been deleted by the time
    the outcome comes back, the outcome is dropped: nobody is left to show it."""

    def __init__(
        self,
        op: Callable[[], T],
        on_done: Callable[[T], object],
        on_error: Callable[[BaseException], object],
        progress: Callable[[Progress], None] | None,
        owner: QObject | None = None,
    ) -> None:
        self.op = op
        self.on_done = on_done
        self.on_error = on_error
        self.progress = progress
        self.owner = owner
        self.report: Callable[[Progress], None] | None = None
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def execute(self) -> tuple[bool, Any]:
        """Run the op here and now: (True, result) or (False, the exception)."""
        if self.cancelled:
            return False, TaskCancelled()
        outer, _current.task = getattr(_current, "task", None), self
        try:
            return True, self.op()
        except BaseException as error:  # noqa: BLE001 - every failure goes to on_error
            return False, error
        finally:
            _current.task = outer

    @property
    def orphaned(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    def deliver(self, ok: bool, outcome: Any) -> None:
        if self.orphaned:
            return
        if ok:
            self.on_done(outcome)
        else:
            self.on_error(outcome)


class Runner(Protocol):
    """What widgets and controllers need from a task runner."""

    def run(
        self,
        op: Callable[[], T],
        on_done: Callable[[T], object],
        on_error: Callable[[BaseException], object],
        progress: Callable[[Progress], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> Task[T]: ...

    @property
    def pending(self) -> int: ...

    @property
    def stopped(self) -> bool: ...

    def shutdown(self, final: Callable[[], object] | None = None) -> None: ...


class _Worker(QObject):
    """Lives on the worker thread; runs tasks one at a time, in order."""

    finished = Signal(object, bool, object)  # task, ok, result or exception
    progressed = Signal(object, object)  # task, Progress

    def __init__(self) -> None:
        super().__init__()
        self.final_error: BaseException | None = None

    @Slot(object)
    def execute(self, task: Task[Any]) -> None:
        task.report = lambda progress: self.progressed.emit(task, progress)
        ok, outcome = task.execute()
        self.finished.emit(task, ok, outcome)

    @Slot(object)
    def stop(self, final: Callable[[], object] | None) -> None:
        try:
            if final is not None:
                final()
        except BaseException as error:  # noqa: BLE001 - handed back to shutdown()
            self.final_error = error
        finally:
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            thread = QThread.currentThread()
            thread.quit()


class TaskRunner(QObject):
    """Runs ops on one worker thread; delivers their outcome on the UI thread."""

    _submit = Signal(object)
    _stop = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        collector.hold(self)  # before the worker exists: it must never free garbage
        self._pending = 0
        self._stopped = False
        self._thread = QThread()
        self._thread.setObjectName("sillok-storage")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute)
        self._stop.connect(self._worker.stop)
        self._worker.finished.connect(self._deliver)
        self._worker.progressed.connect(self._progress)
        self._thread.start()

    def run(
        self,
        op: Callable[[], T],
        on_done: Callable[[T], object],
        on_error: Callable[[BaseException], object],
        progress: Callable[[Progress], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> Task[T]:
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("run() must be called on the UI thread")
        if self._stopped:
            raise RuntimeError("the task runner was shut down")
        task = Task(op, on_done, on_error, progress, owner)
        self._pending += 1
        self._submit.emit(task)
        return task

    @property
    def pending(self) -> int:
        """Tasks submitted whose outcome has not been delivered yet."""
        return self._pending

    @property
    def worker_thread(self) -> QThread:
        """The worker thread (for tests and assertions, not for running things)."""
        return self._thread

    def shutdown(self, final: Callable[[], object] | None = None) -> None:
        """Run the ops already submitted, then `final` (e.g. close the database), all on the
        worker, and stop the thread. Outcomes not yet delivered are dropped. An exception
        from `final` is raised here, once the thread has stopped."""
        if self._stopped:
            return
        self._stopped = True
        self._stop.emit(final)
        self._thread.wait()
        collector.release(self)
        error, self._worker.final_error = self._worker.final_error, None
        if error is not None:
            raise error

    @property
    def stopped(self) -> bool:
        return self._stopped

    @Slot(object, bool, object)
    def _deliver(self, task: Task[Any], ok: bool, outcome: Any) -> None:
        if self._stopped:
            return
        self._pending -= 1
        task.deliver(ok, outcome)

    @Slot(object, object)
    def _progress(self, task: Task[Any], progress: Progress) -> None:
        if not self._stopped and task.progress is not None and not task.orphaned:
            task.progress(progress)


class SynchronousTaskRunner:
    """The same interface, without a thread: each op runs and is delivered inside `run`."""

    def __init__(self) -> None:
        self._stopped = False

    def run(
        self,
        op: Callable[[], T],
        on_done: Callable[[T], object],
        on_error: Callable[[BaseException], object],
        progress: Callable[[Progress], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> Task[T]:
        if self._stopped:
            raise RuntimeError("the task runner was shut down")
        task = Task(op, on_done, on_error, progress, owner)
        task.report = progress
        ok, outcome = task.execute()
        task.deliver(ok, outcome)
        return task

    @property
    def pending(self) -> int:
        return 0

    def shutdown(self, final: Callable[[], object] | None = None) -> None:
        if self._stopped:
            return
        self._stopped = True
        if final is not None:
            final()

    @property
    def stopped(self) -> bool:
        return self._stopped
