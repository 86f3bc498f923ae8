"""The controller for the one open repository: open it, run the desk's actions on it,
close it.

Like `ui.session.Session` for a laptop's database: the `Repository` lives on the task
runner's worker thread (its SQLCipher connection, or its PostgreSQL connection, is only
used from the thread that opened it); widgets never hold it. `run` is the desk's one door
(ui/ops.py's `run_op` for a repository): the op receives the repository on the worker, and
its outcome comes back on the UI thread, errors through the one error presenter.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QThread, Signal

from app.i18n import _
from app.sync.repository import permissions, server
from app.sync.repository.permissions import EVERYTHING, Allowed
from app.sync.repository.store import Repository
from ui.errors import Locked
from ui.ops import run_on_worker
from ui.tasks import Progress, Runner, Task

T = TypeVar("T")


@dataclass(frozen=True)
class RepositoryInfo:
    """What the window may show about the open repository (read on the worker)."""

    folder: Path
    store: str
    """"sqlcipher" or "postgres"."""
    demo: bool
    allowed: Allowed = EVERYTHING
    """What the role may do, asked once on opening (permissions.py): the desk disables
    what the server would refuse."""


def analyst_name(user: str | None) -> str:
    """Who the desk records as the analyst: the server role given, else the account."""
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "sillok-desk"


class RepositorySession(QObject):
    opened = Signal()
    open_failed = Signal(object)
    """Opening failed: the exception (a SillokError, or anything else)."""
    closed = Signal()

    def __init__(self, runner: Runner, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.folder = Path(folder)
        self.user: str | None = None
        self.info: RepositoryInfo | None = None
        self._on_worker: Repository | None = None

    @property
    def on_server(self) -> bool:
        """Whether the folder names a PostgreSQL repository (the role is then asked)."""
        return server.is_server(self.folder)

    @property
    def analyst(self) -> str:
        return analyst_name(self.user)

    @property
    def is_open(self) -> bool:
        return self.info is not None

    def may(self, action: str) -> bool:
        """Whether the open repository's role may do `action` (permissions.py)."""
        return self.info is None or self.info.allowed.may(action)

    def refusal(self, action: str) -> str:
        """Why the role may not do `action`, in the language shown ("" when it may): the
        tooltip of what the desk disables."""
        allowed = self.info.allowed if self.info is not None else EVERYTHING
        why = allowed.why(action)
        if why is None:
            return ""
        return _("Your role on the repository server ({role}) may not {what}.").format(
            role=allowed.role, what=_(why)
        )

    def repository_on_worker(self) -> Repository:
        worker = getattr(self.runner, "worker_thread", None)
        if isinstance(worker, QThread) and QThread.currentThread() is not worker:
            raise RuntimeError("the repository is only reached from inside an op")
        if self._on_worker is None:
            raise Locked()
        return self._on_worker

    # -- verbs ---------------------------------------------------------------------------

    def open(self, passphrase: str, user: str | None = None) -> None:
        folder, self.user = self.folder, (user or None)

        def op() -> RepositoryInfo:
            repository = Repository.open(folder, passphrase, user=self.user)
            try:
                info = RepositoryInfo(
                    folder,
                    repository.store.kind,
                    repository.demo,
                    permissions.allowed(repository),
                )
            except BaseException:
                repository.close()
                raise
            self.close_on_worker()
            self._on_worker = repository
            return info

        self.runner.run(op, self._done, self.open_failed.emit, owner=self)

    def run(
        self,
        op: Callable[[Repository], T],
        on_done: Callable[[T], object],
        on_error: Callable[[BaseException], object] | None = None,
        progress: Callable[[Progress], None] | None = None,
        *,
        owner: QObject,
    ) -> Task[T]:
        """`op(repository)` on the worker; `on_done` or `on_error` on the UI thread."""
        return run_on_worker(
            self.runner, self.repository_on_worker, op, on_done, on_error, progress, owner=owner
        )

    def lock(self) -> None:
        """Close the repository on the worker, after every op already submitted; `closed`
        follows, even if closing failed. Ops submitted after this get `Locked`."""
        self.info = None
        self.runner.run(
            self.close_on_worker,
            lambda _r: self.closed.emit(),
            lambda _e: self.closed.emit(),
            owner=self,
        )

    def close_on_worker(self) -> None:
        """Close whatever is open. Runs on the worker: give it to `runner.shutdown`."""
        repository, self._on_worker = self._on_worker, None
        if repository is not None:
            repository.close()

    # -- back on the UI thread -------------------------------------------------------------

    def _done(self, info: RepositoryInfo) -> None:
        self.info = info
        self.opened.emit()
