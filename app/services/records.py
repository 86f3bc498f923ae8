"""One service per record kind. Verbs beyond create/update/delete live on the service of
the noun they act on (`answers.save`, `consents.withdraw`)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from app.domain import (
    Answer,
    AnswerValue,
    AttachmentMeta,
    Consent,
    ConsentScope,
    ElementTag,
    Facility,
    IdentityRecord,
    Incident,
    Interview,
    Interviewee,
    Person,
    Session,
    TranscriptSegment,
)
from app.services.base import RecordService
from app.store import records


class Interviewees(RecordService[Interviewee]):
    model = Interviewee


class Identities(RecordService[IdentityRecord]):
    """Identity data, kept in its own table apart from the testimony."""

    model = IdentityRecord

    def for_interviewee(self, interviewee_id: UUID) -> IdentityRecord | None:
        found = self.find(interviewee_id=interviewee_id)
        return found[0] if found else None


class Interviews(RecordService[Interview]):
    model = Interview


class Consents(RecordService[Consent]):
    model = Consent

    def withdraw(
        self,
        consent: Consent,
        scopes: frozenset[ConsentScope],
        note: str | None = None,
        at: datetime | None = None,
    ) -> Consent:
        """Record that the witness withdrew `scopes`; the consent given stays on record."""
        return self.update(consent.withdraw(scopes, at or self.context.clock(), note))


class Sessions(RecordService[Session]):
    model = Session


class Answers(RecordService[Answer]):
    model = Answer

    def save(
        self,
        interview_id: UUID,
        question_id: str,
        value: AnswerValue,
        *,
        position: str = "",
        session_id: UUID | None = None,
        questionnaire_version: str | None = None,
    ) -> Answer:
        """The answer to one question (at one place in its repeat groups), created or
        replaced in one audited transaction. Returns the stored answer."""
        now = self.context.clock()
        with self.context.database.transaction() as connection:
            existing = records.find_one(
                connection,
                Answer,
                interview_id=interview_id,
                question_id=question_id,
                position=position,
            )
            if existing is None:
                stored = Answer(
                    interview_id=interview_id,
                    question_id=question_id,
                    position=position,
                    value=value,
                    session_id=session_id,
                    questionnaire_version=questionnaire_version,
                    created_at=now,
                    updated_at=now,
                )
                body = records.insert(connection, stored)
                action = "create"
            else:
                stored = self._validated(
                    existing,
                    value=value,
                    version=existing.version + 1,
                    updated_at=now,
                    session_id=session_id or existing.session_id,
                    questionnaire_version=questionnaire_version or existing.questionnaire_version,
                )
                body = records.update(connection, stored, previous=existing)
                action = "update"
            self.context.audit(connection, action, stored.kind, stored.id, body)
        return stored

    def for_interview(self, interview_id: UUID) -> list[Answer]:
        return self.find(interview_id=interview_id)


class TranscriptSegments(RecordService[TranscriptSegment]):
    model = TranscriptSegment

    def for_session(self, session_id: UUID) -> list[TranscriptSegment]:
        with self.context.database.reading() as connection:
            return list(
                records.find(
                    connection, TranscriptSegment, {"session_id": session_id}, "ordinal, id"
                )
            )


class Incidents(RecordService[Incident]):
    model = Incident


class Persons(RecordService[Person]):
    model = Person


class Facilities(RecordService[Facility]):
    model = Facility


class ElementTags(RecordService[ElementTag]):
    model = ElementTag


class Attachments(RecordService[AttachmentMeta]):
    model = AttachmentMeta
