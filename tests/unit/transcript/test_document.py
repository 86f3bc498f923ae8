"""The editor's transcript document: segments in order, tags that follow their words."""

from __future__ import annotations

from uuid import uuid4

import pytest

from app.domain import Speaker
from app.transcript.document import (
    TagState,
    TranscriptDocument,
    guess_language,
    new_segment,
    next_speaker,
)


def document_with(text: str, start: int, end: int) -> tuple[TranscriptDocument, TagState]:
    segment = new_segment(Speaker.INTERVIEWEE, text)
    tag = TagState(uuid4(), segment.id, "CAH.7.1.e.1", start, end)
    return TranscriptDocument(uuid4(), uuid4(), [segment], [tag]), tag


def covered(document: TranscriptDocument, tag: TagState) -> str:
    now = document.tag(tag.id)
    return document.segment(now.segment_id).text[now.start : now.end]


def test_editing_before_a_tag_keeps_it_on_the_same_words() -> None:
    document, tag = document_with("회령 보위부 구류장에서", 3, 6)
    assert covered(document, tag) == "보위부"
    segment_id = tag.segment_id
    document.edit_text(segment_id, "2014년 봄 회령 보위부 구류장에서", hint=0)
    assert covered(document, tag) == "보위부"
    assert document.tag(tag.id).start == 11
    document.edit_text(segment_id, "봄 회령 보위부 구류장에서", hint=0)
    assert covered(document, tag) == "보위부"


def test_deleting_the_tagged_words_detaches_the_tag_and_restoring_brings_it_back() -> None:
    document, tag = document_with("회령 보위부 구류장", 3, 6)
    before = document.tags_of(tag.segment_id)
    document.edit_text(tag.segment_id, "회령  구류장", hint=3)
    detached = document.tag(tag.id)
    assert detached.detached
    assert document.element_tags() == []  # no longer counts for coverage
    assert document.tagged_element_ids() == set()
    document.edit_text(tag.segment_id, "회령 보 구류장", hint=3)
    assert document.tag(tag.id).detached  # words typed later are not assumed tagged
    document.restore_text(tag.segment_id, "회령 보위부 구류장", before)
    assert covered(document, tag) == "보위부"
    assert [t.element_id for t in document.element_tags()] == ["CAH.7.1.e.1"]


def test_removing_a_segment_takes_its_tags_and_inserting_it_again_restores_them() -> None:
    document, tag = document_with("회령 보위부", 3, 6)
    other = new_segment(Speaker.INTERVIEWER, "언제였습니까?")
    document.insert_segment(0, other)
    index, segment, tags = document.remove_segment(tag.segment_id)
    assert (index, document.tags) == (1, ())
    document.insert_segment(index, segment, tags)
    assert [s.text for s in document.segments] == ["언제였습니까?", "회령 보위부"]
    assert covered(document, tag) == "보위부"


def test_a_tag_must_point_inside_its_segment() -> None:
    document, tag = document_with("회령", 0, 2)
    with pytest.raises(ValueError):
        document.put_tag(TagState(uuid4(), tag.segment_id, "CAH.7.1.e.1", 1, 5))
    with pytest.raises(ValueError):
        document.update_segment(tag.segment_id, text="no")


def test_defaults_for_a_new_turn_and_the_language_of_a_segment() -> None:
    assert next_speaker(Speaker.INTERVIEWEE) is Speaker.INTERVIEWER
    assert next_speaker(Speaker.INTERVIEWER) is Speaker.INTERVIEWEE
    assert next_speaker(None) is Speaker.INTERVIEWEE
    assert guess_language("보위부에서 beaten") == "ko"
    assert guess_language("beaten") == "en"
    assert guess_language("12:05 …") is None
