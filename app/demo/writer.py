"""One invented interview of the demo database, written through the audited services.

`InterviewWriter(services, questionnaire, rng).write(number, scenario, started)` creates the
interviewee, interview, consent, sessions, facilities, persons, incidents and transcript of
a scenario (app/demo/scenarios.py), then answers every question the questionnaire shows,
round after round, with an invented value of the question's type, and tags a few answers.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from app.demo import DEMO_INTERVIEWER, DEMO_NOTE
from app.demo.scenarios import TEXT_ANSWERS, Scenario
from app.domain import (
    ApproximateDate,
    Consent,
    ConsentMethod,
    DateValue,
    DeclinedValue,
    DurationValue,
    ElementTag,
    Facility,
    FacilityValue,
    Incident,
    Interview,
    Interviewee,
    InterviewStatus,
    Pause,
    PauseReason,
    Person,
    PersonDescriptor,
    PersonRole,
    PersonValue,
    PlaceRef,
    PlaceValue,
    Season,
    Session,
    SourceValue,
    TextValue,
    TranscriptSegment,
    TriState,
    TriStateValue,
)
from app.domain.answers import (
    AnswerValue,
    ChoiceValue,
    MultiChoiceValue,
    NumberValue,
)
from app.domain.sources import KnowledgeSource
from app.questionnaire import Questionnaire, Slot, evaluate
from app.questionnaire.model import QuestionType
from app.services import Services

STATUSES = (InterviewStatus.CLOSED, InterviewStatus.READ_BACK, InterviewStatus.IN_PROGRESS)
MAX_ROUNDS = 12
"""Rounds of answering what the questionnaire shows (each answer can open new questions)."""


class InterviewWriter:
    """Writes one invented interview through the services: its records, sessions,
    transcript and tags, then an answer to every question the questionnaire shows."""

    def __init__(self, services: Services, questionnaire: Questionnaire, rng: random.Random):
        self.services = services
        self.questionnaire = questionnaire
        self.rng = rng
        self.facilities: dict[str, UUID] = {}
        self.persons: dict[str, UUID] = {}
        self.interview_id: UUID | None = None

    def write(self, number: int, scenario: Scenario, started: datetime) -> tuple[int, int, int]:
        s = self.services
        code = f"DEMO-{number:04d}"
        interviewee = s.interviewees.create(
            Interviewee(code=code, sex=scenario.sex, year_of_birth_band=scenario.birth_decade)
        )
        # No identity: it is sealed for Geneva at capture, never kept in the clear.
        interview = s.interviews.create(
            Interview(
                interviewee_id=interviewee.id,
                code=f"{code}-A",
                interviewer=DEMO_INTERVIEWER,
                interpreter="연습 통역 Demo",
                location_kind="resettlement_centre",
                questionnaire_id=self.questionnaire.id,
                questionnaire_version=self.questionnaire.version,
                status=STATUSES[(number - 1) % len(STATUSES)],
                notes=f"{DEMO_NOTE} — {scenario.title}",
            )
        )
        self.interview_id = interview.id
        consent = s.consents.create(
            Consent(
                interview_id=interview.id,
                interviewee_id=interviewee.id,
                granted=scenario.consent,
                method=ConsentMethod.ORAL,
                given_at=started,
                recorded_by=DEMO_INTERVIEWER,
            )
        )
        if scenario.withdrawn:
            s.consents.withdraw(
                consent,
                scenario.withdrawn,
                note="연습: 재연락 동의를 철회함",
                at=started + timedelta(days=1),
            )
        sessions = self._sessions(scenario, started)
        for sketch in scenario.facilities:
            self.facilities[sketch.key] = s.facilities.create(
                Facility(
                    name=sketch.name,
                    facility_type=sketch.facility_type,
                    place=PlaceRef(text=sketch.place),
                    agency=sketch.agency,
                    notes=DEMO_NOTE,
                )
            ).id
        for person in scenario.persons:
            self.persons[person.key] = s.persons.create(
                Person(
                    role=person.role,
                    interview_id=interview.id,
                    alias=person.alias,
                    descriptor=PersonDescriptor(
                        agency=person.agency,
                        rank=person.rank,
                        position=person.position,
                        description=person.description,
                    ),
                )
            ).id
        incidents = self._incidents(scenario)
        segments, tags = self._transcripts(scenario, sessions, incidents)
        answers, answer_tags = self._answers(scenario, sessions[0].id)
        return answers, segments, tags + answer_tags

    def _sessions(self, scenario: Scenario, started: datetime) -> list[Session]:
        sessions = []
        for index, _lines in enumerate(scenario.sessions):
            start = started + timedelta(days=7 * index)
            pauses = [
                Pause(
                    started_at=start + timedelta(minutes=50),
                    ended_at=start + timedelta(minutes=60),
                    reason=PauseReason.BREAK,
                )
            ]
            if index == 0:
                pauses.append(
                    Pause(
                        started_at=start + timedelta(minutes=82),
                        ended_at=start + timedelta(minutes=89),
                        reason=PauseReason.DISTRESS,
                    )
                )
            assert self.interview_id is not None
            sessions.append(
                self.services.sessions.create(
                    Session(
                        interview_id=self.interview_id,
                        number=index + 1,
                        started_at=start,
                        ended_at=start + timedelta(minutes=115),
                        pauses=pauses,
                        present=[DEMO_INTERVIEWER, "연습 통역 Demo"],
                    )
                )
            )
        return sessions

    def _incidents(self, scenario: Scenario) -> list[Incident]:
        assert self.interview_id is not None
        return [
            self.services.incidents.create(
                Incident(
                    interview_id=self.interview_id,
                    title=sketch.title,
                    summary=sketch.summary,
                    date=ApproximateDate.season_of(sketch.year, Season(sketch.season)),
                    place=PlaceRef(text="연습군 (가상 지명)"),
                    facility_id=self.facilities[sketch.facility],
                    person_ids=[self.persons[key] for key in sketch.persons],
                    source=sketch.source,
                    exculpatory=sketch.exculpatory,
                )
            )
            for sketch in scenario.incidents
        ]

    def _transcripts(
        self, scenario: Scenario, sessions: list[Session], incidents: list[Incident]
    ) -> tuple[int, int]:
        assert self.interview_id is not None
        segments = tags = 0
        for session, lines in zip(sessions, scenario.sessions, strict=True):
            for ordinal, line in enumerate(lines):
                segment = self.services.transcripts.create(
                    TranscriptSegment(
                        interview_id=self.interview_id,
                        session_id=session.id,
                        ordinal=ordinal,
                        speaker=line.speaker,
                        text=line.text,
                        language="ko",
                        offset_seconds=float(ordinal * 75),
                    )
                )
                segments += 1
                for phrase, element in line.tags:
                    start = line.text.index(phrase)
                    self.services.tags.create(
                        ElementTag(
                            interview_id=self.interview_id,
                            element_id=element,
                            segment_id=segment.id,
                            start=start,
                            end=start + len(phrase),
                            incident_id=incidents[0].id if incidents else None,
                            note="연습용 태그",
                        )
                    )
                    tags += 1
        return segments, tags

    def _answers(self, scenario: Scenario, session_id: UUID) -> tuple[int, int]:
        """The scenario's answers, then an answer to every question shown, round after
        round, until nothing new is shown; then element tags on a few evidence answers."""
        assert self.interview_id is not None
        version = self.questionnaire.version
        saved = []
        for question_id, position, value in scenario.answers:
            saved.append(
                self.services.answers.save(
                    self.interview_id,
                    question_id,
                    value,
                    position=position,
                    session_id=session_id,
                    questionnaire_version=version,
                )
            )
        opened: dict[tuple[str, str], int] = {}
        evaluation = evaluate(self.questionnaire, saved)
        for _round in range(MAX_ROUNDS):
            # Open one instance of each repeat group shown without any (a perpetrator,
            # a place of holding…), as an interviewer would with "Add".
            empty = {
                (slot.id, slot.position): 1
                for slot in evaluation.slots
                if slot.node.is_repeat and evaluation.instances(slot.id, slot.indices) == 0
            }
            if any(key not in opened for key in empty):
                opened.update(empty)
                evaluation = evaluate(self.questionnaire, saved, opened)
            open_slots = list(evaluation.unanswered())
            if not open_slots:
                break
            for slot in open_slots:
                saved.append(
                    self.services.answers.save(
                        self.interview_id,
                        slot.id,
                        self._value(slot),
                        position=slot.position,
                        session_id=session_id,
                        questionnaire_version=version,
                    )
                )
            evaluation = evaluate(self.questionnaire, saved, opened)
        tags = 0
        for slot, answer in evaluation.evidence[:6]:
            elements = slot.node.question.elements
            if elements:
                self.services.tags.create(
                    ElementTag(
                        interview_id=self.interview_id,
                        element_id=elements[0],
                        answer_id=answer.id,
                        note="연습용 태그",
                    )
                )
                tags += 1
        return len(evaluation.book.answers), tags

    # -- one invented value per question type ----------------------------------------------

    def _value(self, slot: Slot) -> AnswerValue:
        question = slot.node.question
        rng = self.rng
        kind = question.type
        if not question.required and rng.random() < 0.04:
            return DeclinedValue()
        if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            return TextValue(text=rng.choice(TEXT_ANSWERS))
        if kind is QuestionType.YES_NO:
            weights = (0.6, 0.3, 0.1)
            return TriStateValue(
                value=rng.choices((TriState.YES, TriState.NO, TriState.UNKNOWN), weights)[0]
            )
        if kind is QuestionType.SINGLE_CHOICE:
            return ChoiceValue(choice=rng.choice([c.id for c in question.choices or []]))
        if kind is QuestionType.MULTI_CHOICE:
            ids = [c.id for c in question.choices or [] if c.id not in ("none", "other")]
            return MultiChoiceValue(choices=rng.sample(ids, k=min(len(ids), rng.randint(1, 2))))
        if kind is QuestionType.NUMBER:
            low = int(question.min) if question.min is not None else 1
            high = int(question.max) if question.max is not None else max(low, 30)
            return NumberValue(value=Decimal(rng.randint(low, min(high, low + 30))))
        if kind is QuestionType.DURATION:
            return DurationValue(minutes=rng.choice((30, 90, 60 * 24 * 90)), approximate=True)
        if kind is QuestionType.DATE:
            year = rng.randint(2005, 2019)
            return DateValue(date=ApproximateDate.season_of(year, rng.choice(list(Season))))
        if kind is QuestionType.PLACE:
            return PlaceValue(place=PlaceRef(text="연습군 (가상 지명)"))
        if kind is QuestionType.FACILITY:
            return FacilityValue(facility_id=next(iter(self.facilities.values())))
        if kind is QuestionType.PERSON:
            return PersonValue(person_id=self._person(question.role or PersonRole.OTHER))
        if kind is QuestionType.SOURCE:
            source = rng.choice((KnowledgeSource.SAW, KnowledgeSource.EXPERIENCED))
            return SourceValue(source=source)
        raise AssertionError(f"no demo value for {kind}")  # pragma: no cover

    def _person(self, role: PersonRole) -> UUID:
        key = f"auto-{role.value}-{len(self.persons)}"
        assert self.interview_id is not None
        person = self.services.persons.create(
            Person(
                role=role,
                interview_id=self.interview_id,
                alias=f"가상 인물 {len(self.persons) + 1} (연습용)",
                descriptor=PersonDescriptor(description="연습용 가상 인물"),
            )
        )
        self.persons[key] = person.id
        return person.id
