"""Killed a second after typing, with no save asked for: the words are in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from app.services import Services
from app.store.database import Database
from tests.support import PASSPHRASE
from tests.ui.transcript.conftest import Recorded

ROOT = Path(__file__).resolve().parents[3]
TYPIST = Path(__file__).with_name("kill_typist.py")
TEXT = "회령 보위부 구류장에서 beaten 석 달"


def test_text_typed_one_second_before_a_kill_is_saved(recorded: Recorded) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [
            sys.executable,
            str(TYPIST),
            str(recorded.path),
            str(recorded.interview_id),
            str(recorded.session_id),
            TEXT,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    watchdog = threading.Timer(60, child.kill)  # never hang the suite
    watchdog.start()
    try:
        child.stdin.write(PASSPHRASE + "\n")
        child.stdin.close()
        assert child.stdout.readline().strip() == "typed"
        time.sleep(1.0)  # the interviewer's last second: no save asked for
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL  # killed, not finished by itself
    finally:
        watchdog.cancel()
        child.kill()

    with Database.open(recorded.path, PASSPHRASE) as database:
        segments = Services(database, "verifier").transcripts.for_session(recorded.session_id)
    assert [segment.text for segment in segments] == [TEXT]
