"""The interview desk's verbs, Qt-free: what the desktop window does to the records.

Every verb goes through `Services` (audited transactions). The rule the desk lives by is
here, not in a widget: nothing of the testimony (answers, transcript, tags, incidents,
persons) is written for an interview before the witness's consent is on record
(`ConsentRequired`). Withdrawals are recorded by `Consents.withdraw`, which keeps the
consent given and adds the withdrawal: both are in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from app.desk import stats as list_stats
from app.desk.stats import Stats, stats_of
from app.domain import (
    Answer,
    AnswerValue,
    Consent,
    ConsentMethod,
    ConsentScope,
    ElementTag,
    Facility,
    Incident,
    Interview,
    Interviewee,
    InterviewStatus,
    Pause,
    PauseReason,
    Person,
    Session,
    new_pseudonymous_code,
)
from app.services import RecordService, Services
from app.services.consent import require_consent
from app.store import records
from app.sync.reinterview import Asked, asked_about

R = TypeVar("R", Person, Incident, Facility)


@dataclass(frozen=True)
class InterviewFile:
    """Everything the session screen needs of one interview, read in one go."""

    interview: Interview
    interviewee: Interviewee
    consent: Consent | None
    sessions: list[Session]
    answers: list[Answer]
    tags: list[ElementTag]
    incidents: list[Incident] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    asked: Asked | None = None
    """What Geneva's re-interview list asks of this witness (`app.sync.reinterview`)."""


