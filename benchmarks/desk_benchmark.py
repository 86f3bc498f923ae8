"""The interview list with many interviews: read, show, sort and filter.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/desk_benchmark.py \
        [--interviews 10000] [--out benchmarks/results/desk.json] [--quick]

Interviews (with interviewee, consent and list figures) are written through the real
services into a temporary encrypted database; then, on the real list page: the one query
that reads the rows (worker side), loading them into the model, a sort by each column, and
a filter as the interviewer types three characters. Median and max of 5 rounds, in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.crypto.kdf import KdfParams
from app.desk.summaries import interview_rows
from app.desk.workbench import Stats, Workbench
from app.domain import ConsentMethod, ConsentScope
from app.services import Services
from app.store.database import Database
from ui.desk.interview_list import COLUMNS, InterviewListPage, prepare_rows

FAST = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)
NAMES = ("박지현", "Anna Keller", "이서준", "최민아", "John Park")


def fill(database: Database, count: int) -> float:
    bench = Workbench(Services(database, "bench"))
    started = time.perf_counter()
    for number in range(count):
        interview = bench.start_interview(
            interviewer=NAMES[number % len(NAMES)],
            interpreter=None,
            questionnaire_id="sillok.default",
            questionnaire_version="1.0.0",
        )
        bench.record_consent(interview, {ConsentScope.TRANSFER_GENEVA}, ConsentMethod.ORAL, "b")
        bench.save_stats(interview.id, Stats(number % 200, 200, number % 60, 101))
    return time.perf_counter() - started


def timed(action: object, rounds: int = 5) -> dict[str, float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        QApplication.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


def toggle_sort(page: InterviewListPage, column: int) -> object:
    """Sort by `column`, the other way round each time (a repeated sort costs nothing)."""
    orders = [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder]

    def sort() -> None:
        orders.reverse()
        page.view.sortByColumn(column, orders[0])

    return sort


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/desk.json"))
    parser.add_argument("--quick", action="store_true", help="100 interviews, for the tests")
    args = parser.parse_args()
    count = 100 if args.quick else args.interviews
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        database = Database.create(Path(folder) / "desk.db", "bench 연습 passphrase 2026", FAST)
        fill_seconds = fill(database, count)
        rows = interview_rows(database)
        prepared = prepare_rows(rows)
        page = InterviewListPage()
        page.resize(1200, 800)
        page.show()
        result = {
            "interviews": count,
            "fill_seconds": round(fill_seconds, 1),
            "read_rows": timed(lambda: interview_rows(database)),
            "prepare_rows_worker": timed(lambda: prepare_rows(rows)),
            "load_model_ui_thread": timed(lambda: page.set_prepared(prepared)),
            "sort": {
                column: timed(toggle_sort(page, index)) for index, column in enumerate(COLUMNS)
            },
            "filter_per_keystroke": timed(
                lambda: [page.filter.setText(text) for text in ("S", "SL", "SLK", "")]
            ),
        }
        result["filter_per_keystroke"] = {
            key: round(value / 4, 2) for key, value in result["filter_per_keystroke"].items()
        }
        page.close()
        database.close()
    app.quit()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
