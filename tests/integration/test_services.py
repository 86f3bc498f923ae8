"""The services: every change stored, versioned and audited in one transaction."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain import ConsentScope, Interview, TextValue, TriState, TriStateValue
from app.errors import Conflict, NotFound
from app.store import audit
from app.store.check import run_check
from tests.support import KOREAN_SENTENCES, record_interview


def test_whole_interview_round_trips(services: Any) -> None:
    made = record_interview(services)
    interview = services.interviews.get(made["interview"].id)
    assert interview == made["interview"]
    stored = [a.value.text for a in services.answers.for_interview(interview.id)]
    assert set(KOREAN_SENTENCES) <= set(stored)
    segments = services.transcripts.for_session(made["session"].id)
    assert [s.ordinal for s in segments] == sorted(s.ordinal for s in segments)
    # Not enrolled: identity is refused, never stored in the clear (tests/integration/
    # test_sync_identity.py covers sealing).
    assert services.identities.for_interviewee(made["interviewee"].id) is None
    assert run_check(services.context.database).ok


def test_answer_save_replaces_and_raises_the_version(services: Any) -> None:
    made = record_interview(services, with_text=False)
    interview_id = made["interview"].id
    first = services.answers.save(interview_id, "q.detained", TriStateValue(value=TriState.YES))
    second = services.answers.save(interview_id, "q.detained", TriStateValue(value=TriState.NO))
    assert second.id == first.id and second.version == 2
    (only,) = [
        a for a in services.answers.for_interview(interview_id) if a.question_id == "q.detained"
    ]
    assert only.value == TriStateValue(value=TriState.NO)


def test_answers_in_repeat_instances_are_separate(services: Any) -> None:
    interview_id = record_interview(services, with_text=False)["interview"].id
    services.answers.save(
        interview_id, "q.facility.name", TextValue(text="전거리교화소"), position="facility#0"
    )
    services.answers.save(
        interview_id, "q.facility.name", TextValue(text="오로노동단련대"), position="facility#1"
    )
    names = {a.position: a.value.text for a in services.answers.for_interview(interview_id)}
    assert names == {"facility#0": "전거리교화소", "facility#1": "오로노동단련대"}


def test_stale_update_is_a_conflict_and_writes_nothing(services: Any) -> None:
    interview = record_interview(services, with_text=False)["interview"]
    services.interviews.update(interview.model_copy(update={"notes": "first"}))
    entries_before = audit.head(
        services.context.database.connection, services.context.database.database_id
    )[0]
    with pytest.raises(Conflict):
        services.interviews.update(interview.model_copy(update={"notes": "stale"}))
    assert services.interviews.get(interview.id).notes == "first"
    assert (
        audit.head(services.context.database.connection, services.context.database.database_id)[0]
        == entries_before
    )


def test_invalid_change_is_refused_before_writing(services: Any) -> None:
    interview = record_interview(services, with_text=False)["interview"]
    with pytest.raises(ValueError):
        services.interviews.update(interview.model_copy(update={"interviewer": "  "}))
    assert services.interviews.get(interview.id).version == 1


def test_delete_is_audited_and_get_then_fails(services: Any) -> None:
    made = record_interview(services, with_text=False)
    attachment = made["attachment"]
    services.attachments.delete(attachment)
    with pytest.raises(NotFound):
        services.attachments.get(attachment.id)
    connection = services.context.database.connection
    last = connection.execute(
        "SELECT action, entity_type, entity_id, content_hash FROM audit_log "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert last == ("delete", "attachment", str(attachment.id), audit.NO_CONTENT)


def test_every_change_has_one_audit_entry_with_its_content_hash(services: Any) -> None:
    made = record_interview(services)
    connection = services.context.database.connection
    rows = connection.execute(
        "SELECT entity_type, entity_id, action, content_hash, actor FROM audit_log"
    ).fetchall()
    interview = made["interview"]
    assert (
        "interview",
        str(interview.id),
        "create",
        audit.content_hash(interview.content_json()),
        "interviewer:test",
    ) in rows
    # 1 interviewee, interview, consent, session, 5 answers, 5 segments,
    # facility, person, incident, tag, attachment (no identity before enrolment).
    assert len(rows) == 19


def test_consent_withdrawal_is_kept_and_enforced(services: Any) -> None:
    consent = record_interview(services, with_text=False)["consent"]
    assert consent.allows(ConsentScope.TRANSFER_GENEVA)
    withdrawn = services.consents.withdraw(
        consent, frozenset({ConsentScope.TRANSFER_GENEVA}), note="가족이 걱정됨"
    )
    stored = services.consents.get(consent.id)
    assert stored == withdrawn and stored.version == 2
    assert not stored.allows(ConsentScope.TRANSFER_GENEVA)
    assert stored.allows(ConsentScope.RECORDING)
    assert stored.granted == consent.granted


def test_wrong_record_type_for_a_service_is_refused(services: Any) -> None:
    interview = record_interview(services, with_text=False)["interview"]
    with pytest.raises(TypeError):
        services.sessions.create(interview)
    assert isinstance(services.interviews.get(interview.id), Interview)
