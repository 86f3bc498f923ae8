"""The server's interview-level keys without positions (store schema 10,
`search_group_terms`): kept by the owner's triggers from the rows of `search_groups`
whatever writes them, read for every term of one key instead of the rows themselves, made
from the rows already written when a store of schema 9 is opened, and giving the same
answers as the rows did."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from app.cli.main import main
from app.sync.repository import search_schema
from app.sync.repository.search import Source, search
from app.sync.repository.search_index import TSVECTOR
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.integration.test_repository_search_server import _repo
from tests.integration.test_repository_server_roles import Team
from tests.integration.test_repository_server_roles import team as team  # the fixture, by its name
from tests.postgres_support import SUPERUSER
from tests.repository_support import (
    drop_schema_10,
    interview,
    schema_version,
    ship,
    statements_sent,
)

QUERIES = [("구류장", True), ("조사를", False), ("강", True), ("조사", True), ("구류 조사", False)]


def _terms(reader: Repository) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """What `search_group_terms` holds, and what the rows of `search_groups` give."""
    with reader.reading() as connection:
        held = connection.execute("SELECT term, grp, buckets FROM search_group_terms")
        derived = connection.execute(search_schema.TERMS_OF_ROWS)
        return set(map(tuple, held.fetchall())), set(map(tuple, derived.fetchall()))


def _answers(reader: Repository) -> list[tuple[Any, ...]]:
    return [
        (r.total, [(g.interview_code, g.score, g.count) for g in r.groups])
        for r in (search(reader, text, exact=exact, passages=0) for text, exact in QUERIES)
    ]


def test_the_keys_without_positions_follow_the_rows_whatever_writes_them(team: Team) -> None:
    interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 2  # indexed by the analyst
        held, derived = _terms(analyst)
        terms = {term for term, _, _ in held}
        assert held == derived and {"b:조사", "b:구류"} <= terms
        with analyst.transaction() as connection:  # its records out, queued again
            connection.execute(
                "SELECT sillok_search_requeue(?::jsonb)",
                (str([row[0] for row in connection.execute("SELECT doc FROM search_docs")]),),
            )
        assert search(analyst, "조사를").total == 2  # every group written again
        assert _terms(analyst) == (held, derived)
    with team.open(SUPERUSER) as owner:
        with owner.transaction() as connection:  # one group's rows gone, one row of another
            grp = min(grp for _, grp, _ in held if grp > 0)
            connection.execute(
                "DELETE FROM search_groups WHERE rowid BETWEEN ? AND ?", (grp * 32, grp * 32 + 31)
            )
            connection.execute("DELETE FROM search_groups WHERE rowid = ?", (grp * 32 + 32 + 1,))
        after, rows = _terms(owner)
        assert after == rows and grp not in {g for _, g, _ in after} and after < held
        refused = pytest.raises(psycopg.errors.RaiseException, match="search_group_terms")
        with refused, owner.transaction() as connection:
            connection.execute("UPDATE search_groups SET rowid = rowid")
        with owner.transaction() as connection:
            connection.execute("SELECT sillok_search_requeue_all()")
        assert _terms(owner) == (set(), set())
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 2
        assert _terms(analyst) == (held, derived)


def test_a_term_of_one_key_reads_the_keys_not_the_interviews_rows(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word every interview holds matches about fifteen of each one's rows: 148,786
    rows on 30,000 pages at 10,000 two-hour interviews, fetched one by one (80-136 ms)."""
    with team.open(team.analyst) as analyst:
        search(analyst, "조사를")  # indexes
        sent = statements_sent(monkeypatch)
        for text, terms in (("강", 1), ("조사", 1), ("beat", 1), ("구류장", 0)):
            sent.clear()
            search(analyst, text, exact=True)
            assert sum("FROM search_groups " in sql for sql in sent) == 0, text
            assert sum("FROM search_group_terms " in sql for sql in sent) == terms, text


def test_a_server_of_schema_version_9_gets_the_keys_when_opened(team: Team) -> None:
    with team.open(team.analyst) as analyst:
        before = _answers(analyst)
    with team.open(SUPERUSER) as owner:
        drop_schema_10(owner)
        assert schema_version(owner) == 9
    with team.open(SUPERUSER) as owner:  # the owner opens it first: the upgrade
        assert schema_version(owner) == SCHEMA_VERSION == 12
    with team.open(team.analyst) as analyst:  # readers read it (their grants follow)
        held, derived = _terms(analyst)
        assert held == derived and held
        assert _answers(analyst) == before and before[0][0] == 1


def test_the_check_with_keys_finds_keys_without_positions_that_are_not_the_rows(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the owner's triggers write the keys without positions; changed by hand (as
    the owner), a term would find interviews its rows do not hold: `check --keys` names
    the interview, `--repair` writes its keys again from its rows."""
    with team.open(team.analyst) as analyst:
        assert search(analyst, "예심").total == 0
        held, _ = _terms(analyst)
    with team.open(SUPERUSER) as owner, owner.transaction() as connection:
        grp, interview_id = connection.execute(
            "SELECT grp, interview_id FROM search_group_ids ORDER BY grp"
        ).fetchone()
        connection.execute("INSERT INTO search_group_terms VALUES ('b:예심', ?, 1)", (grp,))
    with team.open(team.analyst) as analyst:
        assert search(analyst, "예심").total == 1  # what the check is for
    monkeypatch.setenv("PGUSER", team.analyst)
    assert main(["repository", "check", "--keys", *_repo(team)]) == 85
    said = "the interview's keys without positions are not those of its rows"
    assert f"search index interview:{interview_id}: {said}" in capsys.readouterr().out
    assert main(["repository", "check", "--keys", "--repair", *_repo(team)]) == 0
    assert main(["repository", "check", "--keys", *_repo(team)]) == 0
    with team.open(team.analyst) as analyst:
        assert search(analyst, "예심").total == 0
        assert _terms(analyst) == (held, held)


def test_the_keys_give_each_interview_the_rows_its_rows_give(team: Team) -> None:
    """For a term of one key, an OR of such and a prefix, the groups and rows read from
    the keys are those the rows themselves match; a phrase of two keys is not read there
    (test_repository_search_pairs.py)."""
    with team.open(team.analyst) as analyst:
        search(analyst, "조사를")  # indexes
        with Source(analyst).reading() as connection:
            for expression in (
                'bi : "조사"',
                '(bi : "조사" OR bi : "구류")',
                'bi : "조"*',
                '(bi : "구류" OR uni : "강"* OR latin : "nothing")',
                'bi : "없음"',
            ):
                rows: dict[int, int] = {}
                for (row,) in TSVECTOR.match(connection, "search_groups", expression):
                    rows[row // 32] = rows.get(row // 32, 0) | 1 << row % 32
                held = TSVECTOR.group_buckets(connection, expression)
                assert held is not None and dict(held) == rows, expression
                assert rows or expression == 'bi : "없음"', expression
            assert TSVECTOR.group_buckets(connection, 'bi : "조사" AND bi : "구류"') is None
