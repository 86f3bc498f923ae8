"""A synthetic interview, made through the real services, for sample pages, benchmarks
and tests. Every person, name and event in it is invented; it follows the typical account
of the reports (forced return, State Security interrogation, holding, a labour camp).

`create_sample_interview(services)` writes one whole interview; with `transcript_chars`
and `answer_count` it grows to a given size (the benchmark's two-hour interview). What
is said and answered is in `app.reports.synthetic_account`.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.domain import (
    ApproximateDate,
    Calendar,
    Consent,
    ConsentMethod,
    ConsentScope,
    ElementTag,
    Facility,
    FacilityType,
    Incident,
    Interview,
    Interviewee,
    KnowledgeSource,
    Pause,
    PauseReason,
    Person,
    PersonDescriptor,
    PersonRole,
    PlaceRef,
    Season,
    Session,
    Speaker,
    TranscriptSegment,
)
from app.domain.answers import (
    AnswerValue,
    ChoiceValue,
    DateValue,
    DurationValue,
    FacilityValue,
    MultiChoiceValue,
    NumberValue,
    PersonValue,
    PlaceValue,
    SourceValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.questionnaire import legacy_questionnaire
from app.questionnaire.model import QuestionType
from app.reports.synthetic_account import ACCOUNT, FILLER, account_answers
from app.services import Services

START = datetime(2026, 3, 5, 0, 30, tzinfo=UTC)  # 09:30 in Seoul


def create_sample_interview(
    services: Services,
    *,
    transcript_chars: int | None = None,
    answer_count: int | None = None,
    code: str = "SLK-DEMO-2026",
) -> Interview:
    """One whole synthetic interview; grown to `transcript_chars` characters of transcript
    and `answer_count` answers when given."""
    interviewee = services.interviewees.create(
        Interviewee(code="W-" + code, sex="female", year_of_birth_band="1970s")
    )
    # Identity data is sealed for Geneva at capture (app/store/identity.py); a device
    # keeps none in the clear, so synthetic data has none.
    questionnaire = legacy_questionnaire()
    interview = services.interviews.create(
        Interview(
            interviewee_id=interviewee.id,
            code=code,
            interviewer="Legal officer J. Park",
            interpreter="이수진",
            location_kind="resettlement_centre",
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
        )
    )
    services.consents.create(
        Consent(
            interview_id=interview.id,
            interviewee_id=interviewee.id,
            method=ConsentMethod.ORAL,
            granted=frozenset(
                {
                    ConsentScope.RECORDING,
                    ConsentScope.TRANSFER_GENEVA,
                    ConsentScope.SHARE_ACCOUNTABILITY,
                    ConsentScope.RECONTACT,
                }
            ),
            given_at=START,
            recorded_by="Legal officer J. Park",
        )
    )
    minute = timedelta(minutes=1)
    first = services.sessions.create(
        Session(
            interview_id=interview.id,
            number=1,
            started_at=START,
            ended_at=START + 118 * minute,
            pauses=[
                Pause(
                    started_at=START + 50 * minute,
                    ended_at=START + 60 * minute,
                    reason=PauseReason.BREAK,
                ),
                Pause(
                    started_at=START + 84 * minute,
                    ended_at=START + 91 * minute,
                    reason=PauseReason.DISTRESS,
                ),
            ],
            present=["Legal officer J. Park", "이수진 (통역)", "상담사 (support person)"],
        )
    )
    later = START + timedelta(days=1)
    second = services.sessions.create(
        Session(
            interview_id=interview.id,
            number=2,
            started_at=later,
            ended_at=later + 42 * minute,
            present=["Legal officer J. Park", "이수진 (통역)"],
        )
    )
    holding = services.facilities.create(
        Facility(
            name="회령 보위부 구류장",
            facility_type=FacilityType.KURYUJANG,
            place=PlaceRef(reference_id="kp.hamgyong-north.hoeryong"),
            agency="ag.mss",
        )
    )
    camp = services.facilities.create(
        Facility(
            name="전거리 교화소",
            facility_type=FacilityType.KYOHWASO,
            place=PlaceRef(text="함경북도 회령시 전거리"),
        )
    )
    interrogator = services.persons.create(
        Person(
            role=PersonRole.PERPETRATOR,
            interview_id=interview.id,
            alias="소좌 동지",
            descriptor=PersonDescriptor(
                agency="ag.mss", rank="소좌", position="예심원", description="키가 크고 마른 남자"
            ),
        )
    )
    victim = services.persons.create(
        Person(
            role=PersonRole.VICTIM,
            interview_id=interview.id,
            descriptor=PersonDescriptor(description="같은 감방의 나이 든 여자", sex="female"),
        )
    )
    segments = _segments(transcript_chars)
    half = (len(segments) + 1) // 2
    stored = []
    for index, (speaker, text) in enumerate(segments):
        session = first if index < half or len(segments) < 4 else second
        stored.append(
            services.transcripts.create(
                TranscriptSegment(
                    interview_id=interview.id,
                    session_id=session.id,
                    ordinal=index if session is first else index - half,
                    speaker=speaker,
                    text=text,
                    language="en" if speaker is Speaker.INTERPRETER else "ko",
                )
            )
        )
    ids = {"holding": holding.id, "interrogator": interrogator.id}
    answers = account_answers(ids)
    if answer_count is not None:
        answers = _grow(answers, answer_count, ids)
    for question_id, value, position in answers:
        services.answers.save(
            interview.id,
            question_id,
            value,
            position=position,
            session_id=first.id,
            questionnaire_version=questionnaire.version,
        )
    beating = services.incidents.create(
        Incident(
            interview_id=interview.id,
            title="보위부 구류장에서의 구타와 강제 자세",
            date=ApproximateDate.season_of(103, Season.SPRING, Calendar.JUCHE),
            facility_id=holding.id,
            person_ids=[interrogator.id],
            source=KnowledgeSource.EXPERIENCED,
            summary="매일 밤 조사 때 각목으로 맞았고, 낮에는 무릎을 꿇고 앉아 있어야 했습니다.",
        )
    )
    services.incidents.create(
        Incident(
            interview_id=interview.id,
            title="구류장에서 치료를 받지 못한 수감자의 죽음",
            date=ApproximateDate.exact(2014, 8, 15, Calendar.LUNAR, note="추석 무렵"),
            facility_id=holding.id,
            person_ids=[victim.id],
            source=KnowledgeSource.SAW,
        )
    )
    services.incidents.create(
        Incident(
            interview_id=interview.id,
            title="계호원이 몰래 음식을 준 일",
            date=ApproximateDate.after(ApproximateDate.month_of(2014, 5)),
            facility_id=holding.id,
            source=KnowledgeSource.EXPERIENCED,
            exculpatory=True,
        )
    )
    services.incidents.create(
        Incident(
            interview_id=interview.id,
            title="교화소 강제 노동",
            facility_id=camp.id,
            date=ApproximateDate.between(
                ApproximateDate.year_of(2014), ApproximateDate.year_of(2016)
            ),
            source=KnowledgeSource.EXPERIENCED,
        )
    )
    beaten = stored[5]
    services.tags.create(
        ElementTag(
            interview_id=interview.id,
            element_id="CAH.7.1.f.1",
            segment_id=beaten.id,
            start=0,
            end=len(beaten.text),
            incident_id=beating.id,
        )
    )
    return interview


def _segments(transcript_chars: int | None) -> list[tuple[Speaker, str]]:
    segments = list(ACCOUNT)
    if transcript_chars is None:
        return segments
    chooser = random.Random(7)  # noqa: S311 - invented filler text, not a secret
    total = sum(len(text) for _, text in segments)
    while total < transcript_chars:
        count = chooser.randint(2, 6)
        text = ". ".join(chooser.choice(FILLER) for _ in range(count)) + "."
        segments.append(
            (Speaker.INTERVIEWEE if chooser.random() < 0.8 else Speaker.INTERVIEWER, text)
        )
        total += len(text)
    return segments


def _grow(
    answers: list[tuple[str, AnswerValue, str]], count: int, ids: dict[str, Any]
) -> list[tuple[str, AnswerValue, str]]:
    """More answers, one per further question (each in its first repeat instance), until
    there are `count`."""
    grown = list(answers)
    taken = {(question, position) for question, _, position in grown}
    questionnaire = legacy_questionnaire()
    for node in questionnaire.structure.questions():
        if len(grown) >= count:
            break
        position = "/".join(f"{group}#0" for group in node.scope)
        if (node.id, position) in taken:
            continue
        grown.append(
            (node.id, _value_for(node.question.type, node.question.choices, ids), position)
        )
        taken.add((node.id, position))
    return grown


def _value_for(kind: QuestionType, choices: Any, ids: dict[str, Any]) -> AnswerValue:
    text = "그때 일을 기억나는 대로 말씀드리면, 보위부 사람들이 시키는 대로 했습니다."
    values: dict[QuestionType, AnswerValue] = {
        QuestionType.SHORT_TEXT: TextValue(text="모릅니다"),
        QuestionType.LONG_TEXT: TextValue(text=text),
        QuestionType.YES_NO: TriStateValue(value=TriState.UNKNOWN),
        QuestionType.NUMBER: NumberValue(value=Decimal(3)),
        QuestionType.DURATION: DurationValue(minutes=30, approximate=True),
        QuestionType.DATE: DateValue(date=ApproximateDate.year_of(2014)),
        QuestionType.PLACE: PlaceValue(place=PlaceRef(text="온성")),
        QuestionType.FACILITY: FacilityValue(facility_id=ids["holding"]),
        QuestionType.PERSON: PersonValue(person_id=ids["interrogator"]),
        QuestionType.SOURCE: SourceValue(source=KnowledgeSource.HEARD, heard_from="감방 동료"),
    }
    if kind is QuestionType.SINGLE_CHOICE:
        return ChoiceValue(choice=choices[0].id)
    if kind is QuestionType.MULTI_CHOICE:
        return MultiChoiceValue(choices=[choices[0].id])
    return values[kind]
