"""Opening a two-hour transcript: how long the UI thread is held, and when it is all there.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/transcript_open_benchmark.py \
        [--segments 300] [--tags 100] [--rounds 5] [--out benchmarks/results/transcript_open.json]

A session of SEGMENTS segments of Korean text with TAGS tags is written through the real
services into a temporary encrypted database; then, on the real transcript editor (the
storage worker replaced by the synchronous runner, so loading is included):

- `open_ms`: from creating the editor to its first paint, shown: what the interviewer
  waits before the transcript is on screen and takes keys;
- `longest_block_ms`: the longest stretch the event loop could not run (a 1 ms timer's
  largest gap) while the rest of the segments are built, so how late a key press could be
  handled at worst;
- `all_built_ms`: from creating the editor until every segment has its view.

Median and max over ROUNDS, in ms; figures for comparison on one machine, never asserted.
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
from uuid import UUID

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from app.domain import ElementTag, Speaker, TranscriptSegment
from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, KOREAN_SENTENCES, PASSPHRASE, record_interview
from ui.application import use_hangul_font
from ui.tasks import SynchronousTaskRunner
from ui.transcript import TranscriptEditor


def fill(database: Database, segments: int, tags: int) -> tuple[UUID, UUID]:
    services = Services(database, "bench")
    made = record_interview(services, with_text=False)
    interview_id, session_id = made["interview"].id, made["session"].id
    text = " ".join(KOREAN_SENTENCES)
    every = max(1, segments // max(tags, 1))
    for ordinal in range(segments):
        segment = services.transcripts.create(
            TranscriptSegment(
                interview_id=interview_id,
                session_id=session_id,
                ordinal=ordinal,
                speaker=Speaker.INTERVIEWEE if ordinal % 2 else Speaker.INTERVIEWER,
                text=text,
            )
        )
        if tags and ordinal % every == 0:
            services.tags.create(
                ElementTag(
                    interview_id=interview_id,
                    element_id="CAH.7.1.e.1",
                    segment_id=segment.id,
                    start=10,
                    end=20,
                )
            )
    return interview_id, session_id


def one_round(
    app: QApplication, database: Database, interview_id: UUID, session_id: UUID, segments: int
) -> dict[str, float]:
    started = time.perf_counter()
    editor = TranscriptEditor(
        SynchronousTaskRunner(), lambda: database, "bench", interview_id, session_id
    )
    editor.resize(820, 620)
    editor.show()
    editor.repaint()  # the first paint, at once
    opened = time.perf_counter() - started

    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    probe = QTimer()
    probe.setInterval(1)

    def tick() -> None:
        gaps.append(clock.restart())

    probe.timeout.connect(tick)
    probe.start()
    deadline = time.perf_counter() + 60
    while len(editor.views) < segments and time.perf_counter() < deadline:
        app.processEvents()
    built = time.perf_counter() - started
    probe.stop()
    app.processEvents()
    gaps.append(clock.elapsed())
    assert len(editor.views) == segments, "not every segment got its view"
    editor.close()
    editor.deleteLater()
    app.processEvents()
    return {
        "open_ms": opened * 1000,
        "longest_block_ms": float(max(gaps)),
        "all_built_ms": built * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--tags", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/transcript_open.json"))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    use_hangul_font(app)
    with tempfile.TemporaryDirectory() as folder:
        database = Database.create(Path(folder) / "t.db", PASSPHRASE, FAST_KDF)
        interview_id, session_id = fill(database, args.segments, args.tags)
        rounds = [
            one_round(app, database, interview_id, session_id, args.segments)
            for _ in range(args.rounds)
        ]
        database.close()
    result: dict[str, object] = {"segments": args.segments, "tags": args.tags}
    for name in ("open_ms", "longest_block_ms", "all_built_ms"):
        values = [r[name] for r in rounds]
        result[name] = {
            "median": round(statistics.median(values), 1),
            "max": round(max(values), 1),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
