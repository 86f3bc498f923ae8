"""Analysts' desk benchmark: UI-thread time per action on a real repository.

    .venv/bin/python benchmarks/analysts_desk_ui.py                    # 2,000 interviews
    .venv/bin/python benchmarks/analysts_desk_ui.py --interviews 300   # a small run

A real SQLCipher repository in a temporary folder is filled as repository_benchmark.py
fills it (synthetic record versions as ingest stores them: per interview an interviewee,
the interview, a consent, answers, a perpetrator, an incident at one of 50 facilities,
two element tags), then the real window (offscreen, the real task runner with its worker
thread) runs each action `--runs` times: read the interview list, page through it, open
one interview, open the evidence matrix, drill down into a cell, gaps, corroboration.

For each action two figures: the time the UI thread spent on it (submitting the op, the
callbacks that put the answer in the models, and a synchronous repaint of the window:
what freezes the window; the target is under 16 ms, one frame) and the whole time until
the answer was on screen (mostly the worker's reading, while the window stays
responsive). Writes JSON (default benchmarks/results/analysts_desk_ui.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication
from repository_benchmark import KDF, PASSPHRASE, _interview, _rows

from app.domain import Facility, FacilityType
from app.sync.repository import consolidated, facts
from app.sync.repository.store import Repository
from ui.analysts import tab as desk_tab
from ui.analysts.session import RepositorySession
from ui.analysts.window import AnalystsWindow
from ui.tasks import TaskRunner

INSERT = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


def fill(folder: Path, interviews: int, devices: int, answers: int) -> Path:
    rng = random.Random(17)
    repository = Repository.init(folder, PASSPHRASE, kdf_params=KDF)
    facilities = [
        Facility(name=f"시설 {n}", facility_type=FacilityType.KURYUJANG, agency="보위부")
        for n in range(50)
    ]
    with repository.transaction() as connection:
        connection.executemany(INSERT, _rows(list(facilities), "dev-0"))
        for n in range(interviews):
            connection.executemany(
                INSERT, _rows(_interview(rng, facilities, answers), f"dev-{n % devices}")
            )
        consolidated.rebuild(connection)
        facts.lift_all(connection)  # as ingest lifts them, package by package
    repository.close()
    return folder


class Clock:
    """Adds up the time the UI thread spends in the desk's callbacks."""

    def __init__(self) -> None:
        self.ui = 0.0

    def install(self) -> None:
        original = desk_tab.DeskTab.act
        clock = self

        def act(
            tab: Any, op: Any, on_done: Any, label: str, on_error: Any = None, **kw: Any
        ) -> Any:
            def timed(value: Any) -> None:
                start = time.perf_counter()
                on_done(value)
                clock.ui += time.perf_counter() - start

            start = time.perf_counter()
            task = original(tab, op, timed, label, on_error, **kw)
            clock.ui += time.perf_counter() - start
            return task

        desk_tab.DeskTab.act = act  # type: ignore[method-assign]


def settle(app: QApplication, runner: TaskRunner) -> None:
    while runner.pending:
        app.processEvents()
        time.sleep(0.0005)
    app.processEvents()


def measure(
    app: QApplication,
    runner: TaskRunner,
    window: AnalystsWindow,
    clock: Clock,
    action: Callable[[], object],
) -> tuple[float, float, float, float]:
    """(UI-thread ms, whole ms, of which callbacks ms, of which repaint ms) of one action."""
    clock.ui = 0.0
    start = time.perf_counter()
    ui_start = time.perf_counter()
    action()
    submitted = time.perf_counter() - ui_start
    settle(app, runner)
    paint_start = time.perf_counter()
    window.repaint()
    painted = time.perf_counter() - paint_start
    whole = time.perf_counter() - start
    return (
        round((submitted + clock.ui + painted) * 1000, 2),
        round(whole * 1000, 1),
        round(clock.ui * 1000, 2),
        round(painted * 1000, 2),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=2000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/results/analysts_desk_ui.json")
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        repository = fill(Path(folder) / "geneva", args.interviews, args.devices, args.answers)
        filled = round(time.perf_counter() - start, 1)
        runner = TaskRunner()
        session = RepositorySession(runner, repository)
        session.open(PASSPHRASE)
        settle(app, runner)
        clock = Clock()
        clock.install()
        window = AnalystsWindow(session)
        window.resize(1400, 860)
        window.show()
        settle(app, runner)
        interviews, matrix = window.interviews, window.matrix

        def page() -> None:
            interviews.table.verticalScrollBar().setValue(
                interviews.table.verticalScrollBar().value() + 25
            )

        def drill() -> None:
            matrix.element_table.selectRow(0)
            matrix.axis.setCurrentIndex(matrix.axis.findData("facility"))
            matrix.cell_table.activated.emit(matrix.cells.index(0, 0))

        def show_matrix() -> None:
            window.tabs.setCurrentWidget(matrix)
            matrix.load()

        actions: dict[str, Callable[[], object]] = {
            "interview_list": interviews.load,
            "page_interviews": page,
            "open_one_interview": lambda: interviews.table.selectRow(
                random.randrange(len(interviews.model.rows))
            ),
            "open_matrix": show_matrix,
            "matrix_drill_down": drill,
            "gaps": window.gaps.load,
            "corroboration": window.corroboration.load,
        }
        results: dict[str, Any] = {}
        try:
            for name, action in actions.items():
                runs = [measure(app, runner, window, clock, action) for _ in range(args.runs)]
                ui = [r[0] for r in runs]
                results[name] = {
                    "ui_thread_ms_median": statistics.median(ui),
                    "ui_thread_ms_max": max(ui),
                    "whole_ms_median": statistics.median(r[1] for r in runs),
                    "callbacks_ms_median": statistics.median(r[2] for r in runs),
                    "repaint_ms_median": statistics.median(r[3] for r in runs),
                }
        finally:
            window.close()
            runner.shutdown(final=session.close_on_worker)
    result = {
        "interviews": args.interviews,
        "devices": args.devices,
        "answers_per_interview": args.answers,
        "runs": args.runs,
        "fill_seconds": filled,
        "target_ui_thread_ms": 16,
        "actions": results,
        "machine": platform.platform(),
        "python": platform.python_version(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
