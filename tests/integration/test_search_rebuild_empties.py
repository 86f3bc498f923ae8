"""A rebuild empties the old index whole: `search_docs`' trigger (which marks an
interview's row of the interview-level index stale when one of its records leaves the
index) does not fire for each of its rows, whose marks the rebuild throws away just after
(at 10,000 two-hour interviews, 2 million rows). The trigger is there again, the same,
afterwards, and works."""

from __future__ import annotations

from app.search import index, search
from app.store.database import Database
from tests.integration.search_rows import write_interviews


def _segments(count: int) -> list[str]:
    return [f"{n}번째 진술: 보위부에서 조사를 받고 회령 집결소로 갔다" for n in range(count)]


def _triggers(database: Database) -> list[tuple[str, str]]:
    return database.connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_docs'"
        " ORDER BY name"
    ).fetchall()


def test_a_rebuild_does_not_mark_each_old_row_stale_and_keeps_the_trigger(
    database: Database,
) -> None:
    write_interviews(database, [_segments(30), _segments(20)])
    index.rebuild(database)
    before = _triggers(database)
    assert before, "search_docs has its trigger"
    connection = database.connection
    connection.execute("CREATE TEMP TABLE marks (grp INTEGER)")
    connection.execute(
        "CREATE TEMP TRIGGER count_marks AFTER INSERT ON main.search_groups_stale "
        "BEGIN INSERT INTO marks VALUES (new.grp); END"
    )
    assert index.rebuild(database) == 50
    # the new records' interviews, once each (the old rows' marks were 2 more)
    assert connection.execute("SELECT count(*) FROM marks").fetchone()[0] == 2
    connection.execute("DELETE FROM marks")
    assert _triggers(database) == before
    assert search(database, "집결소").total == 2
    # and it still marks: a record leaving the index marks its interview's row stale
    connection.execute("DELETE FROM search_docs WHERE doc = (SELECT min(doc) FROM search_docs)")
    assert connection.execute("SELECT count(*) FROM marks").fetchone()[0] == 1
