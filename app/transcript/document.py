"""The transcript of one session as the editor holds it: segments in order, and the tags
that point into their text. Plain Python, no storage and no Qt: the desktop editor changes
it, `TranscriptWriter` stores what it says.

Segments and tags are immutable values; a change replaces them. A segment's ordinal is its
place in the list. When a segment's text changes, its tags are moved so that they keep
covering the same words (`app.transcript.spans.shift_span`).

**Detached tags.** When every tagged character of a span is deleted, the tag is not
dropped and not pointed at other words: it stays in the document with `detached=True`,
listed under its segment for the interviewer to attach to a new selection or remove, and
undo brings the words and the tag back together. An `ElementTag` cannot hold a span
without characters, so while a tag is detached it is not in the database (the writer
deletes it; the audit trail keeps it) and it does not count for coverage. A detached tag
still there when the editor is closed is therefore gone at the next opening: the
interviewer deleted the words it pointed at.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID, uuid4

from app.domain import ElementTag, Speaker, TranscriptSegment
from app.domain.bilingual import HANGUL
from app.transcript.spans import Edit, diff_edit, shift_span


@dataclass(frozen=True)
class SegmentState:
    id: UUID
    speaker: Speaker
    text: str = ""
    offset_seconds: float | None = None


@dataclass(frozen=True)
class TagState:
    id: UUID
    segment_id: UUID
    element_id: str
    start: int
    end: int
    incident_id: UUID | None = None
    person_id: UUID | None = None
    note: str | None = None
    detached: bool = False
    """Every tagged character was deleted; see the module documentation."""


@dataclass(frozen=True)
class TranscriptState:
    """Everything the writer needs to store the transcript as it is now."""

    interview_id: UUID
    session_id: UUID
    segments: tuple[SegmentState, ...]
    tags: tuple[TagState, ...]


def new_segment(speaker: Speaker, text: str = "") -> SegmentState:
    return SegmentState(id=uuid4(), speaker=speaker, text=text)


def guess_language(text: str) -> str | None:
    """'ko' when the text has Hangul, 'en' when it has Latin letters only, else None."""
    if HANGUL.search(text):
        return "ko"
    if any(char.isascii() and char.isalpha() for char in text):
        return "en"
    return None


def next_speaker(previous: Speaker | None) -> Speaker:
    """Who speaks in a new segment by default: interviewee and interviewer take turns
    (the interpreter's turns are marked by hand: Ctrl+3)."""
    return Speaker.INTERVIEWER if previous is Speaker.INTERVIEWEE else Speaker.INTERVIEWEE


class TranscriptDocument:
    def __init__(
        self,
        interview_id: UUID,
        session_id: UUID,
        segments: Iterable[SegmentState] = (),
        tags: Iterable[TagState] = (),
    ) -> None:
        self.interview_id = interview_id
        self.session_id = session_id
        self._segments: list[SegmentState] = list(segments)
        self._tags: dict[UUID, TagState] = {tag.id: tag for tag in tags}
        self._positions: dict[UUID, int] | None = None
        """Where each segment is; rebuilt after segments are added, removed or moved."""

    @classmethod
    def from_records(
        cls,
        interview_id: UUID,
        session_id: UUID,
        segments: Iterable[TranscriptSegment],
        tags: Iterable[ElementTag],
    ) -> TranscriptDocument:
        """The document for stored segments (in ordinal order) and their span tags."""
        states = [
            SegmentState(s.id, s.speaker, s.text, s.offset_seconds)
            for s in sorted(segments, key=lambda s: (s.ordinal, str(s.id)))
        ]
        known = {state.id: state for state in states}
        tag_states = []
        for tag in tags:
            if tag.segment_id not in known or tag.start is None or tag.end is None:
                continue
            length = len(known[tag.segment_id].text)
            start, end = min(tag.start, length), min(tag.end, length)
            tag_states.append(
                TagState(
                    tag.id,
                    tag.segment_id,
                    tag.element_id,
                    start,
                    end,
                    tag.incident_id,
                    tag.person_id,
                    tag.note,
                    detached=start >= end,  # only if the stored span outran the text
                )
            )
        return cls(interview_id, session_id, states, tag_states)

    # -- reading ----------------------------------------------------------------------------

    @property
    def segments(self) -> tuple[SegmentState, ...]:
        return tuple(self._segments)

    def __len__(self) -> int:
        return len(self._segments)

    def index_of(self, segment_id: UUID) -> int:
        if self._positions is None:
            self._positions = {segment.id: i for i, segment in enumerate(self._segments)}
        return self._positions[segment_id]

    def segment(self, segment_id: UUID) -> SegmentState:
        return self._segments[self.index_of(segment_id)]

    def tags_of(self, segment_id: UUID) -> tuple[TagState, ...]:
        return tuple(tag for tag in self._tags.values() if tag.segment_id == segment_id)

    def tag(self, tag_id: UUID) -> TagState:
        return self._tags[tag_id]

    @property
    def tags(self) -> tuple[TagState, ...]:
        return tuple(self._tags.values())

    def state(self) -> TranscriptState:
        return TranscriptState(
            self.interview_id, self.session_id, tuple(self._segments), tuple(self._tags.values())
        )

    def element_tags(self) -> list[ElementTag]:
        """The tags that point at words now (detached ones do not), as `ElementTag`s."""
        return [
            tag_record(tag, self.interview_id) for tag in self._tags.values() if not tag.detached
        ]

    def tagged_element_ids(self) -> set[str]:
        return {tag.element_id for tag in self._tags.values() if not tag.detached}

    # -- changing segments ------------------------------------------------------------------

    def insert_segment(
        self, index: int, segment: SegmentState, tags: Iterable[TagState] = ()
    ) -> None:
        self._segments.insert(index, segment)
        self._positions = None
        for tag in tags:
            self._tags[tag.id] = tag

    def remove_segment(self, segment_id: UUID) -> tuple[int, SegmentState, tuple[TagState, ...]]:
        """Remove a segment and its tags; returns what `insert_segment` needs to undo it."""
        index = self.index_of(segment_id)
        segment = self._segments.pop(index)
        self._positions = None
        tags = self.tags_of(segment_id)
        for tag in tags:
            del self._tags[tag.id]
        return index, segment, tags

    def move_segment(self, segment_id: UUID, index: int) -> None:
        segment = self._segments.pop(self.index_of(segment_id))
        self._segments.insert(index, segment)
        self._positions = None

    def update_segment(self, segment_id: UUID, **changes: object) -> SegmentState:
        """Change the speaker or the time offset (not the text: see `edit_text`)."""
        if "text" in changes:
            raise ValueError("change the text with edit_text, which moves the tags")
        index = self.index_of(segment_id)
        changed = dataclasses.replace(self._segments[index], **changes)  # type: ignore[arg-type]
        self._segments[index] = changed
        return changed

    def edit_text(self, segment_id: UUID, text: str, hint: int | None = None) -> Edit | None:
        """Set the segment's text and move its tags with the words they cover; `hint` is
        where the editor saw the change (it picks between equally small edits)."""
        index = self.index_of(segment_id)
        segment = self._segments[index]
        edit = diff_edit(segment.text, text, hint)
        if edit is None:
            return None
        self._segments[index] = dataclasses.replace(segment, text=text)
        for tag in self.tags_of(segment_id):
            if tag.detached:
                continue
            span = shift_span(tag.start, tag.end, edit)
            if span is None:
                self._tags[tag.id] = dataclasses.replace(
                    tag, start=edit.start, end=edit.start, detached=True
                )
            elif span != (tag.start, tag.end):
                self._tags[tag.id] = dataclasses.replace(tag, start=span[0], end=span[1])
        return edit

    def restore_text(self, segment_id: UUID, text: str, tags: Iterable[TagState]) -> None:
        """Put back a text and exactly these tags of the segment (undo and redo)."""
        index = self.index_of(segment_id)
        self._segments[index] = dataclasses.replace(self._segments[index], text=text)
        for tag in self.tags_of(segment_id):
            del self._tags[tag.id]
        for tag in tags:
            self._tags[tag.id] = tag

    # -- changing tags ----------------------------------------------------------------------

    def put_tag(self, tag: TagState) -> None:
        """Add a tag, or replace the one with its id."""
        self.index_of(tag.segment_id)
        if not tag.detached and not 0 <= tag.start < tag.end <= len(
            self.segment(tag.segment_id).text
        ):
            raise ValueError(f"span {tag.start}-{tag.end} is outside the segment text")
        self._tags[tag.id] = tag

    def remove_tag(self, tag_id: UUID) -> TagState:
        return self._tags.pop(tag_id)


def tag_record(tag: TagState, interview_id: UUID) -> ElementTag:
    """The stored form of an attached tag."""
    return ElementTag(
        id=tag.id,
        interview_id=interview_id,
        element_id=tag.element_id,
        segment_id=tag.segment_id,
        start=tag.start,
        end=tag.end,
        incident_id=tag.incident_id,
        person_id=tag.person_id,
        note=tag.note,
    )
