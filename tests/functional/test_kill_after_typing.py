"""Killed as soon as the autosave says "Saved", with no explicit save and no shutdown: the
text is there after restart. (The child waits for the field to be on screen before it
types, as a person does: the desk drops keys aimed at a hidden widget; and it waits for
the autosave's own signal, not a second of wall time, which a loaded machine may not
honour.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.desk.workbench import Workbench
from app.domain import ConsentMethod, ConsentScope, TextValue
from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
TYPED = "보위부 구류장에서 석 달 (three months)"

CHILD = """
import sys
from pathlib import Path
from uuid import UUID
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow
from ui.session import Session
from ui.tasks import TaskRunner

app = QApplication(sys.argv[:1])
db, settings, interview_id, text = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
runner = TaskRunner()
session = Session(runner, db)
window = MainWindow(session, settings_path=settings)
window.show()

def type_text():
    screen = window.desk.screen
    if screen is None or screen.file is None:
        return QTimer.singleShot(20, type_text)
    screen.show_section("background")
    row = screen.questions.row("background.occupation", "")
    if row is None or not row.editor.field.isVisible():
        return QTimer.singleShot(20, type_text)
    field = row.editor.field
    window.desk.controller.saved.connect(lambda: print("SAVED", flush=True))
    field.setFocus()
    for char in text:
        if char.isascii():
            QTest.keyClick(field, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(field, event)
    print("TYPED", flush=True)

session.opened.connect(lambda: window.desk.open_interview(UUID(interview_id)))
session.opened.connect(lambda: QTimer.singleShot(20, type_text))
session.unlock(sys.stdin.readline().rstrip("\\n"))
app.exec()
"""


def test_text_typed_is_kept_when_killed_right_after_the_autosave(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    database = Database.create(db, PASSPHRASE, FAST_KDF)
    bench = Workbench(Services(database, "officer-1"))
    interview = bench.start_interview(
        interviewer="officer-1",
        interpreter=None,
        questionnaire_id="sillok.default",
        questionnaire_version="1.0.0",
    )
    bench.record_consent(interview, {ConsentScope.TRANSFER_GENEVA}, ConsentMethod.ORAL, "o-1")
    database.close()

    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", SILLOK_LANGUAGE="en")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(tmp_path / "s.json"), str(interview.id), TYPED],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment,
        text=True,
        encoding="utf-8",
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSPHRASE + "\n")
        child.stdin.flush()
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read() if child.stderr else ""
        line = child.stdout.readline()
        assert line.strip() == "SAVED", child.stderr.read() if child.stderr else ""
        child.send_signal(signal.SIGKILL)  # no explicit save, no shutdown, no flush
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    reopened = Database.open(db, PASSPHRASE)
    try:
        answers = Services(reopened, "test").answers.find(interview_id=interview.id)
    finally:
        reopened.close()
    assert [a.value for a in answers] == [TextValue(text=TYPED)]
