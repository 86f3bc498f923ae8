"""The interview-level index (issue 16, 10,000 interviews): counting and ranking from one
row per interview gives exactly the interviews, counts and passages that reading every
matching passage gives, for every class of query, on a corpus with planted spellings
where the oldest interview alone holds some of them; and it stays so after records are
written, changed and deleted between two searches."""

from __future__ import annotations

import json
import random
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.search import search
from app.search.engine import Results
from app.search.filters import SearchFilters
from app.store.database import Database
from tests.integration.search_rows import write_interviews
from tests.support import FAST_KDF, PASSPHRASE

WORDS = [
    "그해 봄에", "밤에", "강을 건넜습니다", "두만강을", "건강이 나빠졌습니다", "예심을 받았습니다",
    "구류장에 갇혔습니다", "교화소로 보내졌습니다", "국경을 넘었습니다", "중국에서 잡혔습니다",
    "집결소에 있었습니다", "옥수수죽만 먹었습니다", "매를 맞았습니다", "학교에서", "2014년",
    "The interpreter clarified the dates.", "Witness was beaten.", "어머니와", "안전부에서",
]  # fmt: skip
PLANTED = [
    "국가보위성 반탐과에서 조사를 받았습니다",
    "bowibu 사람들이 왔습니다",
    "The MSS officer beat me",
    "SSD에서 일하던 사람이 말했습니다",
    "보위부에서 석 달 있었습니다",
    "회령시 근처에서 잡혔습니다",
    "I was held in Hoeryŏng for a month",
    "Hoeryong에서 살았습니다",
    "국경 보위부 사람들",
    unicodedata.normalize("NFD", "구류장에서 예심을 받았습니다"),
    "ＭＳＳ ａｇｅｎｔｓ 이 왔습니다",
    "집결소로 넘겨졌습니다",
    "학교로 갔습니다",
]
ACROSS = ["he was an officer", "beat him, the mss file says"]
"""Two passages in a row: "officer beat" lines up across them in the interview's row only."""
OLDEST_ONLY = ["요덕 관리소로 끌려갔다는 소문", "kwanliso에 간 삼촌"]
QUERIES: list[tuple[str, bool]] = [
    ("강", True), ("밤", True), ("매", True), ("예심", True), ("국경", True), ("교화소", True),
    ("구류장", True), ("beat", True), ("interpreter", True), ("2014", True),
    ("보위부", False), ("bowibu", False), ("SSD", False), ("MSS", False), ("안전부", False),
    ("회령", False), ("Hoeryong", False), ("관리소", False), ("kwanliso", False),
    ("보위부에서", False), ("집결소로", False), ("회령에서", False), ("MSS에서", False),
    ("학교로", False), (unicodedata.normalize("NFD", "구류장"), True), ("ＭＳＳ", True),
    ("ａｇｅｎｔｓ", True), ("보위부 집결소", False), ("회령 교화소", False),
    ("예심 구류장", False), ('"국경 보위부"', False), ("교화소 OR 관리소", False),
    ("보위부 -집결소", False), ("보위부 NOT 회령", False), ("국가 보위성", False),
    ("the MSS officer", True), ("전거리", False), ('"officer beat"', True),
    ('"officer beat"', False), ("mss", True),
]  # fmt: skip


def corpus(seed: int, interviews: int) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(interviews):
        segments = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
            for _ in range(rng.randint(4, 10))
        ]
        for planted in PLANTED:
            if rng.random() < 0.15:
                segments.insert(rng.randrange(len(segments) + 1), planted)
        if rng.random() < 0.3:
            segments.extend(ACROSS)
        out.append(segments)
    out[0] = [*OLDEST_ONLY, *out[0]]
    return out


def _facility(database: Database, name: str) -> str:
    """A facility record (a group of its own: it belongs to no interview)."""
    stamp = datetime.now(UTC).isoformat()
    record = str(uuid.uuid4())
    body = json.dumps({"id": record, "name": name, "notes": "회령 근처"}, ensure_ascii=False)
    with database.transaction() as connection:
        connection.execute(
            "INSERT INTO facilities (id, version, created_at, updated_at, body) "
            "VALUES (?, 1, ?, ?, ?)",
            (record, stamp, stamp, body),
        )
    return record


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, list[str]]]:
    found = Database.create(tmp_path_factory.mktemp("groups") / "s.db", PASSPHRASE, FAST_KDF)
    ids = write_interviews(found, corpus(16, 60))
    _facility(found, "전거리 교화소")
    yield found, ids
    found.close()


def _all(database: Database, text: str, exact: bool, by_interview: bool) -> Results:
    return search(database, text, exact=exact, limit=10_000, passages=0, by_interview=by_interview)


def _by_group(results: Results) -> dict[str | None, tuple[int, list[str]]]:
    return {
        group.interview_id or group.hits[0].target: (
            group.count,
            [hit.target for hit in group.hits],
        )
        for group in results.groups
    }


def _same(database: Database, text: str, exact: bool) -> Results:
    new = _all(database, text, exact, by_interview=True)
    old = _all(database, text, exact, by_interview=False)
    assert new.total == old.total == len(new.groups), text
    assert _by_group(new) == _by_group(old), text
    assert new.searched == old.searched, text
    return new


