"""The passage rows of some interviews that an expression matches (`Fts5Index.match_docs`):
FTS5 is asked range by range while the rows lie in few ranges, and once over their span
when they lie in many (a repository's interviews: at 10,000 two-hour interviews a
several-words search asked 141 ranges, 69 ms each), with the same rows either way."""

from __future__ import annotations

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
