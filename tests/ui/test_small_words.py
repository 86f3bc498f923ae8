"""Small words a person reads every day: "1 interview", "1 pause so far" (English plurals
as Babel's rules say), and one mnemonic per field in the settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from pytestqt.qtbot import QtBot

from app.domain import Pause, PauseReason, Session
from app.settings import Settings
from tests.ui.test_interview_list import row
from ui.desk.clock import SessionClock
from ui.desk.interview_list import InterviewListPage
from ui.language import switch_language
from ui.settings_dialog import SettingsDialog


def test_one_interview_is_not_one_interviews(qtbot: QtBot) -> None:
    page = InterviewListPage()
    qtbot.addWidget(page)
    page.set_rows([row("SLK-AAAA-0001", "하정민", 1, 10)])
    assert page.count.text() == "1 interview"
    page.set_rows([row("SLK-AAAA-0001", "하정민", 1, 10), row("SLK-BBBB-0002", "가", 2, 0)])
    assert page.count.text() == "2 interviews"


def test_one_pause_is_not_one_pauses(qtbot: QtBot) -> None:
    clock = SessionClock()
    qtbot.addWidget(clock)
    start = datetime.now(UTC) - timedelta(minutes=30)
    pause = Pause(started_at=start, ended_at=start + timedelta(minutes=5), reason=PauseReason.BREAK)
    clock.set_session(Session(interview_id=uuid4(), number=1, started_at=start, pauses=[pause]))
    assert clock.state.text() == "1 pause so far"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_each_settings_field_has_its_own_mnemonic(qtbot: QtBot, language: str) -> None:
    switch_language(language)
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    keys = []
    for label in dialog.labels:
        text = label.text()
        keys.append(text[text.index("&") + 1].lower())
    assert len(set(keys)) == len(keys), keys
