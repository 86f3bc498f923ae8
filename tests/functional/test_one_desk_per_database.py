"""One desk per database (desk trial of 2026-12-06, m22): a second Sillok started on a
database another Sillok has open said nothing and opened a second desk, both writing.
Now the second one refuses with a message (exit 17) and changes nothing; the first is
not disturbed; and a desk that was killed leaves no lock behind.

Each desk is a real process (`python -m app --db D`, offscreen) started the way the
desktop entry starts it; a small driver in it says which window came up and answers it as
a person would (OK on the message, nothing typed in the unlock dialog).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60

DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from app.cli.main import main

app = QApplication(sys.argv[:1])
stay = sys.argv[1] == "stay"

def look():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    if not shown:
        return QTimer.singleShot(20, look)
    dialog = shown[0]
    text = getattr(dialog, "text", lambda: "")()
    print("SHOWN", type(dialog).__name__, text.replace("\\n", " "), flush=True)
    if type(dialog).__name__ == "QMessageBox":
        dialog.accept()  # OK, as the person would
    elif not stay:
        dialog.reject()  # Cancel: this desk ends

QTimer.singleShot(0, look)
sys.exit(main(["--db", sys.argv[2]]))
"""


def _desk(db: Path, stay: bool, home: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "SILLOK_LANGUAGE": "en",
    }
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, "stay" if stay else "leave", str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _shown(desk: subprocess.Popen[str]) -> str:
    assert desk.stdout is not None
    line = desk.stdout.readline()
    assert line.startswith("SHOWN "), (line, desk.poll())
    return line


def test_a_second_desk_on_the_same_database_refuses_and_a_killed_one_leaves_no_lock(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.db"
    Database.create(db, PASSPHRASE, FAST_KDF).close()
    first = _desk(db, stay=True, home=tmp_path)
    try:
        assert "UnlockDialog" in _shown(first)
        second = _desk(db, stay=False, home=tmp_path)
        out, err = second.communicate(timeout=TIMEOUT_S)
        assert second.returncode == 17, (out, err)
        assert "QMessageBox" in out and "already open" in out  # said on screen
        assert "already open" in err  # and to whoever started it from a terminal
        assert first.poll() is None  # the first desk goes on
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=TIMEOUT_S)
    third = _desk(db, stay=False, home=tmp_path)  # after a crash: opens as usual
    out, err = third.communicate(timeout=TIMEOUT_S)
    assert "UnlockDialog" in out, (out, err)
    assert third.returncode == 0, (out, err)
