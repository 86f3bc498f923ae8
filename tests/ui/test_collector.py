"""Python's cycle collector runs on the UI thread only.

Seen in a run of the suite: the storage worker's allocations started a collection that
freed a Qt object made on the UI thread; its destructor held Qt's connection lock and
waited for Python's lock, which the UI thread held while waiting for Qt's: the desk froze
for good. With the collector moved to the UI thread, no garbage is ever freed on the
worker.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from pytestqt.qtbot import QtBot

from ui.tasks import TaskRunner


class Cycle:
    """Garbage only the cycle collector can free; says on which thread it was freed."""

    freed_on: ClassVar[list[int]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_on.append(threading.get_ident())


def churn() -> int:
    """Allocations on the worker: many times the youngest generation's threshold."""
    junk = [[index] for index in range(200_000)]
    return len(junk)


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    chosen = TaskRunner()
    yield chosen
    chosen.shutdown()


def test_the_worker_never_frees_garbage(qtbot: QtBot, runner: TaskRunner) -> None:
    assert not gc.isenabled(), "automatic collection would run on whichever thread allocates"
    Cycle.freed_on.clear()
    gc.collect()
    for _ in range(50):
        Cycle()
    done: list[int] = []
    for _ in range(5):
        runner.run(churn, done.append, lambda error: done.append(-1))
    qtbot.waitUntil(lambda: len(done) == 5, timeout=20_000)
    qtbot.waitUntil(lambda: len(Cycle.freed_on) == 50, timeout=10_000)
    assert set(Cycle.freed_on) == {threading.get_ident()}
    assert done == [200_000] * 5


def test_python_collects_as_usual_once_every_worker_has_stopped(qapp: object) -> None:
    first, second = TaskRunner(), TaskRunner()
    assert not gc.isenabled()
    first.shutdown()
    assert not gc.isenabled()  # the second worker still runs
    second.shutdown()
    assert gc.isenabled()
