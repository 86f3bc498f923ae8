"""One service per record kind. Verbs beyond create/update/delete live on the service of
the noun they act on (`answers.save`, `consents.withdraw`)."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from app.domain import (
    Answer,
    AnswerValue,
    AttachmentKind,
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
from app.domain.people import IdentityData, SealedIdentity
from app.i18n import N_
from app.services.base import RecordService
from app.services.consent import require_consent
from app.store import attachments, identity, records
from app.store.attachments import AttachmentUnavailable
from app.store.connection import Connection
from app.store.keys import device_keys
from app.sync import witness_link
from app.sync.enrolment import current_bundle, ensure_device_keys, require_bundle

DEFAULT_LABEL = "field laptop"


class Interviewees(RecordService[Interviewee]):
    model = Interviewee


class Identities(RecordService[SealedIdentity]):
    """Identity data, sealed at capture to Geneva's identity key (app/store/identity.py).

    The device stores only the sealed form and cannot open it. Before the device is
    enrolled there is no Geneva key to seal to, so `seal` refuses (NotEnrolled).
    """

    model = SealedIdentity

    def seal(
        self,
        interviewee_id: UUID,
        data: IdentityData | IdentityRecord | Mapping[str, Any],
    ) -> SealedIdentity:
        """Seal `data` (real name, other names, birth date, hometown, relatives) for the
        witness `interviewee_id`, replacing any earlier version, in one audited change."""
        fields = identity.identity_data(data)
        now = self.context.clock()
        with self.context.database.transaction() as connection:
            bundle = require_bundle(connection, N_("recording identity data"))
            records.get(connection, Interviewee, interviewee_id)
            existing = records.find_one(connection, SealedIdentity, interviewee_id=interviewee_id)
            stored = identity.seal(
                existing.id if existing else uuid4(),
                existing.version + 1 if existing else 1,
                interviewee_id,
                fields,
                bundle.geneva.identity(),
                created_at=existing.created_at if existing else now,
                updated_at=now,
            )
            if existing is None:
                body = records.insert(connection, stored)
            else:
                body = records.update(connection, stored, previous=existing)
            self.context.audit(
                connection, "update" if existing else "create", stored.kind, stored.id, body
            )
            self._link(
                connection,
                interviewee_id,
                witness_link.on_device(connection, bundle.witness_link, fields),
                now,
            )
        return stored

    def _link(
        self, connection: Connection, interviewee_id: UUID, link: str | None, now: datetime
    ) -> None:
        """Give the interviewee the witness link of the identity just sealed (a new
        version), so Geneva can recognise the same person seen on another device. Only
        for a witness who consented to the use of their identity: the link is derived
        from it, and Geneva, which holds the link secret, could test a guessed name
        against it, so without that consent it is not made at all."""
        interviewee = records.get(connection, Interviewee, interviewee_id)
        if link is None or interviewee.witness_link == link:
            return
        if not _identity_may_be_used(connection, interviewee_id, now):
            return
        linked = interviewee.replace(
            witness_link=link, version=interviewee.version + 1, updated_at=now
        )
        body = records.update(connection, linked, previous=interviewee)
        self.context.audit(connection, "update", linked.kind, linked.id, body)

    def for_interviewee(self, interviewee_id: UUID) -> SealedIdentity | None:
        found = self.find(interviewee_id=interviewee_id)
        return found[0] if found else None


def _identity_may_be_used(connection: Connection, interviewee_id: UUID, now: datetime) -> bool:
    """Whether some interview of the witness has consent to the use of their identity."""
    for interview in records.find(connection, Interview, {"interviewee_id": interviewee_id}):
        for consent in records.find(connection, Consent, {"interview_id": interview.id}):
            if consent.allows(ConsentScope.USE_OF_IDENTITY):
                return True
    return False


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
        """Record that the witness withdrew `scopes`; the consent given stays on record.
        Withdrawing the use of identity also removes the witness link derived from it
        (a new version of the interviewee, which the next package carries)."""
        withdrawn = self.update(consent.withdraw(scopes, at or self.context.clock(), note))
        if ConsentScope.USE_OF_IDENTITY in scopes:
            with self.context.database.transaction() as connection:
                interviewee = records.get(connection, Interviewee, consent.interviewee_id)
                if interviewee.witness_link is not None and not _identity_may_be_used(
                    connection, interviewee.id, self.context.clock()
                ):
                    unlinked = interviewee.replace(
                        witness_link=None,
                        version=interviewee.version + 1,
                        updated_at=self.context.clock(),
                    )
                    body = records.update(connection, unlinked, previous=interviewee)
                    self.context.audit(connection, "update", unlinked.kind, unlinked.id, body)
        return withdrawn


class Sessions(RecordService[Session]):
    model = Session
    testimony = True


class Answers(RecordService[Answer]):
    model = Answer
    testimony = True

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
            require_consent(connection, interview_id)
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
    testimony = True

    def for_session(self, session_id: UUID) -> list[TranscriptSegment]:
        with self.context.database.reading() as connection:
            return list(
                records.find(
                    connection, TranscriptSegment, {"session_id": session_id}, "ordinal, id"
                )
            )


class Incidents(RecordService[Incident]):
    model = Incident
    testimony = True


class Persons(RecordService[Person]):
    model = Person
    testimony = True


class Facilities(RecordService[Facility]):
    model = Facility


class ElementTags(RecordService[ElementTag]):
    model = ElementTag
    testimony = True


class Attachments(RecordService[AttachmentMeta]):
    """Attachment records; `add` also encrypts the file (app/store/attachments.py)."""

    model = AttachmentMeta
    testimony = True

    def add(
        self,
        interview_id: UUID,
        source: Path,
        kind: AttachmentKind | str = AttachmentKind.OTHER,
        *,
        description: str | None = None,
        media_type: str | None = None,
        filename: str | None = None,
    ) -> AttachmentMeta:
        """Encrypt the file `source` into the attachments folder and record it."""
        database = self.context.database
        self.get_interview(interview_id)
        keys = ensure_device_keys(database, DEFAULT_LABEL)
        attachment_id = uuid4()
        with database.reading() as connection:
            bundle = current_bundle(connection)
        to = attachments.recipients(keys, bundle.geneva.package() if bundle else None)
        name = filename or source.name
        guessed = media_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        encrypted = attachments.encrypt_file(
            source, attachments.file_for(database.path, attachment_id), to
        )
        try:
            return self.create(
                AttachmentMeta(
                    id=attachment_id,
                    interview_id=interview_id,
                    filename=name,
                    media_type=guessed,
                    size=encrypted.size,
                    sha256=encrypted.sha256,
                    description=description,
                    attachment_kind=AttachmentKind(kind),
                )
            )
        except BaseException:
            encrypted.path.unlink(missing_ok=True)
            raise

    def get_interview(self, interview_id: UUID) -> Interview:
        with self.context.database.reading() as connection:
            return records.get(connection, Interview, interview_id)

    def read(self, attachment: AttachmentMeta) -> bytes:
        """The file's content, decrypted in memory with this device's key."""
        database = self.context.database
        with database.reading() as connection:
            keys = device_keys(connection)
        if keys is None:
            raise AttachmentUnavailable(name=attachment.filename, detail="no device key")
        return attachments.decrypt(database.path, attachment.id, attachment.filename, keys)
