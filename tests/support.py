"""Constants and helpers the tests share."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.crypto.kdf import KdfParams

PASSPHRASE = "봄날 압록강 건너 correct horse battery"
"""A strong passphrase with Hangul in it, as interviewers may choose."""

FAST_KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)
"""The smallest parameters the key file accepts (64 MiB): real Argon2id, quick tests."""


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory` with the SHA-256 of its bytes."""
    import hashlib

    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


KOREAN_SENTENCES = (
    "2014년 봄에 회령 보위부 구류장에서 석 달 동안 조사를 받았습니다",
    "예심 기간에 매일 밤 무릎을 꿇고 앉아 있어야 했습니다",
    "교화소에서 옥수수 죽만 먹고 벌목 작업을 했습니다",
)
ENGLISH_SENTENCES = (
    "The interrogator from the State Security department beat me every night",
    "My brother disappeared after he was taken to a political prison camp",
)
SKETCH_MAP = b"\x89PNG\r\n\x1a\n" + b"sketch map of the holding centre " * 32
"""The attachment `record_interview` adds (not sensitive: it is scanned for nowhere)."""
IDENTITY_SENTENCES = ("김순희", "함경북도 온성군 남양노동자구 17반")


def record_interview(services: Any, *, with_text: bool = True) -> dict[str, Any]:
    """A whole interview through the services: one record of every kind, the given
    Korean and English sentences in the testimony, the identity data apart."""
    from app.domain import (
        ApproximateDate,
        Consent,
        ConsentMethod,
        ConsentScope,
        ElementTag,
        Facility,
        FacilityType,
        Incident,
        Interview,
        Interviewee,
        Person,
        PersonDescriptor,
        PersonRole,
        PlaceRef,
        Relative,
        Session,
        Speaker,
        TextValue,
        TranscriptSegment,
        new_pseudonymous_code,
    )
    from app.domain.people import IdentityData
    from app.sync.enrolment import current_bundle

    now = datetime.now(UTC)
    interviewee = services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
    with services.context.database.reading() as connection:
        enrolled = current_bundle(connection) is not None
    if enrolled:  # identity is sealed to Geneva at capture, refused before enrolment
        services.identities.seal(
            interviewee.id,
            IdentityData(
                real_name=IDENTITY_SENTENCES[0],
                hometown=IDENTITY_SENTENCES[1],
                relatives=[Relative(name="김철수", relation="brother", whereabouts="kwanliso")],
            ),
        )
    interview = services.interviews.create(
        Interview(
            interviewee_id=interviewee.id,
            code=new_pseudonymous_code(),
            interviewer="officer-1",
            interpreter="interpreter-1",
            location_kind="resettlement_centre",
        )
    )
    consent = services.consents.create(
        Consent(
            interview_id=interview.id,
            interviewee_id=interviewee.id,
            granted=frozenset({ConsentScope.RECORDING, ConsentScope.TRANSFER_GENEVA}),
            method=ConsentMethod.ORAL,
            given_at=now,
            recorded_by="officer-1",
        )
    )
    session = services.sessions.create(Session(interview_id=interview.id, number=1, started_at=now))
    texts = (*KOREAN_SENTENCES, *ENGLISH_SENTENCES) if with_text else ()
    answers = [
        services.answers.save(
            interview.id, f"q.narrative.{i}", TextValue(text=text), session_id=session.id
        )
        for i, text in enumerate(texts)
    ]
    segments = [
        services.transcripts.create(
            TranscriptSegment(
                interview_id=interview.id,
                session_id=session.id,
                ordinal=i,
                speaker=Speaker.INTERVIEWEE,
                text=text,
            )
        )
        for i, text in enumerate(texts)
    ]
    facility = services.facilities.create(
        Facility(
            name="회령 보위부 구류장",
            facility_type=FacilityType.KURYUJANG,
            place=PlaceRef(text="Hoeryong"),
        )
    )
    person = services.persons.create(
        Person(
            role=PersonRole.PERPETRATOR,
            interview_id=interview.id,
            descriptor=PersonDescriptor(agency="보위부", rank="소좌", description="키 큰 예심원"),
        )
    )
    incident = services.incidents.create(
        Incident(
            interview_id=interview.id,
            title="구류장 조사",
            date=ApproximateDate.season_of(2014, "spring"),
            facility_id=facility.id,
            person_ids=[person.id],
        )
    )
    tag = None
    if answers:
        tag = services.tags.create(
            ElementTag(
                interview_id=interview.id,
                element_id="CAH.7.1.f.1",
                answer_id=answers[0].id,
                incident_id=incident.id,
            )
        )
    # A real attachment: its file encrypted into `<database>.attachments/` (check verifies it).
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "sketch-map.png"
        source.write_bytes(SKETCH_MAP)
        attachment = services.attachments.add(interview.id, source, "sketch_map")
    return {
        "interviewee": interviewee,
        "interview": interview,
        "consent": consent,
        "session": session,
        "answers": answers,
        "segments": segments,
        "facility": facility,
        "person": person,
        "incident": incident,
        "tag": tag,
        "attachment": attachment,
    }


def consented_interview(services: Any, witness: Any = None, **fields: Any) -> Any:
    """A new interview (of `witness`, or of a new one) whose witness consented to every
    scope: what the services require before any testimony is written for it."""
    from app.domain import (
        Consent,
        ConsentMethod,
        ConsentScope,
        Interview,
        Interviewee,
        new_pseudonymous_code,
    )

    witness = witness or services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
    interview = services.interviews.create(
        Interview(
            interviewee_id=witness.id,
            code=new_pseudonymous_code(),
            interviewer=fields.pop("interviewer", "officer-1"),
            location_kind=fields.pop("location_kind", "resettlement_centre"),
            **fields,
        )
    )
    services.consents.create(
        Consent(
            interview_id=interview.id,
            interviewee_id=witness.id,
            granted=frozenset(ConsentScope),
            method=ConsentMethod.ORAL,
            given_at=datetime.now(UTC),
            recorded_by="officer-1",
        )
    )
    return interview
