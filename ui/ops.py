"""The one door from the UI into the core, in the shape of Anki's `QueryOp`: an op is a
function that RECEIVES the open database and runs on the storage worker.

`run_op(session, op, on_done, on_error, owner=…)` hands the op the worker's own handle
(`Session.database_on_worker`), never a handle read from UI state. Ops run in the order
they were submitted, and a lock queues its close behind them: so a save sent before the
lock (the answers and the transcript flushed by the teardown) still finds the database it
is meant for, even when the worker was busy with a search or a PDF. An op submitted after
the lock gets `Locked`. Without `on_error`, the failure goes to the one error presenter
(`ui.errors.show_error`).

Widgets that take a database getter rather than an op (the transcript model, the search
views) get `database_getter(session)`: a getter that reads the same worker-side handle, and
refuses to run anywhere but on the worker.

There is one function, not Anki's two classes: a change differs from a query only in what
the UI does around it (the desk's "Saving…/Saved" indicator, in `DeskController.change`).
When the core's verbs return what changed, a `changes` signal belongs here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.store.database import Database
from ui.errors import show_error
from ui.session import Session
from ui.tasks import Progress, Runner, Task

T = TypeVar("T")
H = TypeVar("H")


def run_op(
    session: Session,
    op: Callable[[Database], T],
    on_done: Callable[[T], object],
    on_error: Callable[[BaseException], object] | None = None,
    progress: Callable[[Progress], None] | None = None,
    *,
    owner: QObject,
) -> Task[T]:
    """`op(database)` on the worker; `on_done` or `on_error` back on the UI thread."""
    return run_on_worker(
        session.runner, session.database_on_worker, op, on_done, on_error, progress, owner=owner
    )


def run_on_worker(
    runner: Runner,
    handle: Callable[[], H],
    op: Callable[[H], T],
    on_done: Callable[[T], object],
    on_error: Callable[[BaseException], object] | None = None,
    progress: Callable[[Progress], None] | None = None,
    *,
    owner: QObject,
) -> Task[T]:
    """`op(handle())` on the worker, the handle read there (the laptop's database, Geneva's
    repository); `on_done` or `on_error` (else the one error presenter) on the UI thread."""

    def work() -> T:
        return op(handle())

    def failed(error: BaseException) -> None:
        show_error(owner if isinstance(owner, QWidget) else None, error)

    return runner.run(work, on_done, on_error or failed, progress, owner=owner)


def database_getter(session: Session) -> Callable[[], Database]:
    """For code that asks for the database inside its own ops (on the worker)."""
    return session.database_on_worker
