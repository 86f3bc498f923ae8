"""How the passages of one interview are ordered (more of the query first, then in the
order of the interview), and how a word typed in another script is searched as the
indexed words it starts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain import (
    Session,
    Speaker,
    TranscriptSegment,
)
from app.search import search
from app.search.query import parse_query
from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE, consented_interview

TEXTS = [
    "보위부에서 한 번 조사를 받았고 그 뒤로 오랫동안 아무 일도 없이 집에서 지냈습니다",
    "보위부, 보위부, 또 보위부",
    "The bowibu came at night",
    "The bowibu came at night",  # the same text, written later
    "beaten and beating; the beat of the drums",
]


def _write(tmp_path: Path) -> tuple[Database, list[Any]]:
    database = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
    services: Any = Services(database, actor="test")
    interview = consented_interview(services)
    session = services.sessions.create(
        Session(interview_id=interview.id, number=1, started_at=datetime.now(UTC))
    )
    segments = [
        services.transcripts.create(
            TranscriptSegment(
                interview_id=interview.id,
                session_id=session.id,
                ordinal=ordinal,
                speaker=Speaker.INTERVIEWEE,
                text=text,
            )
        )
        for ordinal, text in enumerate(TEXTS)
    ]
    return database, segments


def test_more_matches_first_then_in_the_order_of_the_interview(tmp_path: Path) -> None:
    database, segments = _write(tmp_path)
    try:
        found = [h.record_id for h in search(database, "보위부", exact=True).hits]
        assert found == [str(segments[1].id), str(segments[0].id)]
        same = [h.record_id for h in search(database, "bowibu", exact=True).hits]
        assert same == [str(segments[2].id), str(segments[3].id)]  # equal: as told
        hits = search(database, "보위부", exact=True).hits
        assert hits[0].score > hits[1].score > 0
    finally:
        database.close()


def test_a_prefix_is_searched_as_the_words_it_starts(tmp_path: Path) -> None:
    database, segments = _write(tmp_path)
    try:
        hits = search(database, "beat", exact=True).hits
        assert [h.record_id for h in hits] == [str(segments[4].id)]
        query = parse_query("beat", exact=True)
        assert query.expression(expand=lambda word: ["beat", "beaten", "beating"]) == (
            '((latin : "beat" OR latin : "beaten" OR latin : "beating"))'
        )
        assert query.expression(expand=lambda word: None) == '(latin : "beat"*)'  # too many
        assert query.expression(expand=lambda word: []) == '(latin : "beat")'  # none
        assert search(database, "beatles", exact=True).hits == ()
    finally:
        database.close()
