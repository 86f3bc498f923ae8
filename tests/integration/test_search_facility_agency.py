"""A facility is found by its agency, under every name of the agency (desk trial of
2026-12-06, m11: a facility whose agency is 국가보위성 was found by neither 보위부 nor
국가보위성, the agency was not indexed), on a real SQLCipher file; and an index built
before is brought up to date at the first search after the update, by indexing again its
facilities only (the re-tag path), not every record."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain import Facility, FacilityType, Incident, TextValue
from app.search import documents, index, search
from app.search.names import default_finder
from app.services import Services
from tests.support import consented_interview


def _facility(services: Services, name: str, agency: str) -> Facility:
    return services.facilities.create(
        Facility(name=name, facility_type=FacilityType.KURYUJANG, agency=agency)
    )


@pytest.mark.parametrize("query", ["보위부", "국가보위성", "bowibu", "MSS"])
def test_a_facility_is_found_by_each_name_of_its_agency(services: Services, query: str) -> None:
    written = _facility(services, "온성 구류장", "국가보위성")
    by_id = _facility(services, "회령 집결소", "ag.mss")  # the agency as its reference id
    results = search(services.context.database, query, limit=50, passages=0)
    found = {hit.record_id for hit in results.hits if hit.kind == "facility"}
    assert found == {str(written.id), str(by_id.id)}


def test_an_index_built_before_indexes_its_facilities_again_at_the_first_search(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    facility = _facility(services, "온성 구류장", "국가보위성")
    interview = consented_interview(services)
    services.incidents.create(Incident(interview_id=interview.id, title="구류장 구타"))
    services.answers.save(interview.id, "q.narrative", TextValue(text="구류장에서 맞았다"))
    database = services.context.database
    # the index as the previous version built it: the facility's agency left out
    old = documents.document

    def before(kind: str, record_id: str, body_json: str) -> Any:
        found = old(kind, record_id, body_json)
        if kind == "facility":
            return documents.Document(
                found.kind, found.record_id, found.interview_id, "온성 구류장"
            )
        return found

    monkeypatch.setattr(index, "document", before)
    monkeypatch.setattr(documents, "DOCUMENT_VERSIONS", {})
    default_finder.cache_clear()
    try:
        assert not search(database, "보위부", passages=0).hits
    finally:
        monkeypatch.undo()
        default_finder.cache_clear()
    indexed: list[int] = []
    search(database, "구류장", passages=0, progress=lambda done, _total: indexed.append(done))
    assert indexed == [1]  # the facility only, not the incident nor the answer
    results = search(database, "보위부", passages=0)
    assert [hit.record_id for hit in results.hits] == [str(facility.id)]