@pytest.mark.parametrize(("text", "exact"), QUERIES)
def test_the_same_interviews_counts_and_passages_as_every_passage_gives(
    database: tuple[Database, list[str]], text: str, exact: bool
) -> None:
    found, _ids = database
    _same(found, text, exact)


def test_the_oldest_interview_is_found_and_counted(database: tuple[Database, list[str]]) -> None:
    found, ids = database
    for text in ("kwanliso", "관리소"):
        results = _same(found, text, exact=False)
        assert ids[0] in {group.interview_id for group in results.groups}
    first = search(found, "kwanliso", limit=1)
    assert first.groups[0].interview_id == ids[0] and first.total >= 1


def test_pages_reach_every_interview_once(database: tuple[Database, list[str]]) -> None:
    found, _ids = database
    every = _all(found, "강", True, by_interview=True)
    seen: list[str | None] = []
    for offset in range(0, every.total + 7, 7):
        page = search(found, "강", exact=True, limit=7, offset=offset)
        assert page.total == every.total
        seen.extend(group.interview_id for group in page.groups)
    assert seen == [group.interview_id for group in every.groups]
    newest = search(found, "강", exact=True, limit=every.total, newest_first=True)
    old = search(found, "강", exact=True, limit=every.total, newest_first=True, by_interview=False)
    assert [g.interview_id for g in newest.groups] == [g.interview_id for g in old.groups]


