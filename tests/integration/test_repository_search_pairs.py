"""The server's interview-level pairs of adjacent keys (store schema 11,
`search_group_pairs`): kept by the owner's triggers from the rows of `search_groups`
whatever writes them, never across the pieces of a row, read for every phrase of two keys
instead of the rows themselves, and for a longer phrase to find the only rows worth
rechecking; made from the rows already written when a store of schema 10 is opened, and
giving exactly the rows (and so the answers) the rows did."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from app.cli.main import main
from app.domain import TextValue
from app.sync.repository import search_schema
from app.sync.repository.search import Source, search
from app.sync.repository.search_index import TSVECTOR
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.integration.test_repository_search_server import _repo
from tests.integration.test_repository_server_roles import Team
from tests.integration.test_repository_server_roles import team as team  # the fixture, by its name
from tests.postgres_support import SUPERUSER
from tests.repository_support import (
    drop_schema_11,
    interview,
    schema_version,
    ship,
    statements_sent,
)

APART = "노동단련 단련대 보위부에서"
"""Every pair of 노동단련대 (노동 동단, 동단 단련, 단련 련대), in one row, but not the word."""
WHOLE = "노동단련대에서 구류장"

QUERIES = [("구류장", True), ("노동단련대", True), ("보위부에서", False), ("구류 조사", False)]


def _with_text(team: Team, *texts: str) -> None:
    """An interview more for each text (its narrative), shipped to the repository."""
    for text in texts:
        made = interview(team.seoul)
        team.seoul.services.answers.save(
            made["interview"].id, "q.narrative.0", TextValue(text=text)
        )
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)


_LEXEME = re.compile(r"'((?:[^']|'')*)':([0-9,]+)")


def _of_rows(connection: Any) -> set[tuple[str, int, int]]:
    """The pairs of adjacent keys of each row of `search_groups`, worked out here from
    the rows' text (not by the server's SQL): per row, the key at each position and the
    one at the next."""
    bits: dict[tuple[str, int], int] = {}
    for rowid, text in connection.execute("SELECT rowid, keys::text FROM search_groups"):
        at: dict[int, str] = {}
        for lexeme, places in _LEXEME.findall(text):
            for place in places.split(","):
                at[int(place)] = lexeme.replace("''", "'")
        for place, first in at.items():
            if place + 1 in at:
                key = (first + " " + at[place + 1].split(":", 1)[1], int(rowid) // 32)
                bits[key] = bits.get(key, 0) | 1 << int(rowid) % 32
    return {(pair, grp, buckets) for (pair, grp), buckets in bits.items()}


def _pairs(reader: Repository) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """What `search_group_pairs` holds, and what the rows of `search_groups` give."""
    with reader.reading() as connection:
        held = connection.execute("SELECT pair, grp, buckets FROM search_group_pairs")
        return set(map(tuple, held.fetchall())), _of_rows(connection)


def _answers(reader: Repository) -> list[tuple[Any, ...]]:
    return [
        (r.total, [(g.interview_code, g.score, g.count) for g in r.groups])
        for r in (search(reader, text, exact=exact, passages=0) for text, exact in QUERIES)
    ]


def _row_masks(connection: Any, expression: str) -> dict[int, int]:
    """The groups and rows `expression` matches, as the rows themselves give them."""
    rows: dict[int, int] = {}
    for (row,) in TSVECTOR.match(connection, "search_groups", expression):
        rows[row // 32] = rows.get(row // 32, 0) | 1 << row % 32
    return rows


def test_a_phrase_of_two_keys_reads_the_pairs_not_the_interviews_rows(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """구류장 (구류 류장) in 예심 구류장 fetched and rechecked every interview's row holding
    both keys: 88 ms at 10,000 two-hour interviews. A longer phrase is still read with its
    positions, in one statement (search_index._by_positions says why)."""
    _with_text(team, APART, WHOLE)
    with team.open(team.analyst) as analyst:
        search(analyst, "조사를")  # indexes
        sent = statements_sent(monkeypatch)
        for text in ("구류장", "보위부", "노동단련대"):
            sent.clear()
            assert search(analyst, text, exact=True).total >= 1, text
            rows = [sql for sql in sent if "FROM search_groups " in sql]
            if text == "노동단련대":
                assert len(rows) == 1 and "keys @@" in rows[0], rows
            else:
                assert rows == [], text
                assert any("FROM search_group_pairs " in sql for sql in sent), text


def test_a_longer_phrase_gives_the_rows_its_rows_give_where_its_pairs_are_apart(
    team: Team,
) -> None:
    """Each pair of 노동단련대 is in one of an interview's rows, the word is not: the pairs
    alone would find it there."""
    _with_text(team, APART, WHOLE)
    with team.open(team.analyst) as analyst:
        assert search(analyst, "노동단련대", exact=True).total == 1
        assert search(analyst, "단련대", exact=True).total == 2
        with Source(analyst).reading() as connection:
            for expression in (
                'bi : "노동 동단 단련 련대"',
                'bi : "노동 동단 단련"',
                'bi : "동단 단련 련대"',
                'bi : "노동 동단 단"*',
                'bi : "단련 련대"',
                'bi : "단련 련"*',
                'bi : "구류 류장"',
                '(bi : "노동 동단 단련 련대" OR bi : "구류 류장" OR uni : "강" '
                'OR bi : "보위 위부 부에 에서")',
                '(bi : "구류 류장" OR bi : "조사")',
                'bi : "련대 대노"',
                '"노동 동단 단련 련대"',
            ):
                rows = _row_masks(connection, expression)
                held = TSVECTOR.group_buckets(connection, expression)
                assert held is not None and dict(held) == rows, expression
                assert rows or expression == 'bi : "련대 대노"', expression
            apart = (
                _row_masks(connection, 'bi : "노동 동단 단련"').keys()
                - _row_masks(connection, 'bi : "노동 동단 단련 련대"').keys()
            )
            every = connection.execute(  # all three pairs in one row of that interview
                "SELECT grp FROM search_group_pairs WHERE pair = ANY(?) GROUP BY grp "
                "HAVING count(*) = 3 AND bit_and(buckets) != 0",
                (["b:노동 동단", "b:동단 단련", "b:단련 련대"],),
            ).fetchall()
            assert len(apart) == 1 and apart <= {grp for (grp,) in every}
            assert TSVECTOR.group_buckets(connection, 'bi : "구류 류장" AND bi : "조사"') is None


def test_pairs_are_never_made_across_the_pieces_of_a_row(team: Team) -> None:
    """A row of more than 250 keys is written in pieces, each starting at position 1:
    the last key of one piece and the first of the next are not adjacent."""
    rng = random.Random(11)
    words = {"".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(3)) for _ in range(300)}
    _with_text(team, " ".join(sorted(words)))
    with team.open(team.analyst) as analyst:
        search(analyst, "조사를")  # indexes
        held, given = _pairs(analyst)
        assert held == given
        with Source(analyst).reading() as connection:
            (rowid,) = connection.execute(
                "SELECT rowid FROM search_groups GROUP BY rowid HAVING count(*) > 3"
            ).fetchone()
            pieces = [
                dict(
                    (int(p), lexeme)
                    for lexeme, places in _LEXEME.findall(text)
                    for p in places.split(",")
                )
                for (text,) in connection.execute(
                    "SELECT keys::text FROM search_groups WHERE rowid = ? "
                    "AND keys::text LIKE ? ORDER BY keys::text",
                    (rowid, "'b:%"),
                )
            ]
            assert len(pieces) > 1
            seams = [(a[max(a)], b[1]) for a in pieces for b in pieces if a is not b]
            checked = 0
            for last, first in seams:
                phrase = f'bi : "{last[2:]} {first[2:]}"'
                rows = _row_masks(connection, phrase)
                if rowid // 32 in rows:
                    continue  # adjacent somewhere after all
                held_here = dict(TSVECTOR.group_buckets(connection, phrase) or [])
                assert rowid // 32 not in held_here, phrase
                assert held_here == rows
                checked += 1
            assert checked


def test_the_pairs_follow_the_rows_whatever_writes_them(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_text(team, APART, WHOLE)
    with team.open(team.analyst) as analyst:
        assert search(analyst, "노동단련대", exact=True).total == 1  # indexed by the analyst
        held, given = _pairs(analyst)
        assert held == given and "b:구류 류장" in {pair for pair, _, _ in held}
        with analyst.transaction() as connection:  # its records out, queued again
            connection.execute(
                "SELECT sillok_search_requeue(?::jsonb)",
                (str([row[0] for row in connection.execute("SELECT doc FROM search_docs")]),),
            )
        assert search(analyst, "노동단련대", exact=True).total == 1  # every group written again
        assert _pairs(analyst) == (held, given)
    with team.open(SUPERUSER) as owner:
        with owner.transaction() as connection:  # one group's rows gone, one row of another
            grp = min(grp for _, grp, _ in held if grp > 0)
            connection.execute(
                "DELETE FROM search_groups WHERE rowid BETWEEN ? AND ?", (grp * 32, grp * 32 + 31)
            )
            gone = connection.execute(
                "SELECT rowid, keys::text FROM search_groups WHERE rowid = ?", (grp * 32 + 33,)
            ).fetchall()
            connection.execute("DELETE FROM search_groups WHERE rowid = ?", (grp * 32 + 32 + 1,))
        after, rows = _pairs(owner)
        assert after == rows and grp not in {g for _, g, _ in after} and after < held
        with owner.transaction() as connection:  # a row back into a group holding others
            connection.executemany(
                "INSERT INTO search_groups(rowid, keys) VALUES (?, ?::tsvector)", gone
            )
        more, rows = _pairs(owner)
        assert gone and more == rows and more > after
        with owner.transaction() as connection:
            connection.execute("SELECT sillok_search_requeue_all()")
        assert _pairs(owner) == (set(), set())
    with team.open(team.analyst) as analyst:
        assert search(analyst, "노동단련대", exact=True).total == 1
        assert _pairs(analyst) == (held, given)
    monkeypatch.setenv("PGUSER", team.analyst)
    assert main(["repository", "check", "--keys", *_repo(team)]) == 0
    capsys.readouterr()


def test_a_server_of_schema_version_10_gets_the_pairs_when_opened(team: Team) -> None:
    _with_text(team, APART, WHOLE)
    with team.open(team.analyst) as analyst:
        before = _answers(analyst)
    with team.open(SUPERUSER) as owner:
        drop_schema_11(owner)
        assert schema_version(owner) == 10
    with team.open(SUPERUSER) as owner:  # the owner opens it first: the upgrade
        assert schema_version(owner) == SCHEMA_VERSION == 12
        with owner.reading() as connection:
            assert set(map(tuple, connection.execute(search_schema.PAIRS_OF_ROWS))) == set(
                map(tuple, connection.execute("SELECT * FROM search_group_pairs"))
            )
    with team.open(team.analyst) as analyst:  # readers read it (their grants follow)
        held, given = _pairs(analyst)
        assert held == given and held
        assert _answers(analyst) == before and before[1][0] == 1
    with team.open(SUPERUSER) as owner:  # and its triggers keep it
        with owner.transaction() as connection:
            connection.execute("SELECT sillok_search_requeue_all()")
    with team.open(team.analyst) as analyst:
        assert _answers(analyst) == before and _pairs(analyst) == (held, given)


@pytest.mark.parametrize("change", ["extra", "missing"])
def test_the_check_with_keys_finds_pairs_that_are_not_the_rows(
    team: Team,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    """Only the owner's triggers write the pairs; changed by hand (as the owner), a phrase
    would find interviews its rows do not hold, or miss some: `check --keys` names the
    interview, `--repair` writes its pairs again from its rows."""
    with team.open(team.analyst) as analyst:
        assert search(analyst, "구류장", exact=True).total == 1
        assert search(analyst, "강구류", exact=True).total == 0
        held, _ = _pairs(analyst)
    with team.open(SUPERUSER) as owner, owner.transaction() as connection:
        grp, interview_id = connection.execute(
            "SELECT grp, interview_id FROM search_group_ids ORDER BY grp"
        ).fetchone()
        if change == "extra":
            connection.execute(
                "INSERT INTO search_group_pairs VALUES ('b:강구 구류', ?, 1)", (grp,)
            )
        else:
            connection.execute("DELETE FROM search_group_pairs WHERE pair = 'b:구류 류장'")
    with team.open(team.analyst) as analyst:  # what the check is for
        assert search(analyst, "강구류", exact=True).total == (change == "extra")
        assert search(analyst, "구류장", exact=True).total == (change == "extra")
    monkeypatch.setenv("PGUSER", team.analyst)
    assert main(["repository", "check", "--keys", *_repo(team)]) == 85
    said = "the interview's pairs of adjacent keys are not those of its rows"
    assert f"search index interview:{interview_id}: {said}" in capsys.readouterr().out
    assert main(["repository", "check", "--keys", "--repair", *_repo(team)]) == 0
    assert main(["repository", "check", "--keys", *_repo(team)]) == 0
    with team.open(team.analyst) as analyst:
        assert search(analyst, "강구류", exact=True).total == 0
        assert search(analyst, "구류장", exact=True).total == 1
        assert _pairs(analyst) == (held, held)


def test_an_interviews_keys_and_pairs_are_read_by_its_group_not_by_scanning_them_all(
    team: Team,
) -> None:
    """Writing an interview's rows again deletes whatever keys and pairs it still has
    (search_schema.WRITERS, `sillok_search_group`), and `check --keys` reads them, by its
    group: with the group second in the key, each was a read of the whole table (670,000
    keys and 1.2 million pairs at 500 two-hour interviews: 144 and 128 ms per interview
    written; twenty times that at 10,000), so indexing grew with the repository's size."""
    with team.open(team.analyst) as analyst:
        search(analyst, "조사를")  # indexes
    with team.open(SUPERUSER) as owner, owner.transaction() as connection:
        connection.execute("SET LOCAL enable_seqscan = off")
        for table in ("search_group_terms", "search_group_pairs"):
            plan = [
                row[0] for row in connection.execute(f"EXPLAIN DELETE FROM {table} WHERE grp = 1")
            ]
            assert any(f"{table}_by_group" in line for line in plan), plan
