"""Everything a report shows about one interview, read in one go, and the hash of it.

The content hash printed on every page of a statement is the SHA-256 of the records it
is made from, in a fixed order, each as its canonical JSON body (`Record.content_json`),
one per line as `kind<TAB>body`. It does not depend on the language of the statement or
on the software that printed it: anyone with the records can recompute it (see
docs/reports.md), and any change to what the statement says changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from app.domain import (
    Answer,
    Consent,
    ElementTag,
    Facility,
    Incident,
    Interview,
    Person,
    Record,
    Session,
    TranscriptSegment,
)
from app.domain.answers import FacilityValue, PersonValue
from app.errors import NotFound
from app.store import records
from app.store.database import Database


@dataclass
class InterviewData:
    interview: Interview
    consents: list[Consent]
    sessions: list[Session]
    segments: list[TranscriptSegment]
    """In reading order: by session number, then ordinal."""
    answers: list[Answer]
    incidents: list[Incident]
    tags: list[ElementTag]
    persons: dict[UUID, Person] = field(default_factory=dict)
    facilities: dict[UUID, Facility] = field(default_factory=dict)

    def hashed_records(self) -> Iterator[Record]:
        """The records the content hash covers, in its order."""
        yield self.interview
        yield from self.consents
        yield from self.sessions
        yield from self.segments
        yield from self.answers
        yield from self.incidents
        yield from sorted(self.persons.values(), key=lambda record: str(record.id))
        yield from sorted(self.facilities.values(), key=lambda record: str(record.id))

    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for record in self.hashed_records():
            digest.update(f"{record.kind}\t{record.content_json()}\n".encode())
        return digest.hexdigest()


def named_in(answers: list[Answer], incidents: list[Incident]) -> tuple[set[UUID], set[UUID]]:
    """The persons and the facilities an interview's answers and incidents name (they may
    be records of another interview)."""
    persons = {a.value.person_id for a in answers if isinstance(a.value, PersonValue)}
    persons |= {pid for incident in incidents for pid in incident.person_ids}
    facilities = {a.value.facility_id for a in answers if isinstance(a.value, FacilityValue)}
    facilities |= {i.facility_id for i in incidents if i.facility_id is not None}
    return persons, facilities


def load_interview(database: Database, interview_id: UUID) -> InterviewData:
    """The interview and everything it holds; NotFound if there is no such interview."""
    with database.reading() as connection:
        interview = records.get(connection, Interview, interview_id)
        where = {"interview_id": interview_id}
        consents = list(records.find(connection, Consent, where))
        sessions = list(records.find(connection, Session, where, "number, id"))
        numbers = {session.id: session.number for session in sessions}
        segments = sorted(
            records.find(connection, TranscriptSegment, where, "ordinal, id"),
            key=lambda segment: (numbers.get(segment.session_id, 0), segment.ordinal),
        )
        answers = list(records.find(connection, Answer, where, "question_id, position, id"))
        incidents = list(records.find(connection, Incident, where))
        tags = list(records.find(connection, ElementTag, where))
        persons = {person.id: person for person in records.find(connection, Person, where)}
        wanted_people, facility_ids = named_in(answers, incidents)
        for person_id in wanted_people - persons.keys():
            try:
                persons[person_id] = records.get(connection, Person, person_id)
            except NotFound:
                continue  # named in an answer but since removed: shown as unknown
        facilities: dict[UUID, Facility] = {}
        for facility_id in facility_ids:
            try:
                facilities[facility_id] = records.get(connection, Facility, facility_id)
            except NotFound:
                continue
    return InterviewData(
        interview, consents, sessions, segments, answers, incidents, tags, persons, facilities
    )


def interview_ids(database: Database) -> list[UUID]:
    """Every interview in the database, by code."""
    with database.reading() as connection:
        rows = connection.execute("SELECT id FROM interviews ORDER BY code, id").fetchall()
    return [UUID(row[0]) for row in rows]
