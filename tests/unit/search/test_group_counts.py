"""How often each group holds a term, from its interview-level rows (`_counts`): the
rows' bucket counts summed per group, in the order the rows come, whether a group's rows
come together (FTS5, in rowid order) or not (another store's order), facilities
(negative groups) included: the same floats as adding them one row at a time."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from app.search.by_interview import _counts
from app.search.groups import ROWS, TYPICAL, group_and_count


class _Rows:
    def __init__(self, rows: list[int]) -> None:
        self.rows = rows

    def group_rows(self, connection: Any, expression: str) -> list[int]:
        return self.rows

    def group_buckets(self, connection: Any, expression: str) -> None:
        return None  # as FTS5: the rows are read


def _one_by_one(rows: list[int]) -> dict[int, float]:
    counts: dict[int, float] = {}
    for row in rows:
        grp, count = group_and_count(row)
        counts[grp] = counts.get(grp, 0.0) + count
    return counts


def test_counts_are_the_sums_of_the_rows_in_order_and_out_of_order() -> None:
    rng = random.Random(17)
    rows = sorted(
        grp * ROWS + bucket
        for grp in [*range(-40, 0), *range(1, 400)]
        for bucket in rng.sample(sorted(TYPICAL), rng.randint(1, 9))
    )
    for order in ("in order", "shuffled", "reversed"):
        if order == "shuffled":
            rng.shuffle(rows)
        elif order == "reversed":
            rows.reverse()
        found = _counts(SimpleNamespace(search_backend=_Rows(rows)), "x")  # type: ignore[arg-type]
        expected = _one_by_one(rows)
        assert list(found.items()) == list(expected.items()), order
        assert [repr(count) for count in found.values()] == [
            repr(count) for count in expected.values()
        ]
    assert _counts(SimpleNamespace(search_backend=_Rows([])), "x") == {}  # type: ignore[arg-type]
