"""Drafts kept across a lock (app/desk/drafts.py) in a real encrypted database: taken back
once, by their own interview only, and never left behind."""

from __future__ import annotations

from uuid import uuid4

from app.desk.drafts import DRAFTS_KEY, keep_dialog, keep_drafts, take_dialog, take_drafts
from app.store.database import Database


def _kept(database: Database) -> int:
    with database.reading() as connection:
        row = connection.execute("SELECT count(*) FROM meta WHERE key = ?", (DRAFTS_KEY,))
        return int(row.fetchone()[0])


def test_drafts_come_back_once_and_only_to_their_interview(database: Database) -> None:
    mine, other = uuid4(), uuid4()
    drafts = {"persons|field.name": "키 큰 보위원", "persons|record": ""}
    keep_drafts(database, mine, drafts)
    assert take_drafts(database, other) == {}  # another interview's: they wait
    assert _kept(database) == 1
    assert take_drafts(database, mine) == drafts
    assert take_drafts(database, mine) == {}  # taken: gone from the database
    assert _kept(database) == 0


def test_keeping_nothing_leaves_nothing(database: Database) -> None:
    interview = uuid4()
    keep_drafts(database, interview, {"facilities|field.name": "전거리"})
    keep_drafts(database, interview, {})  # a later lock with nothing typed
    assert _kept(database) == 0
    assert take_drafts(database, interview) == {}


def test_a_dialog_kept_at_a_lock_comes_back_once(database: Database) -> None:
    fields = {"interviewer": "officer 김하늘", "interpreter": "이통역"}
    keep_dialog(database, "new_interview", fields)
    assert take_dialog(database, "other") == {}
    assert take_dialog(database, "new_interview") == fields
    assert take_dialog(database, "new_interview") == {}  # taken: gone from the database
    keep_dialog(database, "new_interview", fields)
    keep_dialog(database, "new_interview", {})  # a later lock with the dialog closed
    assert take_dialog(database, "new_interview") == {}
