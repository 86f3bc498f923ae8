"""The passage rows of some interviews that an expression matches (`Fts5Index.match_docs`):
FTS5 is asked range by range while the rows lie in few ranges, and once over their span
when they lie in many (a repository's interviews: at 10,000 two-hour interviews a
several-words search asked 141 ranges, 69 ms each), with the same rows either way."""

from __future__ import annotations

import random

import pytest
import sqlcipher3

from app.search import backend
from app.search.backend import FTS5, SPAN_RUNS


def _index(rows: int) -> sqlcipher3.Connection:
    connection = sqlcipher3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE search_fts USING fts5(bi, uni, latin, ref)")
    connection.executemany(
        "INSERT INTO search_fts(rowid, bi, uni, latin, ref) VALUES (?, ?, ?, ?, ?)",
        [(n, "회령" if n % 3 else "온성", "", "", "") for n in range(1, rows + 1)],
    )
    return connection


def _asked(
    connection: sqlcipher3.Connection, docs: list[int], runs: list[tuple[int, int]]
) -> tuple[set[int], int]:
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    found = FTS5.match_docs(connection, 'bi : "회령"', docs, runs)
    connection.set_trace_callback(None)
    return found, sum(1 for text in statements if "MATCH" in text)  # not FTS5's own


def test_rows_in_many_ranges_are_asked_for_once_with_the_same_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connection = _index(1000)
    runs = [(n, n + 1) for n in range(20, 1000, 20)]  # 49 ranges of two rows
    docs = [n for low, high in runs for n in (low, high)]
    assert len(runs) > SPAN_RUNS
    found, asked = _asked(connection, docs, runs)
    monkeypatch.setattr(backend, "SPAN_RUNS", len(runs))
    by_range, asked_by_range = _asked(connection, docs, runs)
    assert found == by_range == {n for n in docs if n % 3}
    assert asked == 1 and asked_by_range == len(runs)


def test_rows_in_few_ranges_are_asked_for_range_by_range() -> None:
    connection = _index(200)
    docs = [*range(1, 11), *range(101, 111)]
    found, asked = _asked(connection, docs, [(1, 10), (101, 110)])
    assert found == {n for n in docs if n % 3}
    assert asked == 2


def _phrases(rows: list[str]) -> sqlcipher3.Connection:
    connection = sqlcipher3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE search_fts USING fts5(bi, uni, latin, ref)")
    connection.executemany(
        "INSERT INTO search_fts(rowid, bi, uni, latin, ref) VALUES (?, ?, ?, ?, ?)",
        [(n, text, "", "", "") for n, text in enumerate(rows, start=1)],
    )
    return connection


def _asking(
    connection: sqlcipher3.Connection, expression: str, docs: list[int], checking: bool
) -> tuple[set[int], list[str]]:
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    found = FTS5.match_docs(connection, expression, docs, _runs_of(docs), checking)
    connection.set_trace_callback(None)
    return found, [text for text in statements if "MATCH" in text]


def _runs_of(docs: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for doc in docs:
        if runs and doc == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], doc)
        else:
            runs.append((doc, doc))
    return runs


def test_a_phrase_is_not_asked_where_no_row_holds_each_of_its_keys() -> None:
    """Rows 1-50 (facility records, say) hold 회령 but not 교화소; the 2,000 rows after
    them hold both words, never in a row: asked for the phrase over rows 1-50, FTS5 would
    read on through all of them looking for its next match (it checks the range's end
    only at a match). Checked groups' rows are first asked for each key, which stops at
    the range's end, and the phrase only where a row holds them all."""
    rows = ["회령 시설"] * 50 + ["교화 화소 그리고 회령"] * 2000 + ["회령 교화 화소"]
    connection = _phrases(rows)
    expression = '(bi : "회령 교화 화소" OR bi : "회령 령교 교화 화소")'
    docs = list(range(1, 51))
    found, asked = _asking(connection, expression, docs, checking=True)
    assert found == set()
    assert asked and not [text for text in asked if "회령 교화" in text]
    # where rows do hold the phrase, it is asked over them, with the same answer as before
    docs = [*range(1, 51), 2049, 2050, 2051]
    found, asked = _asking(connection, expression, docs, checking=True)
    assert found == {2051} == _asking(connection, expression, docs, checking=False)[0]
    assert [text for text in asked if "회령 교화 화소" in text]


def test_checked_rows_are_found_as_the_index_finds_them() -> None:
    """The same rows with and without `checking`, and as asked over the whole index, for options of
    one key, phrases, prefixes and other columns, over scattered rows."""
    rng = random.Random(16)
    words = ["회령", "교화", "화소", "령교", "예심", "0", "구류", "류장"]
    rows = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    connection = _phrases(rows)
    expressions = [
        '(bi : "회령 교화 화소" OR bi : "회령 령교 교화 화소")',
        '(bi : "구류 류장" OR ref : "r1")',
        '(bi : "예심" OR bi : "교화 화소" OR bi : "화소 0 구류")',
        '(bi : "교화 화소"* OR uni : "회령 교화")',
        'bi : "예심" AND bi : "구류 류장"',
    ]
    for _round in range(20):
        docs = sorted(rng.sample(range(1, 3001), rng.choice([3, 40, 400])))
        for expression in expressions:
            everywhere = FTS5.match_between(connection, expression, 1, len(rows))
            checked, _asked = _asking(connection, expression, docs, checking=True)
            plain, _asked = _asking(connection, expression, docs, checking=False)
            assert checked == plain == set(docs) & set(everywhere), expression
