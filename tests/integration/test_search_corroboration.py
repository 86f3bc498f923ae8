"""Candidate corroborations across witnesses, contradictions within one witness, and the
analyst's decision recorded in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain import (
    ApproximateDate,
    ElementTag,
    Facility,
    FacilityType,
    Incident,
    Person,
    PersonDescriptor,
    PersonRole,
    PlaceRef,
)
from app.search.corroboration import ContradictionKind, Reason, candidates, contradictions
from app.search.decisions import CorroborationDecisions, Status, Verdict
from app.search.errors import CandidateNotFound
from app.store import audit
from app.store.check import run_check
from tests.support import consented_interview


def _interview(services: Any, witness: Any = None) -> Any:
    return consented_interview(services, witness)


def _incident(services: Any, interview: Any, title: str, **fields: Any) -> Any:
    return services.incidents.create(Incident(interview_id=interview.id, title=title, **fields))


def _perpetrator(services: Any, interview: Any, name: str, agency: str) -> Any:
    return services.persons.create(
        Person(
            role=PersonRole.PERPETRATOR,
            interview_id=interview.id,
            name=name,
            descriptor=PersonDescriptor(agency=agency, unit="회령시 보위부 예심과"),
        )
    )


@pytest.fixture
def told(services: Any) -> dict[str, Any]:
    first = _interview(services)
    second = _interview(services)
    third = _interview(services)
    again = _interview(services, services.interviewees.get(first.interviewee_id))
    camp = dict(name="전거리 교화소", facility_type=FacilityType.KYOHWASO)
    facility_one = services.facilities.create(
        Facility(**camp, reference_id="fac.kyohwaso-12-jongo-ri", place=PlaceRef(text="회령"))
    )
    facility_two = services.facilities.create(
        Facility(
            name="Chongori kyohwaso",
            facility_type=FacilityType.KYOHWASO,
            reference_id="fac.kyohwaso-12-jongo-ri",
        )
    )
    other = services.facilities.create(
        Facility(name="온성 집결소", facility_type=FacilityType.JIPKYULSO)
    )
    a = _incident(
        services,
        first,
        "교화소 강제노동",
        date=ApproximateDate.season_of(2014, "spring"),
        place=PlaceRef(text="회령"),
        facility_id=facility_one.id,
        person_ids=[_perpetrator(services, first, "리영호", "보위부").id],
    )
    b = _incident(
        services,
        second,
        "Forced labour at the camp",
        date=ApproximateDate.month_of(2014, 5),
        place=PlaceRef(text="Hoeryong"),
        facility_id=facility_two.id,
        person_ids=[_perpetrator(services, second, "리 영호", "bowibu").id],
    )
    c = _incident(
        services,
        third,
        "집결소 구타",
        date=ApproximateDate.year_of(2014),
        place=PlaceRef(text="온성"),
        facility_id=other.id,
    )
    d = _incident(
        services,
        again,
        "교화소 강제노동",
        date=ApproximateDate.year_of(2019),
        facility_id=facility_one.id,
    )
    e = _incident(
        services,
        again,
        "구류장 고문",
        date=ApproximateDate.month_of(2014, 4),
        place=PlaceRef(text="Musan"),
    )
    for incident, element in ((a, "CAH.7.1.f.1"), (e, "CAH.7.1.f.2")):
        services.tags.create(
            ElementTag(
                interview_id=incident.interview_id,
                element_id=element,
                answer_id=services.answers.save(incident.interview_id, "q.x", _text("…")).id,
                incident_id=incident.id,
            )
        )
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "first": first}


def _text(text: str) -> Any:
    from app.domain import TextValue

    return TextValue(text=text)


def _groups(services: Any, told: dict[str, Any]) -> dict[Reason, set[frozenset[str]]]:
    names = {str(v.id): k for k, v in told.items() if k in "abcde"}
    found: dict[Reason, set[frozenset[str]]] = {}
    with services.context.database.reading() as connection:
        for candidate in candidates(connection):
            found.setdefault(candidate.reason, set()).add(
                frozenset(names[i] for i in candidate.incident_ids)
            )
    return found


def test_candidates_grouped_with_their_reason(services: Any, told: dict[str, Any]) -> None:
    assert _groups(services, told) == {
        # one reference facility under two names; d is the first witness again
        Reason.FACILITY: {frozenset("abd")},
        # 리영호 = 리 영호; 보위부 = bowibu, same unit
        Reason.PERSON: {frozenset("ab")},
        Reason.UNIT: {frozenset("ab")},
        # 회령 = Hoeryong, spring 2014 overlaps May 2014 (c is elsewhere; d is 2019)
        Reason.DATE_AND_PLACE: {frozenset("ab")},
    }


def test_contradictions_of_one_witness(services: Any, told: dict[str, Any]) -> None:
    with services.context.database.reading() as connection:
        found = contradictions(connection)
    pairs = {
        (c.kind, frozenset((c.first.title, c.second.title, str(c.first.earliest)))) for c in found
    }
    assert {(c.kind, frozenset((str(c.first.id), str(c.second.id)))) for c in found} == {
        # the same forced labour at the same camp, told as 2014 and as 2019
        (ContradictionKind.DATES, frozenset((str(told["a"].id), str(told["d"].id)))),
        # torture (7(1)(f)) in April–May 2014, in Hoeryong and in Musan
        (ContradictionKind.PLACES, frozenset((str(told["a"].id), str(told["e"].id)))),
    }
    assert pairs and all(c.witness == str(told["first"].interviewee_id) for c in found)


def test_decision_is_stored_and_audited(services: Any, told: dict[str, Any]) -> None:
    decisions = CorroborationDecisions(services.context)
    reviewed = {r.candidate.reason: r for r in decisions.review()}
    facility = reviewed[Reason.FACILITY]
    assert facility.status is Status.OPEN
    decided = decisions.decide(facility.candidate.key, Verdict.CONFIRMED, note="같은 교화소")
    assert {r.candidate.key: r.status for r in decisions.review()}[
        facility.candidate.key
    ] is Status.CONFIRMED
    database = services.context.database
    with database.reading() as connection:
        last = connection.execute(
            "SELECT action, entity_type, entity_id, content_hash FROM audit_log "
            "ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        body = connection.execute("SELECT body FROM corroboration_decisions").fetchone()[0]
        assert audit.verify(connection, database.database_id).intact
    assert last == ("create", "corroboration_decision", str(decided.id), audit.content_hash(body))
    # rejecting later updates the same decision, audited again
    again = decisions.decide(facility.candidate.key, Verdict.REJECTED)
    assert again.id == decided.id and again.version == 2
    # a new account at the same camp reopens it
    _incident(services, _interview(services), "교화소", facility_id=told["a"].facility_id)
    assert {r.candidate.key: r.status for r in decisions.review()}[
        facility.candidate.key
    ] is Status.REOPENED
    with pytest.raises(CandidateNotFound) as missing:
        decisions.decide("facility:ref:nowhere", Verdict.CONFIRMED)
    assert missing.value.exit_code == 43
    # `sillok check` compares decisions with their audit trail like any record
    assert run_check(database).ok
    with database.transaction() as connection:
        connection.execute(
            "UPDATE corroboration_decisions SET body = replace(body, 'rejected', 'confirmed')"
        )
    report = run_check(database)
    assert any(
        f"corroboration_decision {decided.id} differs from its audit trail" in f.detail
        for f in report.findings
    ), report.findings
