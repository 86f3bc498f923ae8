"""The one door into the core (`ui.ops`): an op receives the database the worker holds,
in submission order, so work queued before a lock still lands and work after it is told
`Locked`; the handle is never reachable from the UI thread; the runner refuses to be
called from any thread but the UI's."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.store.database import Database
from tests.support import PASSPHRASE
from ui.errors import Locked, error_text
from ui.ops import database_getter, run_op
from ui.session import Session
from ui.tasks import TaskRunner

WAIT_MS = 10_000


def test_an_op_queued_before_a_lock_gets_the_database_and_one_after_gets_locked(
    qtbot: QtBot, threaded_runner: TaskRunner, existing_db: Path
) -> None:
    session = Session(threaded_runner, existing_db)
    with qtbot.waitSignal(session.opened, timeout=WAIT_MS):
        session.unlock(PASSPHRASE)
    release = threading.Event()
    threaded_runner.run(lambda: release.wait(WAIT_MS / 1000), print, print)
    outcomes: list[object] = []
    run_op(session, lambda db: db.schema_version, outcomes.append, outcomes.append, owner=session)
    session.lock()
    run_op(session, lambda db: db.schema_version, outcomes.append, outcomes.append, owner=session)
    assert not session.is_open  # the UI knows at once…
    release.set()  # …while the worker finishes what came before the lock
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=WAIT_MS)
    assert isinstance(outcomes[0], int) and outcomes[0] >= 1
    assert isinstance(outcomes[1], Locked)
    threaded_runner.shutdown(final=session.close_on_worker)


def test_the_database_is_not_reachable_from_the_ui_thread(
    qtbot: QtBot, threaded_runner: TaskRunner, existing_db: Path
) -> None:
    session = Session(threaded_runner, existing_db)
    with qtbot.waitSignal(session.opened, timeout=WAIT_MS):
        session.unlock(PASSPHRASE)
    got: list[object] = []
    threaded_runner.run(database_getter(session), got.append, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT_MS)
    assert isinstance(got[0], Database)
    try:
        database_getter(session)()
    except RuntimeError:
        pass
    else:
        raise AssertionError("the UI thread reached the database")
    assert not hasattr(session, "database")
    threaded_runner.shutdown(final=session.close_on_worker)


def test_the_runner_refuses_calls_off_the_ui_thread(
    qtbot: QtBot, threaded_runner: TaskRunner
) -> None:
    refused: list[BaseException] = []

    def submit_from_here() -> None:
        try:
            threaded_runner.run(lambda: None, print, print)
        except RuntimeError as error:
            refused.append(error)

    thread = threading.Thread(target=submit_from_here)
    thread.start()
    thread.join()
    assert refused and "UI thread" in str(refused[0])
    assert threaded_runner.pending == 0


def test_locked_says_what_to_do_and_unexpected_errors_never_show_their_text() -> None:
    assert "Unlock it" in error_text(Locked())
    text = error_text(RuntimeError("김철수 said something"))
    assert "김철수" not in text and "unexpected" in text
