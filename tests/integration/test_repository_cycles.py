"""The analysis verbs run with Python's cycle collector paused (app/sync/repository/
cycles.py: at 10,000 interviews its walks of the verbs' live containers were a third of
the matrix's time), and leave it as they found it: on for the command line, off where
the desk switched it off for its worker threads (ui/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.store.connection import Connection
from app.sync.repository import assessments, cycles, matrix, registers
from tests.sync_support import new_repository

VERBS: dict[str, Callable[[Connection], Any]] = {
    "matrix": matrix.matrix,
    "gaps": matrix.gaps,
    "gaps_and_reinterview": matrix.gaps_and_reinterview,
    "reinterview": matrix.reinterview,
    "interviews": registers.interviews,
    "corroborations": registers.corroborations,
    "units": lambda connection: registers.register(connection, "units"),
}


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
@pytest.mark.parametrize("verb", VERBS)
def test_a_verb_reads_with_the_collector_paused_and_switches_it_on_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verb: str
) -> None:
    seen: list[bool] = []
    real = assessments.beside

    def beside(connection: Connection) -> dict[str, list[dict[str, Any]]]:
        seen.append(gc.isenabled())
        return real(connection)

    for module in (matrix, registers):
        monkeypatch.setattr(module, "beside", beside)
    with new_repository(tmp_path / "geneva") as repository:
        with repository.reading() as connection:
            VERBS[verb](connection)
    assert seen and not any(seen)
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_switched_off_by_the_desk_stays_off(tmp_path: Path) -> None:
    with new_repository(tmp_path / "geneva") as repository:
        with repository.reading() as connection:
            gc.disable()
            matrix.gaps_and_reinterview(connection)
            assert not gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_nested_and_failing_verbs_switch_it_on_once_the_outermost_returns() -> None:
    inside: list[bool] = []

    @cycles.paused
    def inner() -> None:
        inside.append(gc.isenabled())

    @cycles.paused
    def outer() -> None:
        inner()
        inside.append(gc.isenabled())
        raise RuntimeError("the verb failed")

    with pytest.raises(RuntimeError):
        outer()
    assert inside == [False, False]
    assert gc.isenabled()
