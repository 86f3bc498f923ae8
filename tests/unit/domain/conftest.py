"""One filled-in record of every kind, with Korean text, for the domain tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from app.domain import (
    Answer,
    ApproximateDate,
    AttachmentKind,
    AttachmentMeta,
    Calendar,
    Consent,
    ConsentMethod,
    ConsentScope,
    DurationValue,
    ElementTag,
    Facility,
    FacilityType,
    IdentityRecord,
    Incident,
    Interview,
    Interviewee,
    InterviewStatus,
    KnowledgeSource,
    Pause,
    PauseReason,
    Person,
    PersonDescriptor,
    PersonRole,
    PlaceRef,
    Record,
    Relative,
    Season,
    Session,
    Speaker,
    TranscriptSegment,
)

T0 = datetime(2024, 3, 5, 1, 0, tzinfo=UTC)
INTERVIEWEE_ID = UUID("00000000-0000-4000-8000-000000000001")
INTERVIEW_ID = UUID("00000000-0000-4000-8000-000000000002")
SESSION_ID = UUID("00000000-0000-4000-8000-000000000003")
PERSON_ID = UUID("00000000-0000-4000-8000-000000000004")
FACILITY_ID = UUID("00000000-0000-4000-8000-000000000005")
SEGMENT_ID = UUID("00000000-0000-4000-8000-000000000006")

TESTIMONY = "보위부 지도원이 저를 집결소로 넘겼습니다.\n그해 겨울은 매우 추웠어요."


def build_records() -> dict[str, Record]:
    """One record of each kind, keyed by kind, with every optional part filled in."""
    hoeryong = PlaceRef(reference_id="KP-NH-HOERYONG", text="함경북도 회령시")
    records: list[Record] = [
        Interviewee(id=INTERVIEWEE_ID, code="SLK-7K3Q-9XPM", sex="F", year_of_birth_band="1970s"),
        IdentityRecord(
            interviewee_id=INTERVIEWEE_ID,
            real_name="김영희",
            other_names=["Kim Yong-hui", "金英姬"],
            birth_date=ApproximateDate.year_of(63, Calendar.JUCHE),
            hometown="양강도 혜산시",
            relatives=[
                Relative(name="김철수", relation="남동생", whereabouts="관리소 (추정)"),
                Relative(relation="어머니", note="2010년 이후 소식 없음"),
            ],
        ),
        Interview(
            id=INTERVIEW_ID,
            interviewee_id=INTERVIEWEE_ID,
            code="SLK-ABCD-EFGH",
            interviewer="박 조사관",
            interpreter="이 통역사",
            location_kind="resettlement_centre",
            questionnaire_id="detention",
            questionnaire_version="1.2.0",
            status=InterviewStatus.IN_PROGRESS,
            notes="증인은 휴식을 두 번 요청함",
        ),
        Consent(
            interview_id=INTERVIEW_ID,
            interviewee_id=INTERVIEWEE_ID,
            granted=frozenset(
                {ConsentScope.RECORDING, ConsentScope.TRANSFER_GENEVA, ConsentScope.RECONTACT}
            ),
            method=ConsentMethod.RECORDED_ORAL,
            given_at=T0,
            recorded_by="박 조사관",
        ).withdraw([ConsentScope.RECONTACT], T0 + timedelta(days=30), "전화로 철회"),
        Session(
            id=SESSION_ID,
            interview_id=INTERVIEW_ID,
            number=1,
            started_at=T0,
            ended_at=T0 + timedelta(hours=2),
            pauses=[
                Pause(
                    started_at=T0 + timedelta(minutes=40),
                    ended_at=T0 + timedelta(minutes=50),
                    reason=PauseReason.DISTRESS,
                )
            ],
            present=["박 조사관", "이 통역사"],
        ),
        Answer(
            interview_id=INTERVIEW_ID,
            session_id=SESSION_ID,
            question_id="detention.duration",
            position="incident#2/perpetrator#0",
            value=DurationValue(minutes=None, approximate=True, text="석 달 정도"),
            questionnaire_version="1.2.0",
            note="확실하지 않다고 함",
        ),
        TranscriptSegment(
            id=SEGMENT_ID,
            interview_id=INTERVIEW_ID,
            session_id=SESSION_ID,
            ordinal=7,
            speaker=Speaker.INTERVIEWEE,
            text=TESTIMONY,
            language="ko",
            offset_seconds=1234.5,
        ),
        Incident(
            interview_id=INTERVIEW_ID,
            title="온성 집결소 구금",
            summary=TESTIMONY,
            date=ApproximateDate.season_of(2014, Season.WINTER, note="홍수 난 해"),
            place=hoeryong,
            facility_id=FACILITY_ID,
            person_ids=[PERSON_ID],
            source=KnowledgeSource.EXPERIENCED,
            exculpatory=True,
        ),
        Person(
            id=PERSON_ID,
            role=PersonRole.PERPETRATOR,
            interview_id=INTERVIEW_ID,
            name="최",
            alias="곰보",
            descriptor=PersonDescriptor(
                agency="국가보위성",
                unit="회령시 보위부",
                rank="상위",
                position="예심 지도원",
                description="얼굴에 흉터",
                sex="M",
                age_estimate="40대",
            ),
        ),
        Facility(
            id=FACILITY_ID,
            name="온성 집결소",
            facility_type=FacilityType.JIPKYULSO,
            place=PlaceRef(text="함경북도 온성군"),
            agency="사회안전성",
            reference_id="FAC-0042",
            notes="두만강 근처",
        ),
        ElementTag(
            interview_id=INTERVIEW_ID,
            element_id="CAH.7.1.e.1",
            segment_id=SEGMENT_ID,
            start=0,
            end=9,
            person_id=PERSON_ID,
            note="구금 주체",
        ),
        AttachmentMeta(
            interview_id=INTERVIEW_ID,
            filename="약도 회령.png",
            media_type="image/png",
            size=20480,
            sha256="a" * 64,
            description="증인이 그린 집결소 약도",
            attachment_kind=AttachmentKind.SKETCH_MAP,
        ),
    ]
    return {record.kind: record for record in records}


@pytest.fixture
def records() -> dict[str, Record]:
    return build_records()