def test_written_changed_and_deleted_between_two_searches(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
    try:
        ids = write_interviews(database, corpus(7, 12))
        _same(database, "보위부", False)  # the interview-level rows are built
        with database.transaction() as connection:
            holding = connection.execute(
                "SELECT id, interview_id FROM transcript_segments "
                "WHERE text LIKE '%보위부%' OR text LIKE '%국가보위성%'"
            ).fetchall()
            changed, deleted = holding[0], holding[-1]
            connection.execute(
                "UPDATE transcript_segments SET body = json_set(body, '$.text', '물을 마셨습니다'),"
                " text = '물을 마셨습니다' WHERE id = ?",
                (changed[0],),
            )
            connection.execute("DELETE FROM transcript_segments WHERE id = ?", (deleted[0],))
        added = write_interviews(database, [["보위부 사람이 왔다", "물을 마셨습니다"]])
        for text, exact in (("보위부", False), ("물", True), ("마셨", True), ("강", True)):
            _same(database, text, exact)
        now = {g.interview_id: g.count for g in _all(database, "물", True, True).groups}
        assert now[changed[1]] >= 1 and now[added[0]] == 1
        assert added[0] in {g.interview_id for g in _all(database, "보위부", False, True).groups}
        assert len(ids) == 12
    finally:
        database.close()


@pytest.mark.parametrize("text", ['"officer beat"', "MSS", "the MSS officer"])
def test_many_interviews_to_check_are_read_from_the_passages_in_one_go(
    database: tuple[Database, list[str]], text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.search import by_interview

    monkeypatch.setattr(by_interview, "FEW", 0)
    found, _ids = database
    _same(found, text, exact=True)


def test_a_phrase_whose_words_an_interview_holds_unequally_often(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An interview's words are in rows by how often it holds them: the words of a phrase
    in different rows must still make it a candidate."""
    database = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
    try:
        ids = write_interviews(
            database,
            [
                ["국경 보위부 사람들이 왔습니다", "국경 국경 국경"],
                ["보위부 사람", "국경을 넘었습니다"],
            ],
        )
        found = _same(database, '"국경 보위부"', True)
        assert [group.interview_id for group in found.groups] == [ids[0]]
    finally:
        database.close()


@pytest.mark.parametrize(
    ("text", "exact"),
    [("강", True), ("보위부", False), ("학교로", False), ('"officer beat"', True),
     ("보위부 -집결소", False), ("회령 교화소", False), ("kwanliso", False)],
)  # fmt: skip
def test_every_passage_of_one_interview_as_from_every_passage(
    database: tuple[Database, list[str]], text: str, exact: bool
) -> None:
    """The panel's "show them all" (the Interview filter) reads that interview's group."""
    found, ids = database
    for interview in (ids[0], ids[17], ids[-1]):
        only = SearchFilters(interview=interview)
        new, old = (
            search(found, text, only, exact=exact, passages=0, by_interview=flag)
            for flag in (True, False)
        )
        assert new.total == old.total <= 1
        assert _by_group(new) == _by_group(old), (text, interview)


def test_writing_every_interview_row_again_shows_how_far_it_is(tmp_path: Path) -> None:
    """After migration 0011 every interview's rows are written at the first search (minutes
    on a large database); the search panel and the command line said nothing meanwhile."""
    found = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
    try:
        write_interviews(found, corpus(3, 6))
        search(found, "강")  # indexed
        with found.transaction() as connection:  # as migration 0011 leaves it
            connection.execute(
                "INSERT OR IGNORE INTO search_groups_stale(grp) SELECT grp FROM search_group_ids"
            )
            records = connection.execute("SELECT count(*) FROM search_docs").fetchone()[0]
        seen: list[tuple[int, int]] = []
        search(found, "강", progress=lambda done, total: seen.append((done, total)))
        assert seen and seen[-1] == (records, records)
        assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    finally:
        found.close()


def test_the_interview_level_rows_are_those_the_index_matches(
    database: tuple[Database, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows a term's interviews are counted from, read as one text, are every row
    `match` gives, in its order; a store that gives its own `match` is read through it."""
    from app.search import by_interview
    from app.search.backend import FTS5, Fts5Index

    found, _ids = database
    asked: list[str] = []
    counted = by_interview._counts

    def spy(connection: object, expression: str) -> dict[int, float]:
        asked.append(expression)
        return counted(connection, expression)  # type: ignore[arg-type]

    monkeypatch.setattr(by_interview, "_counts", spy)
    for text, exact in QUERIES:
        _all(found, text, exact, by_interview=True)
    assert asked

    class Own(Fts5Index):
        def match(self, connection, table, expression, where=("", ())):  # type: ignore[no-untyped-def]
            return [(7,), (3,), (7,)]

    with found.reading() as connection:
        for expression in asked:
            rows = FTS5.match(connection, "search_groups", expression)
            assert FTS5.group_rows(connection, expression) == [int(row[0]) for row in rows]
        assert Own().group_rows(connection, asked[0]) == [7, 3, 7]


ORDERED = [("강", True), ("밤", True), ("beat", True), ("보위부", False), ("회령", False),
           ("보위부 집결소", False), ("예심 구류장", False), ("회령 교화소", False),
           ("보위부 -집결소", False), ("교화소 OR 관리소", False)]  # fmt: skip


def _order(results: Results) -> list[tuple[str | None, float]]:
    return [(group.interview_id or group.hits[0].target, group.score) for group in results.groups]


@pytest.mark.parametrize(("text", "exact"), ORDERED)
def test_each_page_is_its_slice_of_the_whole_order(
    database: tuple[Database, list[str]], text: str, exact: bool
) -> None:
    """A page puts in order only the interviews that can be on it (those scoring at least
    its last one's score, ties then by recency): every page of every size is still its
    slice of the whole order, with the same scores and total, best first and newest
    first."""
    found, _ids = database
    for newest in (False, True):
        whole = search(found, text, exact=exact, limit=10_000, passages=1, newest_first=newest)
        every = _order(whole)
        for size in (1, 3, 7):
            seen: list[tuple[str | None, float]] = []
            for offset in range(0, whole.total + size, size):
                page = search(
                    found, text, exact=exact, limit=size, offset=offset, passages=1,
                    newest_first=newest,
                )  # fmt: skip
                assert page.total == whole.total
                seen.extend(_order(page))
            assert seen == every, (text, newest, size)


def test_pages_cut_through_interviews_of_equal_score(database: tuple[Database, list[str]]) -> None:
    """The corpus has what the slices above need to mean something: interviews of equal
    score across a page's end, where recency decides."""
    found, _ids = database
    scores = [score for _key, score in _order(search(found, "강", exact=True, limit=10_000))]
    ends = [i for i in range(1, len(scores)) if scores[i] == scores[i - 1] and i % 7 == 0]
    assert ends, scores


def test_scores_are_each_terms_gain_added_in_order(
    database: tuple[Database, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scores, computed once per distinct count and added list-wise, are the very
    floats of adding each term's gain group by group (as the ranking did before)."""
    import math

    from app.search import by_interview
    from app.search.candidates import K1

    def one_by_one(
        matched: set[int], used: list[by_interview.Found], everyone: int
    ) -> dict[int, float]:
        scores = dict.fromkeys(matched, 0.0)
        for found in used:
            held = len(found.scores)
            weight = math.log(1 + (everyone - held + 0.5) / (held + 0.5))
            for grp in matched & found.scores.keys():
                count = found.scores[grp]
                scores[grp] += weight * count * (K1 + 1) / (count + K1)
        return scores

    found, _ids = database
    new = [_order(_all(found, text, exact, True)) for text, exact in ORDERED]
    monkeypatch.setattr(by_interview, "_scores", one_by_one)
    assert new == [_order(_all(found, text, exact, True)) for text, exact in ORDERED]


def test_each_lookup_of_the_interview_level_index_is_made_once(
    database: tuple[Database, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clause's spelling of a word (`(bi : "예심")`) and its term's (`bi : "예심"`) are
    one lookup: 예심 구류장 asked for 예심 twice (14 and 15 ms at 1,500 interviews on the
    repository's server), with the same answers."""
    from app.search import by_interview

    found, _ids = database
    asked: list[str] = []
    counts = by_interview._counts

    def counted(connection: Any, expression: str) -> dict[int, float]:
        asked.append(expression.replace("(", "").replace(")", ""))
        return counts(connection, expression)

    monkeypatch.setattr(by_interview, "_counts", counted)
    monkeypatch.setattr(by_interview, "FEW", 0)
    for text in ("예심 구류장", "보위부 집결소", "예심"):
        asked.clear()
        _same(found, text, exact=False)
        assert asked and len(asked) == len(set(asked)), text
