"""Drafts kept across a lock (app/desk/drafts.py) in a real encrypted database: taken back
once, by their own interview only, and never left behind."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest

from app.desk.drafts import DRAFTS_KEY, keep_dialog, keep_drafts, take_dialog, take_drafts
from app.errors import StorageFull
from app.store.database import Database
from tests.fault_support import NEEDS_ROOT, leaving, tmpfs
from tests.support import FAST_KDF, PASSPHRASE


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


@NEEDS_ROOT
def test_a_dialog_kept_on_a_full_disk_is_refused_whole_and_kept_once_there_is_room(
    tmp_path: Path,
) -> None:
    """The lock's write of what was typed in a dialog: on a full disk StorageFull (exit
    10), no half row; the same write succeeds once there is room, the earlier one intact."""
    with tmpfs(tmp_path / "small", "4m") as small:
        database = Database.create(small / "sillok.db", PASSPHRASE, FAST_KDF)
        try:
            keep_dialog(database, "new_interview", {"code": "SLK-1"})
            with leaving(small, 65536):  # room to delete, not to write 300 KB
                with pytest.raises(StorageFull) as refused:
                    typed = {"code": "SLK-2", "note": "가" * 100_000}
                    keep_dialog(database, "new_interview", typed)
            assert refused.value.exit_code == 10
            assert take_dialog(database, "new_interview") == {"code": "SLK-1"}
            keep_dialog(database, "new_interview", {"code": "SLK-2"})
            assert take_dialog(database, "new_interview") == {"code": "SLK-2"}
        finally:
            database.close()
