"""One interview as the statement printer needs it (`app.reports.data.InterviewData`), read
from Geneva's consolidated view instead of a laptop's database.

Each record is rebuilt from its current body exactly as the device sent it, so a statement
printed in Geneva carries the same content hash as the one printed on the laptop from the
same versions: anyone can see that the two say the same thing.
"""

from __future__ import annotations

import json
from typing import TypeVar
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
from app.errors import NotFound
from app.reports.data import InterviewData, named_in
from app.store.connection import Connection
from app.sync.repository import consolidated

R = TypeVar("R", bound=Record)


def _model(kind: type[R], body: dict[str, object]) -> R:
    return kind.model_validate_json(json.dumps(body))


def interview_data(connection: Connection, interview_id: str) -> InterviewData:
    """The interview and everything it holds, current versions; NotFound if not held."""
    interview = consolidated.one(connection, "interview", interview_id)
    if interview is None:
        raise NotFound(kind="interview", id=interview_id)
    held: dict[str, list[dict[str, object]]] = {}
    for record in consolidated.of_interview(connection, interview_id):
        held.setdefault(record.kind, []).append(record.body)

    def of(kind: type[R]) -> list[R]:
        """In the laptop's order (`records.find`: created_at, id): the hash depends on it."""
        made = [_model(kind, body) for body in held.get(kind.kind, [])]
        return sorted(made, key=lambda record: (record.created_at, str(record.id)))

    sessions = sorted(of(Session), key=lambda s: (s.number, str(s.id)))
    numbers = {session.id: session.number for session in sessions}
    segments = sorted(
        of(TranscriptSegment), key=lambda s: (numbers.get(s.session_id, 0), s.ordinal, str(s.id))
    )
    answers = sorted(of(Answer), key=lambda a: (a.question_id, a.position, str(a.id)))
    incidents = of(Incident)
    persons = {person.id: person for person in of(Person)}
    wanted, facility_ids = named_in(answers, incidents)
    for person_id in wanted - persons.keys():
        found = consolidated.one(connection, "person", str(person_id))
        if found is not None:
            persons[person_id] = _model(Person, found.body)
    facilities: dict[UUID, Facility] = {}
    for facility_id in facility_ids:
        found = consolidated.one(connection, "facility", str(facility_id))
        if found is not None:
            facilities[facility_id] = _model(Facility, found.body)
    return InterviewData(
        _model(Interview, interview.body),
        of(Consent),
        sessions,
        segments,
        answers,
        incidents,
        of(ElementTag),
        persons,
        facilities,
    )
