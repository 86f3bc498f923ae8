"""The desk shows Geneva's re-interview questions (issue 18, item 3) when an interview of
that witness is open, in English and in Korean, and nothing for other witnesses."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain import ConsentScope
from app.store.keys import device_keys
from app.sync import reinterview
from app.sync.repository.reinterview_requests import write_requests
from tests.functional.test_interview_desk import WAIT_MS, Opened
from tests.repository_support import interview, laptop, ship
from tests.sync_support import new_repository
from ui.language import switch_language

TORTURE = "CAH.7.1.f.1"
NOTE = "구류장에 함께 있던 사람을 물어봐 주세요"


def test_the_session_screen_shows_what_geneva_asks_of_this_witness(
    qtbot: QtBot, tmp_path: Path
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "a")
    asked = interview(field, element=TORTURE)
    other = interview(
        field, element="CAH.7.1.e.1", scopes=frozenset(ConsentScope) - {ConsentScope.RECONTACT}
    )
    ship(field, geneva)
    with field.database.transaction() as connection:
        keys = device_keys(connection)
    assert keys is not None
    path = tmp_path / "requests.json"
    write_requests(geneva, keys.device_id, path, made_by="analyst 1", note=NOTE)
    geneva.close()
    reinterview.load_requests(field.database, path, actor="officer-a")
    db = field.folder / "sillok.db"
    field.database.close()

    opened = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        desk = opened.desk
        desk.open_interview(asked["interview"].id)
        qtbot.waitUntil(
            lambda: desk.screen is not None and desk.screen.file is not None, timeout=WAIT_MS
        )
        screen = desk.screen
        assert screen is not None
        box = screen.geneva_asks
        qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
        assert "Only this witness has spoken of" in box.lines.text()
        assert TORTURE in box.lines.text()
        assert NOTE in box.lines.text()
        switch_language("ko")
        try:
            assert "제네바" in box.heading.text()
            assert "Only this witness" not in box.lines.text()
        finally:
            switch_language("en")

        desk.open_interview(other["interview"].id)
        qtbot.waitUntil(
            lambda: (
                desk.screen is not None
                and desk.screen is not screen
                and desk.screen.file is not None
            ),
            timeout=WAIT_MS,
        )
        assert not desk.screen.geneva_asks.isVisible()
    finally:
        opened.close()
