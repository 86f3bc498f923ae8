"""Storing the editor's document: only what changed, every change audited, reloaded intact."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from app.domain import Speaker
from app.store.database import Database
from app.transcript.document import TagState, TranscriptDocument, new_segment
from app.transcript.writer import TranscriptWriter
from tests.support import record_interview


def audit_count(database: Database) -> int:
    with database.reading() as connection:
        return int(connection.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_saving_writes_what_changed_and_loading_gives_it_back(services: Any) -> None:
    recorded = record_interview(services, with_text=False)
    interview, session = recorded["interview"], recorded["session"]
    database: Database = services.context.database
    writer = TranscriptWriter("interviewer:test")
    loaded = writer.load(database, interview.id, session.id)
    assert len(loaded.document) == 0
    assert [p.id for p in loaded.persons] == [recorded["person"].id]
    assert [i.id for i in loaded.incidents] == [recorded["incident"].id]

    document = loaded.document
    question = new_segment(Speaker.INTERVIEWER, "어디에서 조사를 받았습니까?")
    answer = new_segment(Speaker.INTERVIEWEE, "회령 보위부 구류장에서요")
    empty = new_segment(Speaker.INTERVIEWER)
    for index, segment in enumerate((question, answer, empty)):
        document.insert_segment(index, segment)
    tag = TagState(tag_id := uuid4(), answer.id, "CAH.7.1.e.1", 3, 6)
    document.put_tag(tag)
    assert writer.save(database, document.state()).written == 3  # the empty one waits
    assert writer.save(database, document.state()).written == 0

    before = audit_count(database)
    document.edit_text(answer.id, "2014년 회령 보위부 구류장에서요", hint=0)
    assert writer.save(database, document.state()).written == 2  # the segment and its tag
    assert audit_count(database) == before + 2

    again = TranscriptWriter("interviewer:test").load(database, interview.id, session.id)
    stored = again.document
    assert [(s.speaker, s.text) for s in stored.segments] == [
        (Speaker.INTERVIEWER, "어디에서 조사를 받았습니까?"),
        (Speaker.INTERVIEWEE, "2014년 회령 보위부 구류장에서요"),
    ]
    [stored_tag] = stored.tags
    assert stored_tag.id == tag_id
    assert stored.segment(answer.id).text[stored_tag.start : stored_tag.end] == "보위부"
    segments = services.transcripts.for_session(session.id)
    assert [s.ordinal for s in segments] == [0, 1]
    assert [s.language for s in segments] == ["ko", "ko"]


def test_detached_tags_and_removed_segments_leave_the_database(services: Any) -> None:
    recorded = record_interview(services, with_text=False)
    interview, session = recorded["interview"], recorded["session"]
    database: Database = services.context.database
    writer = TranscriptWriter("interviewer:test")
    document: TranscriptDocument = writer.load(database, interview.id, session.id).document
    first = new_segment(Speaker.INTERVIEWEE, "보위부 구류장")
    second = new_segment(Speaker.INTERVIEWER, "그 다음에는요?")
    document.insert_segment(0, first)
    document.insert_segment(1, second)
    document.put_tag(TagState(uuid4(), first.id, "CAH.7.1.e.1", 0, 3))
    writer.save(database, document.state())
    span_tags = [t for t in services.tags.find(interview_id=interview.id) if t.is_span]
    assert len(span_tags) == 1

    document.edit_text(first.id, " 구류장", hint=0)
    writer.save(database, document.state())
    assert [t for t in services.tags.find(interview_id=interview.id) if t.is_span] == []
    assert document.tags[0].detached  # still in the editor

    document.remove_segment(first.id)
    writer.save(database, document.state())
    assert [s.text for s in services.transcripts.for_session(session.id)] == ["그 다음에는요?"]
    assert services.transcripts.for_session(session.id)[0].ordinal == 0
