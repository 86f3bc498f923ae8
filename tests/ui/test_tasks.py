"""The task runner: ops on one worker thread, in order; outcomes back on the UI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.tasks import (
    Progress,
    SynchronousTaskRunner,
    TaskCancelled,
    TaskRunner,
    report_progress,
)

WAIT_MS = 10_000


def fail(error: BaseException) -> None:
    raise AssertionError(f"unexpected error: {error!r}")


def test_outcome_is_delivered_on_the_ui_thread_while_the_op_runs_on_the_worker(
    qtbot: QtBot, threaded_runner: TaskRunner
) -> None:
    ui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    seen: dict[str, Any] = {}

    def op() -> int:
        seen["op thread"] = QThread.currentThread()
        return 42

    def on_done(result: int) -> None:
        seen["done thread"] = QThread.currentThread()
        seen["result"] = result

    threaded_runner.run(op, on_done, fail)
    qtbot.waitUntil(lambda: "result" in seen, timeout=WAIT_MS)

    assert seen["result"] == 42
    assert seen["done thread"] is ui_thread
    assert seen["op thread"] is threaded_runner.worker_thread
    assert seen["op thread"] is not ui_thread
    assert threaded_runner.pending == 0


def test_the_window_stays_responsive_while_a_slow_op_runs(
    qtbot: QtBot, threaded_runner: TaskRunner
) -> None:
    release = threading.Event()
    started = threading.Event()
    done: list[str] = []

    def slow() -> str:
        started.set()
        release.wait(WAIT_MS / 1000)
        return "finished"

    threaded_runner.run(slow, done.append, fail)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)

    # The op is blocked, yet the UI thread's event loop keeps running timers.
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=WAIT_MS)
    timer.stop()
    assert done == []
    assert threaded_runner.pending == 1

    release.set()
    qtbot.waitUntil(lambda: done == ["finished"], timeout=WAIT_MS)


def test_ops_run_one_at_a_time_in_the_order_given_on_one_thread(
    qtbot: QtBot, threaded_runner: TaskRunner
) -> None:
    ran: list[tuple[int, object]] = []
    delivered: list[int] = []
    for number in range(20):
        threaded_runner.run(
            lambda number=number: ran.append((number, QThread.currentThread())) or number,
            delivered.append,
            fail,
        )
    qtbot.waitUntil(lambda: len(delivered) == 20, timeout=WAIT_MS)

    assert delivered == list(range(20))
    assert [number for number, _ in ran] == list(range(20))
    assert {id(thread) for _, thread in ran} == {id(threaded_runner.worker_thread)}


def test_an_exception_goes_to_on_error_on_the_ui_thread(
    qtbot: QtBot, threaded_runner: TaskRunner
) -> None:
    caught: list[tuple[BaseException, object]] = []

    def op() -> None:
        raise ValueError("no")

    threaded_runner.run(
        op,
        lambda _: fail(AssertionError("done")),
        lambda e: caught.append((e, QThread.currentThread())),
    )
    qtbot.waitUntil(lambda: bool(caught), timeout=WAIT_MS)

    error, thread = caught[0]
    assert isinstance(error, ValueError)
    assert thread is QApplication.instance().thread()  # type: ignore[union-attr]


def test_progress_is_reported_on_the_ui_thread_and_cancel_stops_the_op(
    qtbot: QtBot, threaded_runner: TaskRunner
) -> None:
    may_go_on = threading.Event()
    reports: list[tuple[Progress, object]] = []
    errors: list[BaseException] = []
    steps_done: list[int] = []

    def long_op() -> None:
        for step in range(1, 1000):
            report_progress(step, 1000, "step")
            steps_done.append(step)
            if step == 2:
                may_go_on.wait(WAIT_MS / 1000)

    task = threaded_runner.run(
        long_op,
        lambda _: fail(AssertionError("should have been cancelled")),
        errors.append,
        progress=lambda p: reports.append((p, QThread.currentThread())),
    )
    qtbot.waitUntil(lambda: len(reports) >= 2, timeout=WAIT_MS)
    task.cancel()
    may_go_on.set()
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)

    assert isinstance(errors[0], TaskCancelled)
    assert steps_done == [1, 2]
    assert reports[0][0] == Progress(1, 1000, "step")
    assert {id(thread) for _, thread in reports} == {
        id(QApplication.instance().thread())  # type: ignore[union-attr]
    }


def test_shutdown_runs_what_was_queued_then_the_final_op_on_the_worker(qapp: object) -> None:
    runner = TaskRunner()
    ran: list[str] = []
    final_thread: list[object] = []
    runner.run(lambda: ran.append("queued"), lambda _: None, fail)

    runner.shutdown(
        final=lambda: (ran.append("final"), final_thread.append(QThread.currentThread()))
    )

    assert ran == ["queued", "final"]
    assert final_thread == [runner.worker_thread]
    assert runner.worker_thread.isFinished()
    with pytest.raises(RuntimeError):
        runner.run(lambda: None, lambda _: None, fail)
    runner.shutdown()  # twice is fine


def test_an_error_in_the_final_op_is_raised_after_the_thread_stopped(qapp: object) -> None:
    runner = TaskRunner()

    def final() -> None:
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        runner.shutdown(final=final)
    assert runner.worker_thread.isFinished()


def test_synchronous_runner_has_the_same_interface_and_delivers_at_once() -> None:
    runner = SynchronousTaskRunner()
    results: list[object] = []
    reports: list[Progress] = []

    def op() -> str:
        report_progress(1, 2)
        return "ok"

    runner.run(op, results.append, fail, progress=reports.append)
    assert results == ["ok"]
    assert reports == [Progress(1, 2)]

    runner.run(lambda: 1 / 0, fail, results.append)
    assert isinstance(results[-1], ZeroDivisionError)

    runner.shutdown(final=lambda: results.append("closed"))
    assert results[-1] == "closed"
    with pytest.raises(RuntimeError):
        runner.run(lambda: None, lambda _: None, fail)


def test_an_outcome_for_a_deleted_owner_is_dropped(
    qtbot: QtBot, threaded_runner: TaskRunner
) -> None:
    owner = QObject()
    release = threading.Event()
    delivered: list[object] = []
    threaded_runner.run(lambda: release.wait(WAIT_MS / 1000), delivered.append, fail, owner=owner)
    threaded_runner.run(lambda: "other", delivered.append, fail)

    shiboken6.delete(owner)  # the dialog closed while its work was under way
    release.set()
    qtbot.waitUntil(lambda: threaded_runner.pending == 0, timeout=WAIT_MS)

    assert delivered == ["other"]
