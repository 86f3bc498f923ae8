"""Figures for the transcript editor on a long session (not a test; prints JSON).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python tests/ui/transcript/measure_editor.py

A session of SEGMENTS segments of Korean text with TAGS tags, in a real encrypted database:
the time to open the editor (load + one view per segment), the UI-thread cost of one typed
syllable (input method commit, document, tags, undo), and the time of one autosave that
stores one changed segment. Timings are for comparison on one machine, never asserted.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.domain import ElementTag, Speaker, TranscriptSegment
from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, KOREAN_SENTENCES, PASSPHRASE, record_interview
from tests.ui.helpers import commit_with_input_method
from ui.application import use_hangul_font
from ui.tasks import SynchronousTaskRunner
from ui.transcript import TranscriptEditor

SEGMENTS = 300
TAGS = 100
TYPED = 200


def main() -> None:
    app = QApplication(sys.argv[:1])
    use_hangul_font(app)
    with tempfile.TemporaryDirectory() as folder:
        database = Database.create(Path(folder) / "s.db", PASSPHRASE, FAST_KDF)
        services = Services(database, "measure")
        made = record_interview(services, with_text=False)
        interview_id, session_id = made["interview"].id, made["session"].id
        for ordinal in range(SEGMENTS):
            text = " ".join(KOREAN_SENTENCES)
            segment = services.transcripts.create(
                TranscriptSegment(
                    interview_id=interview_id,
                    session_id=session_id,
                    ordinal=ordinal,
                    speaker=Speaker.INTERVIEWEE if ordinal % 2 else Speaker.INTERVIEWER,
                    text=text,
                )
            )
            if ordinal % (SEGMENTS // TAGS) == 0:
                services.tags.create(
                    ElementTag(
                        interview_id=interview_id,
                        element_id="CAH.7.1.e.1",
                        segment_id=segment.id,
                        start=10,
                        end=20,
                    )
                )
        runner = SynchronousTaskRunner()
        started = time.perf_counter()
        editor = TranscriptEditor(runner, lambda: database, "measure", interview_id, session_id)
        editor.resize(820, 620)
        editor.show()
        app.processEvents()
        opened = time.perf_counter() - started

        field = editor.view_at(0).text  # a tagged segment: typing moves its tag
        cursor = field.textCursor()
        cursor.setPosition(0)
        field.setTextCursor(cursor)
        costs = []
        for _ in range(TYPED):
            before = time.perf_counter()
            commit_with_input_method(field, "보")  # type: ignore[arg-type]
            costs.append(time.perf_counter() - before)

        before = time.perf_counter()
        editor.flush()  # synchronous runner: the save runs here
        save = time.perf_counter() - before
        assert not editor.has_unsaved_changes
        database.close()
    print(
        json.dumps(
            {
                "segments": SEGMENTS,
                "tags": TAGS,
                "open_ms": round(opened * 1000, 1),
                "keystroke_ms_median": round(statistics.median(costs) * 1000, 2),
                "keystroke_ms_p95": round(sorted(costs)[int(len(costs) * 0.95)] * 1000, 2),
                "autosave_one_segment_ms": round(save * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
