"""A child process that types into the real transcript editor and is then killed.

Run as `python tests/ui/transcript/kill_typist.py DB INTERVIEW_ID SESSION_ID TEXT` (repo
root on PYTHONPATH, QT_QPA_PLATFORM=offscreen) with the passphrase on the first line of
standard input. It unlocks the database on the task runner's worker as the app does, opens
the editor, types TEXT as a person would (keys for ASCII, the input method for Hangul), and
prints `typed` once the last character is in the field. Nothing asks it to save: the
parent kills it with SIGKILL a second later and looks for the text in the database.
"""

from __future__ import annotations

import sys
from pathlib import Path
from uuid import UUID

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import commit_with_input_method
from ui.session import Session
from ui.tasks import TaskRunner
from ui.transcript import TranscriptEditor


def main() -> None:
    db, interview_id, session_id, text = (
        Path(sys.argv[1]),
        UUID(sys.argv[2]),
        UUID(sys.argv[3]),
        sys.argv[4],
    )
    passphrase = sys.stdin.readline().rstrip("\n")
    app = QApplication([])
    runner = TaskRunner()
    session = Session(runner, db)
    holder: list[TranscriptEditor] = []

    def type_it() -> None:
        editor = holder[0]
        field = editor.view_at(0).text
        field.setFocus()
        for char in text:
            if char.isascii():
                QTest.keyClicks(field, char)
            else:
                commit_with_input_method(field, char)  # type: ignore[arg-type]
        print("typed", flush=True)

    def opened() -> None:
        editor = TranscriptEditor(
            runner, session.database_on_worker, "interviewer:kill", interview_id, session_id
        )
        holder.append(editor)
        editor.loaded.connect(type_it)
        editor.show()

    session.opened.connect(opened)
    session.open_failed.connect(lambda error: app.exit(3))
    session.unlock(passphrase)
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
