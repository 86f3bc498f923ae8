"""Analysts' desk benchmark: UI-thread time per action on a real repository.

    .venv/bin/python benchmarks/analysts_desk_ui.py                    # 2,000 interviews
    .venv/bin/python benchmarks/analysts_desk_ui.py --interviews 300   # a small run
    .venv/bin/python benchmarks/analysts_desk_ui.py --interviews 50 --long 2 --segments 1500 \
        --versions 3 --runs 3                                # two-hour interviews opened

A real SQLCipher repository in a temporary folder is filled as repository_benchmark.py
fills it (synthetic record versions as ingest stores them: per interview an interviewee,
the interview, a consent, answers, a perpetrator, an incident at one of 50 facilities,
two element tags), then the real window (offscreen, the real task runner with its worker
thread) runs each action `--runs` times: read the interview list, page through it, open
one interview, open the evidence matrix, drill down into a cell, gaps, corroboration, and
in the search tab: a search that every interview matches (a full page of 20 interviews
with 3 highlighted passages each), its next page, and opening a passage at its record.
Each run starts in the tab where the action is done (brought forward untimed), so what
the action paints is what a person would see painted.
The first search, which indexes everything, is timed once beforehand (`first_search`).
With `--long N`, N more interviews hold a two-hour transcript (`--segments` segments, each
in `--versions` versions, as amendments leave them): `open_long_interview` opens one.

For each action: the time the UI thread spent on it (submitting the op, the callbacks that
put the answer in the models, and a synchronous repaint of the whole window: a fixed
amount of painting, comparable between runs; the target is under 16 ms, one frame); the
event loop's own time meanwhile (every turn of the loop timed until the worker is idle
and the paints Qt defers are done: the real painting of what changed, layouts, a
progress bar's animation) and its longest turn (the longest the window did not answer);
and the whole time until the answer was in the models (mostly the worker's reading,
while the window stays responsive). Writes JSON (default
benchmarks/results/analysts_desk_ui.json).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
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

from app.domain import Facility, FacilityType, Interview
from app.sync.repository import consolidated, facts
from app.sync.repository.store import Repository
from ui.analysts import tab as desk_tab
from ui.analysts.search_lines import ROLE_LINE
from ui.analysts.session import RepositorySession
from ui.analysts.window import AnalystsWindow
from ui.tasks import TaskRunner

INSERT = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
FLUSH = 5
"""Turns of the loop after the worker is idle (4 ms apart), for the paints Qt defers."""
QUERY = "보위부에서"
"""Every interview of the fill holds it (answers, perpetrator, facility): full pages."""


def _long_transcript(interview: str, segments: int, versions: int) -> list[tuple[Any, ...]]:
    """A two-hour transcript's segments as `records` rows, each in `versions` versions."""
    rows = []
    for ordinal in range(segments):
        segment = f"{interview}-s{ordinal}"
        for version in range(1, versions + 1):
            body = json.dumps(
                {
                    "id": segment,
                    "interview_id": interview,
                    "ordinal": ordinal,
                    "speaker": "interviewee" if ordinal % 2 else "interviewer",
                    "text": f"보위부에서 조사를 받았습니다 ({version}) " * 4,
                },
                ensure_ascii=False,
            )
            digest = hashlib.sha256(body.encode()).hexdigest()
            rows.append(
                ("transcript_segment", segment, version, 0, body, digest, "dev-0", version,
                 interview)
            )  # fmt: skip
    return rows


def fill(
    folder: Path,
    interviews: int,
    devices: int,
    answers: int,
    long: int = 0,
    segments: int = 0,
    versions: int = 1,
) -> tuple[Path, list[str]]:
    """The repository, and the codes of its `long` interviews with a whole transcript."""
    rng = random.Random(17)
    codes: list[str] = []
    repository = Repository.init(folder, PASSPHRASE, kdf_params=KDF)
    facilities = [
        Facility(name=f"시설 {n}", facility_type=FacilityType.KURYUJANG, agency="보위부")
        for n in range(50)
    ]
    with repository.transaction() as connection:
        connection.executemany(INSERT, _rows(list(facilities), "dev-0"))
        for n in range(interviews + long):
            made = _interview(rng, facilities, answers)
            connection.executemany(INSERT, _rows(made, f"dev-{n % devices}"))
            if n >= interviews:
                interview = next(r for r in made if isinstance(r, Interview))
                codes.append(interview.code)
                connection.executemany(
                    INSERT, _long_transcript(str(interview.id), segments, versions)
                )
        consolidated.rebuild(connection)
        facts.lift_all(connection)  # as ingest lifts them, package by package
    repository.close()
    return folder, codes


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


