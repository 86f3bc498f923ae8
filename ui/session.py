"""The controller for the one open database: create, unlock, lock.

The `Database` lives on the task runner's worker thread (its SQLCipher connection may only
be used from the thread that opened it). Widgets never touch it: they call the verbs here,
which run on the worker, and listen to the past-tense signals; work on the records goes
through `ui.ops.run_op`, whose ops receive the handle the worker itself keeps
(`database_on_worker`). The UI thread only knows whether a database is open: a lock
clears that at once, while the close is queued on the worker behind every op submitted
before it, so those still land.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from app.crypto.kdf import KdfParams
from app.store.database import Database
from ui.errors import Locked
from ui.tasks import Runner


@dataclass(frozen=True)
class DatabaseInfo:
    """What the window may show about the open database (read on the worker)."""

    path: Path
    schema_version: int


@dataclass(frozen=True)
class _Opened:
    database: Database
    info: DatabaseInfo


class Session(QObject):
    opened = Signal()
    """A database was created or unlocked; `database` and `info` describe it."""
    open_failed = Signal(object)
    """Creating or unlocking failed: the exception (a SillokError, or anything else)."""
    locked = Signal()
    """The database was closed; nothing of it is in reach until the next unlock."""

    def __init__(self, runner: Runner, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.path = Path(path)
        self._is_open = False
        self._info: DatabaseInfo | None = None
        self._on_worker: Database | None = None
        """The handle, set and cleared on the worker only: ops read it there, in order, and
        `close_on_worker` closes a database even when it opened after the UI last heard."""

    def database_on_worker(self) -> Database:
        """The open database, for an op running on the worker; `Locked` if none is open.

        Refused anywhere but on the worker thread: the UI thread never holds the handle."""
        worker = getattr(self.runner, "worker_thread", None)
        if isinstance(worker, QThread) and QThread.currentThread() is not worker:
            raise RuntimeError("the database is only reached from inside an op")
        if self._on_worker is None:
            raise Locked()
        return self._on_worker

    @property
    def info(self) -> DatabaseInfo | None:
        return self._info

    @property
    def is_open(self) -> bool:
        return self._is_open

    def exists(self) -> bool:
        """Whether there is a database to unlock (otherwise one has to be created)."""
        return self.path.exists()

    # -- verbs --------------------------------------------------------------------------

    def create(self, passphrase: str, kdf_params: KdfParams | None = None) -> None:
        path = self.path

        def op() -> _Opened:
            # The core refuses a weak passphrase itself (PassphraseRejected).
            return self._keep(Database.create(path, passphrase, kdf_params))

        self.runner.run(op, self._done, self._failed, owner=self)

    def unlock(self, passphrase: str) -> None:
        path = self.path

        def op() -> _Opened:
            return self._keep(Database.open(path, passphrase))

        self.runner.run(op, self._done, self._failed, owner=self)

    def lock(self) -> None:
        """Close the database on the worker, after every op already submitted; `locked`
        follows, even if closing failed."""
        self._is_open = False
        self._info = None
        self.runner.run(
            self.close_on_worker, lambda _: self.locked.emit(), self._lock_failed, owner=self
        )

    def close_on_worker(self) -> None:
        """Close whatever is open. Runs on the worker: give it to `runner.shutdown`."""
        database, self._on_worker = self._on_worker, None
        if database is not None:
            database.close()

    # -- on the worker ------------------------------------------------------------------

    def _keep(self, database: Database) -> _Opened:
        try:
            info = DatabaseInfo(database.path, database.schema_version)
        except BaseException:
            database.close()
            raise
        if self._on_worker is not None:  # never two open at once
            self._on_worker.close()
        self._on_worker = database
        return _Opened(database, info)

    # -- back on the UI thread ----------------------------------------------------------

    def _done(self, opened: _Opened) -> None:
        self._is_open = True
        self._info = opened.info
        self.opened.emit()

    def _failed(self, error: BaseException) -> None:
        self.open_failed.emit(error)

    def _lock_failed(self, _error: BaseException) -> None:
        # The handle is dropped either way; the window must not stay unlocked.
        self.locked.emit()
