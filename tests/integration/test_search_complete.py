"""Complete results (issue 16, review "did not hold" 1): every matching interview can be
had, whatever the number of matching passages; the count is exact; results come by
interview with every matching passage; ranking looks at every match, not a recent window;
newest first only when asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.search import search
from app.store.database import Database
from tests.integration.search_rows import write_interviews
from tests.support import FAST_KDF, PASSPHRASE

FILLER = "그날은 비가 많이 왔습니다"


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, list[str]]]:
    """30 interviews: the oldest names 보위부 in 12 passages, 24 others in 10 passages each
    (250 matching passages in all, more than any recent window), 5 never."""
    database = Database.create(tmp_path_factory.mktemp("many") / "s.db", PASSPHRASE, FAST_KDF)
    transcripts = [[f"보위부에서 조사를 받았습니다 {n}" for n in range(12)] + [FILLER]]
    transcripts += [[f"보위부 사람이 왔다 {n}" for n in range(10)] + [FILLER] * 20] * 24
    transcripts += [[FILLER, "중국으로 갔습니다"]] * 5
    ids = write_interviews(database, transcripts)
    yield database, ids
    database.close()


def test_every_matching_interview_can_be_had_and_counted(
    many: tuple[Database, list[str]],
) -> None:
    database, ids = many
    results = search(database, "보위부", exact=True, limit=25)
    assert {hit.interview_id for hit in results.hits} == set(ids[:25])
    assert results.total == 25


def test_paging_reaches_every_interview_once(many: tuple[Database, list[str]]) -> None:
    database, ids = many
    seen: list[str | None] = []
    for offset in (0, 10, 20):
        page = search(database, "보위부", exact=True, limit=10, offset=offset)
        assert page.total == 25
        seen.extend(group.interview_id for group in page.groups)
    assert len(seen) == 25 and set(seen) == set(ids[:25])
    assert search(database, "보위부", exact=True, limit=10, offset=30).groups == ()


def test_every_passage_of_an_interview_is_given(many: tuple[Database, list[str]]) -> None:
    """By default the best 3 of an interview's passages and how many there are; every one
    when asked (passages=0, as `--passages 0` and the panel's Interview filter do)."""
    database, ids = many
    groups = search(database, "보위부", exact=True, limit=25).groups
    group = next(g for g in groups if g.interview_id == ids[0])
    assert len(group.hits) == 3 and group.count == 12
    every = search(database, "보위부", exact=True, limit=25, passages=0).groups
    group = next(g for g in every if g.interview_id == ids[0])
    assert len(group.hits) == group.count == 12
    assert all(hit.interview_id == ids[0] for hit in group.hits)
    assert len({hit.record_id for hit in group.hits}) == 12


def test_ranking_sees_the_oldest_interview(many: tuple[Database, list[str]]) -> None:
    """The oldest interview names 보위부 most often, in the shortest transcript: first,
    though 240 newer passages match too."""
    database, ids = many
    assert search(database, "보위부", exact=True, limit=1).groups[0].interview_id == ids[0]


def test_newest_first_only_when_asked(many: tuple[Database, list[str]]) -> None:
    database, ids = many
    newest = search(database, "보위부", exact=True, limit=25, newest_first=True)
    assert [g.interview_id for g in newest.groups] == list(reversed(ids[:25]))
    assert search(database, "보위부", exact=True, limit=25).groups[0].interview_id == ids[0]