class Loop:
    """Times each turn of the event loop while an action is on its way: what the UI thread
    really did for it (the callbacks, the layouts, the painting of what changed, a progress
    bar's animation), in all and its longest turn (the longest the window froze)."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.turns: list[float] = []
        self.answered = 0.0
        """When the answer was in the models (the worker idle, its callbacks run)."""

    def process(self) -> None:
        start = time.perf_counter()
        self.app.processEvents()
        self.turns.append(time.perf_counter() - start)


def settle(app: QApplication, runner: TaskRunner, loop: Loop | None = None) -> None:
    """Run the event loop until the worker is idle and what it answered is painted; with
    `loop`, time what the UI thread does meanwhile."""
    process = app.processEvents if loop is None else loop.process
    while runner.pending:
        process()
        time.sleep(0.0005)
    process()
    if loop is not None:
        loop.answered = time.perf_counter()
    for _ in range(FLUSH):  # paints Qt defers (a view's layout, the window's update) come later
        process()
        time.sleep(0.004)
    process()


def measure(
    app: QApplication,
    runner: TaskRunner,
    window: AnalystsWindow,
    clock: Clock,
    action: Callable[[], object],
) -> tuple[float, ...]:
    """(UI-thread ms, whole ms, of which callbacks ms, of which repaint ms, event loop ms,
    longest turn ms) of one action. The UI-thread time is submitting the action, the
    callbacks and a synchronous repaint of the whole window afterwards (a fixed amount of
    painting, comparable between runs); the event loop's time is all the UI thread did
    meanwhile, the real painting of what changed included, and its longest turn (the
    submission included) is the longest the window did not answer."""
    clock.ui = 0.0
    loop = Loop(app)
    start = time.perf_counter()
    ui_start = time.perf_counter()
    action()
    submitted = time.perf_counter() - ui_start
    settle(app, runner, loop)
    whole = loop.answered - start
    paint_start = time.perf_counter()
    window.repaint()
    painted = time.perf_counter() - paint_start
    return (
        round((submitted + clock.ui + painted) * 1000, 2),
        round(whole * 1000, 1),
        round(clock.ui * 1000, 2),
        round(painted * 1000, 2),
        round((submitted + sum(loop.turns)) * 1000, 2),
        round(max([submitted, *loop.turns]) * 1000, 2),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=2000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--long", type=int, default=0, help="interviews with a transcript")
    parser.add_argument("--segments", type=int, default=1500, help="segments of each of those")
    parser.add_argument("--versions", type=int, default=3, help="versions of each segment")
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/results/analysts_desk_ui.json")
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        repository, long_codes = fill(
            Path(folder) / "geneva",
            args.interviews,
            args.devices,
            args.answers,
            args.long,
            args.segments,
            args.versions,
        )
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

        search = window.search

        def run_search() -> None:
            window.tabs.setCurrentWidget(search)
            search.query.setText(QUERY)
            search.run_search()

        def next_page() -> None:
            search.next_button.click() if search.next_button.isEnabled() else run_search()

        def open_passage() -> None:
            lines = search.lines
            passages = [
                n for n in range(lines.rowCount()) if lines.index(n).data(ROLE_LINE) == "passage"
            ]
            search.results.activated.emit(lines.index(random.choice(passages)))

        turns = itertools.cycle(long_codes)

        def open_long() -> None:
            """The next long interview (another than the one shown, so that it is read)."""
            code = next(turns)
            rows = interviews.model.rows
            interviews.table.selectRow(next(n for n, r in enumerate(rows) if r["code"] == code))

        start = time.perf_counter()
        run_search()
        settle(app, runner)
        first_search = round((time.perf_counter() - start) * 1000, 1)
        actions: dict[str, Callable[[], object]] = {
            "interview_list": interviews.load,
            "page_interviews": page,
            "open_one_interview": lambda: interviews.table.selectRow(
                random.randrange(len(interviews.model.rows))
            ),
            "open_long_interview": open_long,
            "open_matrix": show_matrix,
            "matrix_drill_down": drill,
            "gaps": window.gaps.load,
            "corroboration": window.corroboration.load,
            "search": run_search,
            "search_next_page": next_page,
            "open_search_passage": open_passage,
        }
        shown_in = {name: interviews for name in actions}
        shown_in.update(
            open_matrix=window.interviews,  # the action goes to the matrix
            matrix_drill_down=matrix,
            gaps=window.gaps,
            corroboration=window.corroboration,
            search=search,
            search_next_page=search,
            open_search_passage=search,  # the action goes to the interviews tab
        )
        if not long_codes:
            del actions["open_long_interview"]
        results: dict[str, Any] = {}
        try:
            for name, action in actions.items():
                runs = []
                for _ in range(args.runs):
                    # Each action in the tab where it is done: painting a hidden tab costs
                    # nothing (the interviews tab was hidden behind the first search).
                    window.tabs.setCurrentWidget(shown_in[name])
                    settle(app, runner)
                    runs.append(measure(app, runner, window, clock, action))
                ui = [r[0] for r in runs]
                results[name] = {
                    "ui_thread_ms_median": statistics.median(ui),
                    "ui_thread_ms_max": max(ui),
                    "whole_ms_median": statistics.median(r[1] for r in runs),
                    "callbacks_ms_median": statistics.median(r[2] for r in runs),
                    "repaint_ms_median": statistics.median(r[3] for r in runs),
                    "event_loop_ms_median": statistics.median(r[4] for r in runs),
                    "longest_turn_ms_median": statistics.median(r[5] for r in runs),
                    "longest_turn_ms_max": max(r[5] for r in runs),
                }
        finally:
            window.close()
            runner.shutdown(final=session.close_on_worker)
    result = {
        "interviews": args.interviews,
        "devices": args.devices,
        "answers_per_interview": args.answers,
        "long_interviews": args.long,
        "segments_per_long_interview": args.segments if args.long else 0,
        "versions_per_segment": args.versions if args.long else 0,
        "runs": args.runs,
        "fill_seconds": filled,
        "first_search_ms": first_search,
        "search_query": QUERY,
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
