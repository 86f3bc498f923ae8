"""The core's invariants hold for every writer, not only the desk's façade.

- Consent: nothing of an interview's testimony is written before consent, whether it comes
  through the desk's `Workbench`, the transcript writer, the services directly (as the
  transcript's person/incident creation and the demo do) or anything written later.
- The interview list's figures are the records' own, whoever wrote the records: the demo,
  the command line, a tag added in the transcript.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from app.demo.generate import fill_new_demo
from app.desk.errors import ConsentRequired
from app.desk.stats import Stats, stale_interviews
from app.desk.summaries import interview_rows
from app.desk.workbench import Workbench
from app.domain import (
    ConsentMethod,
    ConsentScope,
    ElementTag,
    Incident,
    Interview,
    Person,
    PersonRole,
    Session,
    Speaker,
    TextValue,
    TranscriptSegment,
)
from app.services import Services
from app.store.database import Database
from app.transcript.document import SegmentState, TranscriptState
from app.transcript.writer import TranscriptWriter
from tests.support import FAST_KDF, PASSPHRASE


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database.create(tmp_path / "core.db", PASSPHRASE, FAST_KDF)
    yield database
    database.close()


def _interview(database: Database) -> Interview:
    return Workbench(Services(database, "officer-1")).start_interview(
        interviewer="officer-1",
        interpreter=None,
        questionnaire_id="sillok.default",
        questionnaire_version="1.0.0",
    )


def _consent(database: Database, interview: Interview) -> None:
    Workbench(Services(database, "officer-1")).record_consent(
        interview, {ConsentScope.TRANSFER_GENEVA}, ConsentMethod.ORAL, "officer-1"
    )


def _session(database: Database, interview: Interview) -> Session:
    return Services(database, "officer-1").sessions.create(
        Session(
            interview_id=interview.id,
            number=1,
            started_at=datetime.now(UTC),
            present=["officer-1"],
        )
    )


def _transcript_writer(database: Database, interview: Interview) -> object:
    state = TranscriptState(
        interview_id=interview.id,
        session_id=uuid4(),
        segments=(SegmentState(id=uuid4(), speaker=Speaker.INTERVIEWEE, text="보위부"),),
        tags=(),
    )
    return TranscriptWriter("officer-1").save(database, state)


WRITERS: dict[str, Callable[[Database, Interview], object]] = {
    "session": _session,
    "answer": lambda db, i: Services(db, "o").answers.save(
        i.id, "background.occupation", TextValue(text="광부")
    ),
    "segment": lambda db, i: Services(db, "o").transcripts.create(
        TranscriptSegment(
            interview_id=i.id, session_id=uuid4(), ordinal=0, speaker=Speaker.OTHER, text="x"
        )
    ),
    "tag": lambda db, i: Services(db, "o").tags.create(
        ElementTag(interview_id=i.id, element_id="CAH.7.1.e.1", segment_id=uuid4(), start=0, end=1)
    ),
    "incident": lambda db, i: Services(db, "o").incidents.create(
        Incident(interview_id=i.id, title="구타")
    ),
    "person": lambda db, i: Services(db, "o").persons.create(
        Person(interview_id=i.id, role=PersonRole.PERPETRATOR, name="김 상사")
    ),
    "transcript writer": _transcript_writer,
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_writer_is_refused_before_consent(database: Database, writer: str) -> None:
    interview = _interview(database)
    with pytest.raises(ConsentRequired) as refused:
        WRITERS[writer](database, interview)
    assert refused.value.exit_code == 16
    assert interview.code in refused.value.message()
    with database.reading() as connection:
        for table in ("sessions", "answers", "transcript_segments", "element_tags"):
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert count == 0, table
        for table in ("incidents", "persons"):
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert count == 0, table


@pytest.mark.parametrize("writer", sorted(set(WRITERS) - {"transcript writer", "segment"}))
def test_every_writer_is_accepted_after_consent(database: Database, writer: str) -> None:
    interview = _interview(database)
    _consent(database, interview)
    WRITERS[writer](database, interview)


def test_a_person_of_no_interview_needs_no_consent(database: Database) -> None:
    person = Services(database, "o").persons.create(Person(role=PersonRole.PERPETRATOR))
    assert person.interview_id is None


def test_demo_interviews_are_listed_with_their_figures(database: Database) -> None:
    fill_new_demo(database, 2)
    rows = interview_rows(database)
    assert len(rows) == 2
    for row in rows:
        assert row.answered > 0 and row.shown >= row.answered, row
        assert row.covered > 0 and row.elements >= row.covered, row


def test_answers_written_outside_the_desk_count_in_the_list(database: Database) -> None:
    interview = _interview(database)
    _consent(database, interview)
    services = Services(database, "command-line")
    services.answers.save(interview.id, "background.occupation", TextValue(text="광부"))
    (row,) = interview_rows(database)
    assert row.answered == 1


def test_a_tag_alone_changes_the_coverage_in_the_list(database: Database) -> None:
    interview = _interview(database)
    _consent(database, interview)
    session = _session(database, interview)
    segment = Services(database, "transcript").transcripts.create(
        TranscriptSegment(
            interview_id=interview.id,
            session_id=session.id,
            ordinal=0,
            speaker=Speaker.INTERVIEWEE,
            text="집결소에 갇혔습니다",
        )
    )
    (before,) = interview_rows(database)
    tag = Services(database, "transcript").tags.create(
        ElementTag(
            interview_id=interview.id,
            element_id="CAH.7.1.e.1",
            segment_id=segment.id,
            start=0,
            end=3,
        )
    )
    (after,) = interview_rows(database)
    assert after.covered == before.covered + 1
    Services(database, "transcript").tags.delete(tag)
    (removed,) = interview_rows(database)
    assert removed.covered == before.covered


def test_figures_the_desk_writes_are_not_recomputed(database: Database) -> None:
    """The desk's own figures clear the stale mark: the list reads them as they are."""
    interview = _interview(database)
    _consent(database, interview)
    bench = Workbench(Services(database, "officer-1"))
    bench.save_answer(interview.id, "background.occupation", TextValue(text="광부"))
    bench.save_stats(interview.id, Stats(answered=1, shown=7, covered=0, elements=9))
    with database.reading() as connection:
        assert stale_interviews(connection) == []
    (row,) = interview_rows(database)
    assert (row.answered, row.shown, row.elements) == (1, 7, 9)