class Workbench:
    """The desk's verbs on one open database, for one actor (the interviewer)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @property
    def _clock(self) -> datetime:
        return self.services.context.clock()

    # -- interviews -------------------------------------------------------------------

    def start_interview(
        self,
        *,
        interviewer: str,
        interpreter: str | None,
        questionnaire_id: str,
        questionnaire_version: str,
        location_kind: str = "resettlement_centre",
        language: str = "ko",
    ) -> Interview:
        """A new interview of a new witness, each under a fresh pseudonymous code."""
        interviewee = self.services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
        return self.services.interviews.create(
            Interview(
                interviewee_id=interviewee.id,
                code=new_pseudonymous_code(),
                interviewer=interviewer,
                interpreter=interpreter or None,
                location_kind=location_kind,
                questionnaire_id=questionnaire_id,
                questionnaire_version=questionnaire_version,
                language=language,
            )
        )

    def open(self, interview_id: UUID) -> InterviewFile:
        services = self.services
        interview = services.interviews.get(interview_id)
        with services.context.database.reading() as connection:
            interviewee = records.get(connection, Interviewee, interview.interviewee_id)
            consents = list(records.find(connection, Consent, {"interview_id": interview_id}))
            sessions = list(
                records.find(connection, Session, {"interview_id": interview_id}, "number")
            )
            answers = list(records.find(connection, Answer, {"interview_id": interview_id}))
            tags = list(records.find(connection, ElementTag, {"interview_id": interview_id}))
            incidents = list(records.find(connection, Incident, {"interview_id": interview_id}))
            persons = list(records.find(connection, Person, {"interview_id": interview_id}))
        return InterviewFile(
            interview=interview,
            interviewee=interviewee,
            consent=consents[0] if consents else None,
            sessions=sessions,
            answers=answers,
            tags=tags,
            incidents=incidents,
            persons=persons,
            asked=asked_about(services.context.database, interview_id),
        )

    # -- consent ----------------------------------------------------------------------

    def record_consent(
        self,
        interview: Interview,
        granted: Iterable[ConsentScope],
        method: ConsentMethod,
        recorded_by: str,
    ) -> Consent:
        consent = self.services.consents.create(
            Consent(
                interview_id=interview.id,
                interviewee_id=interview.interviewee_id,
                granted=frozenset(granted),
                method=method,
                given_at=self._clock,
                recorded_by=recorded_by,
            )
        )
        if interview.status is InterviewStatus.DRAFT:
            current = self.services.interviews.get(interview.id)
            self.services.interviews.update(current.replace(status=InterviewStatus.IN_PROGRESS))
        return consent

    def withdraw_consent(
        self, consent: Consent, scopes: Iterable[ConsentScope], note: str | None = None
    ) -> Consent:
        current = self.services.consents.get(consent.id)
        return self.services.consents.withdraw(current, frozenset(scopes), note)

    def require_consent(self, interview_id: UUID) -> Consent:
        """The interview's consent, or ConsentRequired: the services' own rule."""
        with self.services.context.database.reading() as connection:
            return require_consent(connection, interview_id)

    # -- answers ----------------------------------------------------------------------

    def save_answer(
        self,
        interview_id: UUID,
        question_id: str,
        value: AnswerValue | None,
        *,
        position: str = "",
        session_id: UUID | None = None,
        questionnaire_version: str | None = None,
    ) -> Answer | None:
        """Save (or, with `value` None, remove) one answer. Refused before consent."""
        self.require_consent(interview_id)
        answers = self.services.answers
        if value is None:
            found = answers.find(
                interview_id=interview_id, question_id=question_id, position=position
            )
            for answer in found:
                answers.delete(answer)
            return None
        return answers.save(
            interview_id,
            question_id,
            value,
            position=position,
            session_id=session_id,
            questionnaire_version=questionnaire_version,
        )

    def save_stats(self, interview_id: UUID, stats: Stats) -> None:
        """The figures the interview list shows, as the desk has just computed them
        (derived, not audited; any other writer's changes are recomputed by the core)."""
        with self.services.context.database.transaction() as connection:
            list_stats.write(connection, interview_id, stats, self._clock)

    # -- persons, incidents, facilities: recorded once, referred to everywhere ---------

    def save_person(self, person: Person) -> Person:
        if person.interview_id is not None:
            self.require_consent(person.interview_id)
        return self._save(self.services.persons, person)

    def save_incident(self, incident: Incident) -> Incident:
        self.require_consent(incident.interview_id)
        return self._save(self.services.incidents, incident)

    def save_facility(self, facility: Facility) -> Facility:
        return self._save(self.services.facilities, facility)

    def facilities(self) -> list[Facility]:
        return sorted(self.services.facilities.find(), key=lambda f: f.name)

    def _save(self, service: RecordService[R], record: R) -> R:
        """Create `record`, or update it if it is stored already (same id)."""
        with self.services.context.database.reading() as connection:
            stored = records.stored_version(connection, record.kind, record.id)
        if stored is None:
            return service.create(record)
        return service.update(record)

    # -- sessions ---------------------------------------------------------------------

    def start_session(
        self, interview_id: UUID, present: list[str], budget_minutes: int = 120
    ) -> Session:
        self.require_consent(interview_id)
        existing = self.services.sessions.find(interview_id=interview_id)
        number = max((s.number for s in existing), default=0) + 1
        return self.services.sessions.create(
            Session(
                interview_id=interview_id,
                number=number,
                started_at=self._clock,
                present=present,
                budget_minutes=budget_minutes,
            )
        )

    def pause(self, session: Session, reason: PauseReason) -> Session:
        current = self.services.sessions.get(session.id)
        if current.is_paused or current.ended_at is not None:
            return current
        pauses = [*current.pauses, Pause(started_at=self._clock, reason=reason)]
        return self.services.sessions.update(current.replace(pauses=pauses))

    def resume(self, session: Session) -> Session:
        current = self.services.sessions.get(session.id)
        if not current.is_paused:
            return current
        last = current.pauses[-1].model_copy(update={"ended_at": self._clock})
        return self.services.sessions.update(current.replace(pauses=[*current.pauses[:-1], last]))

    def suspend_running_sessions(self) -> list[Session]:
        """Sillok is closing: every running session stands still until it is shown again
        (`Session.closed`), so the clock never counts the time the app is closed."""
        now = self._clock
        changed = []
        with self.services.context.database.reading() as connection:
            rows = connection.execute(
                "SELECT body FROM sessions WHERE json_extract(body, '$.ended_at') IS NULL"
            ).fetchall()
        for (body,) in rows:
            current = Session.model_validate_json(body)
            closed = current.closed(now)
            if closed != current:
                changed.append(self.services.sessions.update(closed))
        return changed

    def reopen_session(self, session: Session) -> Session:
        """The session is shown again after Sillok was closed: its clock runs again."""
        current = self.services.sessions.get(session.id)
        reopened = current.reopened(self._clock)
        if reopened == current:
            return current
        return self.services.sessions.update(reopened)

    def end_session(self, session: Session) -> Session:
        current = self.services.sessions.get(session.id)
        if current.ended_at is not None:
            return current
        now = self._clock
        pauses = list(current.pauses)
        if current.is_paused:
            pauses[-1] = pauses[-1].model_copy(update={"ended_at": now})
        return self.services.sessions.update(current.replace(ended_at=now, pauses=pauses))


__all__ = ["InterviewFile", "Stats", "Workbench", "stats_of"]
