"""Loading a session's transcript, and storing the editor's document through the services.

The editor hands `save` the whole document state after every pause in typing; the writer
compares it with what it last stored and writes only the segments and tags that changed,
each in its own audited transaction (`app.services`). It remembers every record it stored
(with its version), so saves queued one after another never conflict with each other.

One writer per open editor. Its methods run on the task runner's worker thread, in the
order they were queued; nothing else touches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.domain import ElementTag, Incident, Person, TranscriptSegment
from app.services import Services
from app.store.database import Database
from app.transcript.document import (
    SegmentState,
    TagState,
    TranscriptDocument,
    TranscriptState,
    guess_language,
    tag_record,
)


@dataclass(frozen=True)
class Loaded:
    """A session's transcript and what a tag can point to in its interview."""

    document: TranscriptDocument
    incidents: tuple[Incident, ...]
    persons: tuple[Person, ...]


@dataclass(frozen=True)
class SaveReport:
    written: int
    """How many records were created, updated or deleted (0: everything was stored)."""


class TranscriptWriter:
    def __init__(self, actor: str) -> None:
        if not actor.strip():
            raise ValueError("every change needs an actor for the audit trail")
        self.actor = actor
        self._segments: dict[UUID, TranscriptSegment] = {}
        self._tags: dict[UUID, ElementTag] = {}

    def services(self, database: Database) -> Services:
        return Services(database, self.actor)

    def load(self, database: Database, interview_id: UUID, session_id: UUID) -> Loaded:
        services = self.services(database)
        segments = services.transcripts.for_session(session_id)
        ids = {segment.id for segment in segments}
        tags = [
            tag for tag in services.tags.find(interview_id=interview_id) if tag.segment_id in ids
        ]
        self._segments = {segment.id: segment for segment in segments}
        self._tags = {tag.id: tag for tag in tags}
        document = TranscriptDocument.from_records(interview_id, session_id, segments, tags)
        return Loaded(
            document,
            tuple(services.incidents.find(interview_id=interview_id)),
            tuple(services.persons.find(interview_id=interview_id)),
        )

    def save(self, database: Database, state: TranscriptState) -> SaveReport:
        """Store `state`: create, update and delete what differs from the last save."""
        services = self.services(database)
        written = 0
        wanted_tags = {tag.id: tag for tag in state.tags if not tag.detached}
        for tag_id in [tag_id for tag_id in self._tags if tag_id not in wanted_tags]:
            services.tags.delete(self._tags[tag_id])
            del self._tags[tag_id]
            written += 1
        kept: set[UUID] = set()
        for ordinal, segment in enumerate(state.segments):
            if segment.id not in self._segments and not _worth_storing(segment):
                continue  # an empty segment nobody typed in yet
            kept.add(segment.id)
            written += self._store_segment(services, state, ordinal, segment)
        for tag in wanted_tags.values():
            if tag.segment_id in kept:
                written += self._store_tag(services, state.interview_id, tag)
        for segment_id in [segment_id for segment_id in self._segments if segment_id not in kept]:
            services.transcripts.delete(self._segments[segment_id])
            del self._segments[segment_id]
            written += 1
        return SaveReport(written)

    def _store_segment(
        self, services: Services, state: TranscriptState, ordinal: int, segment: SegmentState
    ) -> int:
        fields: dict[str, object] = {
            "ordinal": ordinal,
            "speaker": segment.speaker,
            "text": segment.text,
            "offset_seconds": segment.offset_seconds,
        }
        stored = self._segments.get(segment.id)
        if stored is None:
            record = TranscriptSegment(
                id=segment.id,
                interview_id=state.interview_id,
                session_id=state.session_id,
                language=guess_language(segment.text),
                **fields,
            )
            self._segments[segment.id] = services.transcripts.create(record)
            return 1
        if all(getattr(stored, name) == value for name, value in fields.items()):
            return 0
        if stored.text != segment.text:  # the language is guessed again only from new text
            fields["language"] = guess_language(segment.text)
        self._segments[segment.id] = services.transcripts.update(stored.replace(**fields))
        return 1

    def _store_tag(self, services: Services, interview_id: UUID, tag: TagState) -> int:
        wanted = tag_record(tag, interview_id)
        stored = self._tags.get(tag.id)
        if stored is None:
            self._tags[tag.id] = services.tags.create(wanted)
            return 1
        names = ("element_id", "segment_id", "start", "end", "incident_id", "person_id", "note")
        changes = {name: getattr(wanted, name) for name in names}
        if all(getattr(stored, name) == value for name, value in changes.items()):
            return 0
        self._tags[tag.id] = services.tags.update(stored.replace(**changes))
        return 1


def _worth_storing(segment: SegmentState) -> bool:
    return bool(segment.text) or segment.offset_seconds is not None
