"""The desk's controller: the one place the desk's widgets reach the records.

Every verb runs on the task runner's worker (the one SQLCipher connection), in order.
Answers are saved shortly after each change (a quarter of a second after the last keystroke
on that question), so there is no Save button and nothing typed is lost if the app is
killed a second later. `flush()` saves whatever is still waiting at once: the window calls
it before locking and before quitting. Every verb goes through the one door
(`ui.ops.run_op`): it receives the database the worker holds, so a save flushed just
before a lock is written before the lock's close, however busy the worker was. A batch
that fails for any other reason goes back into the waiting answers and is sent again with
the next change: what the interviewer typed is kept, as the message says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from PySide6.QtCore import QObject, QTimer, Signal

from app.desk.workbench import Stats, Workbench
from app.domain import AnswerValue
from app.i18n import _
from app.services import Services
from app.store.database import Database
from ui import errors
from ui.ops import run_op
from ui.session import Session
from ui.tasks import Runner

T = TypeVar("T")

AUTOSAVE_DELAY_MS = 250


@dataclass(frozen=True)
class PendingAnswer:
    interview_id: UUID
    question_id: str
    position: str
    value: AnswerValue | None
    session_id: UUID | None
    questionnaire_version: str | None


def error_text(error: BaseException) -> str:
    return errors.error_text(
        error, _("Something unexpected went wrong. What you typed is kept; try again.")
    )


class DeskController(QObject):
    saving = Signal()
    """A change is on its way to the database."""
    saved = Signal()
    """Every change so far is in the database."""
    failed = Signal(str)
    """A change could not be saved: the message says why and what to do."""

    def __init__(self, session: Session, actor: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actor = actor
        self._pending: dict[tuple[UUID, str, str], PendingAnswer] = {}
        self._in_flight = 0
        self._stats: tuple[UUID, Stats | None] | None = None
        self._epoch = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def runner(self) -> Runner:
        return self.session.runner

    @property
    def busy(self) -> bool:
        """True while a change waits or is being written."""
        return bool(self._pending) or self._in_flight > 0

    def call(
        self,
        verb: Callable[[Workbench], T],
        on_done: Callable[[T], object],
        on_error: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Run `verb` on the worker with a workbench on the open database. Its outcome is
        dropped if the desk was torn down (locked) meanwhile: nothing it would show may
        appear after the lock (a failure other than `Locked` is still said)."""
        epoch = self._epoch

        def done(result: T) -> None:
            if self._epoch == epoch:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._fail(epoch, error, on_error)

        self._submit(verb, done, failed)

    def change(
        self,
        verb: Callable[[Workbench], T],
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Like `call`, for a change: the saved indicator follows it."""
        self._in_flight += 1
        self.saving.emit()
        epoch = self._epoch

        def done(result: T) -> None:
            self._finished()
            if on_done is not None and self._epoch == epoch:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._finished()
            self._fail(epoch, error, on_error)

        self._submit(verb, done, failed)

    def forget(self) -> None:
        """The desk was torn down (a lock): outcomes of work submitted so far are dropped."""
        self._epoch += 1

    def _submit(
        self,
        verb: Callable[[Workbench], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        actor = self.actor

        def op(database: Database) -> T:
            return verb(Workbench(Services(database, actor)))

        run_op(self.session, op, done, failed, owner=self)

    def _fail(
        self,
        epoch: int,
        error: BaseException,
        on_error: Callable[[BaseException], object] | None,
    ) -> None:
        if self._epoch == epoch:
            (on_error or self._report)(error)
        elif not isinstance(error, errors.Locked):
            self.failed.emit(errors.error_text(error))

    # -- answers, saved a moment after the last change --------------------------------

    def save_answer(self, pending: PendingAnswer, stats: Stats | None = None) -> None:
        self._pending[(pending.interview_id, pending.question_id, pending.position)] = pending
        self._stats = (pending.interview_id, stats)
        self.saving.emit()
        self._timer.start()

    def flush(self) -> None:
        """Send every waiting answer to the worker now."""
        self._timer.stop()
        if not self._pending:
            return
        batch = list(self._pending.values())
        self._pending.clear()
        stats, self._stats = self._stats, None

        def verb(workbench: Workbench) -> None:
            for item in batch:
                workbench.save_answer(
                    item.interview_id,
                    item.question_id,
                    item.value,
                    position=item.position,
                    session_id=item.session_id,
                    questionnaire_version=item.questionnaire_version,
                )
            if stats is not None and stats[1] is not None:
                workbench.save_stats(stats[0], stats[1])

        def failed(error: BaseException) -> None:
            if not isinstance(error, errors.Locked):
                for item in batch:  # kept, unless typed again since
                    key = (item.interview_id, item.question_id, item.position)
                    self._pending.setdefault(key, item)
            self._report(error)

        self.change(verb, on_error=failed)

    # -- the indicator ----------------------------------------------------------------

    def _finished(self) -> None:
        self._in_flight -= 1
        if not self.busy:
            self.saved.emit()

    def _report(self, error: BaseException) -> None:
        self.failed.emit(error_text(error))


def ignore(_result: Any) -> None:
    """An outcome nobody needs to act on."""
