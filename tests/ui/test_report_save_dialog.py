"""The PDF save dialog starts in the Documents folder (never the program's folder), with
the interview's pseudonymous code in the file name."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from ui.desk.tools import write_report
from ui.session import Session
from ui.tasks import Runner


def test_the_save_dialog_starts_in_documents_with_the_code_in_the_name(
    qtbot: QtBot, runner: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []

    def ask(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        offered.append(start)
        return "", ""  # the interviewer cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    parent = QWidget()
    qtbot.addWidget(parent)
    write_report(Session(runner, db_path), parent, "statement", uuid4(), "SLK-TP72-X6MT")
    [start] = offered
    path = Path(start)
    assert path.is_absolute() and path.parent != Path.cwd()
    assert path.parent.is_dir()
    assert path.name == "SLK-TP72-X6MT-statement.pdf"
