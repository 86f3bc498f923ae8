"""Search over a synthetic Korean corpus, through the services, on a real SQLCipher file:
particles, one- and two-syllable terms, romanised variants, mixed Korean and English;
every expected hit is found and nothing a person would reject."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
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
    Session,
    Speaker,
    TextValue,
    TranscriptSegment,
)
from app.search import SearchFilters, rebuild, search
from app.search.errors import FilterInvalid, FilterNotFound, QueryInvalid
from app.services import Services
from app.store.check import run_check
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE, consented_interview

SEGMENTS: dict[str, str] = {
    "A": "보위부에서 사흘 동안 조사를 받았습니다",
    "B": "국가보위성 사람들은 밤마다 때렸습니다",
    "C": "그때 보위부는 우리 집을 뒤졌어요",
    "D": "두만강을 건너 중국으로 갔습니다",
    "E": "강제로 북송되었습니다",
    "F": "강을 건널 때 물이 너무 차가웠습니다",
    "G": "강 건너편에 중국 군인이 있었다",
    "H": "건강이 나빠져서 병원에 갔다",
    "I": "The bowibu officer in Hoeryong beat me",
    "J": "회령시 교화소에서 일했습니다",
    "K": "Hoeryŏng 근처 MSS 구류장에 있었다",
    "L": "밤에 몰래 떠났습니다",
    "M": "밤나무 아래에서 기다렸다",
    "N": "예심 기간에 매일 조사를 받았다",
    "O": "예심원이 서류를 썼다",
    "P": "SSD agents interrogated us for weeks",
    "Q": "안전부 구류장에서 한 달 있었다",
    "R": "정보위원회에 보고했다고 들었다",
    "S": "They were beaten every day",
    "T": "green moss grew on the walls of the cell",
    "U": "회령 보위부 구류장에서 맞았다",
    "V": "I was held in Hoeryeong for a month",
}
"""Each segment by label; the tests name the labels a query must find, and only those."""


def build_corpus(services: Any) -> dict[str, Any]:
    """Two witnesses: the segments above split between their interviews, an answer, an
    incident, a person and a facility each."""
    now = datetime.now(UTC)
    made: dict[str, Any] = {"segments": {}, "interviews": [], "incidents": []}
    for number, labels in enumerate(("ABCDEFGHIJK", "LMNOPQRSTUV")):
        interview = consented_interview(services)
        session = services.sessions.create(
            Session(interview_id=interview.id, number=1, started_at=now)
        )
        for ordinal, label in enumerate(labels):
            made["segments"][label] = services.transcripts.create(
                TranscriptSegment(
                    interview_id=interview.id,
                    session_id=session.id,
                    ordinal=ordinal,
                    speaker=Speaker.INTERVIEWEE,
                    text=SEGMENTS[label],
                )
            )
        made["interviews"].append(interview)
        made[f"answer{number}"] = services.answers.save(
            interview.id,
            "q.narrative",
            TextValue(
                text=("온성 집결소에서 강냉이 죽만 먹었다", "전거리 교화소로 이송되었다")[number]
            ),
        )
    first, second = made["interviews"]
    facility = services.facilities.create(
        Facility(
            name="전거리 교화소",
            facility_type=FacilityType.KYOHWASO,
            place=PlaceRef(text="회령"),
            notes="벌목 작업장이 있었다",
        )
    )
    person = services.persons.create(
        Person(
            role=PersonRole.PERPETRATOR,
            interview_id=first.id,
            name="리영호",
            alias="곰",
            descriptor=PersonDescriptor(agency="ag.mss", rank="소좌", position="예심원"),
        )
    )
    made["facility"], made["person"] = facility, person
    made["incidents"] = [
        services.incidents.create(
            Incident(
                interview_id=first.id,
                title="구류장 구타",
                summary="예심원이 매일 때렸다",
                date=ApproximateDate.season_of(2014, "spring"),
                place=PlaceRef(reference_id="kp.hamgyong-north.hoeryong"),
                person_ids=[person.id],
            )
        ),
        services.incidents.create(
            Incident(
                interview_id=second.id,
                title="교화소 강제노동",
                date=ApproximateDate.year_of(2017),
                place=PlaceRef(text="Hoeryeong"),
                facility_id=facility.id,
            )
        ),
    ]
    made["tag"] = services.tags.create(
        ElementTag(
            interview_id=second.id,
            element_id="CAH.7.1.e.1",
            segment_id=made["segments"]["Q"].id,
            start=0,
            end=3,
        )
    )
    return made


def _labels(results: Any, made: dict[str, Any]) -> set[str]:
    by_id = {str(segment.id): label for label, segment in made["segments"].items()}
    found = set()
    for hit in results.hits:
        if hit.kind == "transcript_segment":
            found.add(by_id[hit.record_id])
        else:
            found.add(hit.kind)
    return found


@pytest.fixture
def corpus(services: Any) -> dict[str, Any]:
    """A corpus of its own, for the tests that change it."""
    return build_corpus(services)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, Any]]]:
    """One corpus for the tests that only read (building it takes a second)."""
    database = Database.create(tmp_path_factory.mktemp("search") / "s.db", PASSPHRASE, FAST_KDF)
    services = Services(database, actor="interviewer:test")
    yield services, build_corpus(services)
    database.close()


EXPECTED: list[tuple[str, bool, set[str]]] = [
    # particles attached, other names of the agency, romanised and English spellings;
    # not 안전부 (another agency), 정보위원회 (보위 inside another word), moss (MoSS)
    ("보위부", False, {"A", "B", "C", "I", "K", "P", "U", "person"}),
    ("보위부", True, {"A", "C", "U"}),
    ("SSD", False, {"A", "B", "C", "I", "K", "P", "U", "person"}),
    ("bowibu", True, {"I"}),
    # a place in Korean, McCune-Reischauer with and without diacritics, Revised
    ("회령", False, {"I", "J", "K", "U", "V", "facility"}),
    ("Hoeryeong", False, {"I", "J", "K", "U", "V", "facility"}),
    ("회령", True, {"J", "U", "facility"}),
    # one syllable: whole word or word + particle; not 두만강, 강제, 건강, 밤나무, 강냉이
    ("강", False, {"F", "G"}),
    ("밤", False, {"B", "L"}),
    ("곰", False, {"person"}),
    # two syllables, inside words
    ("예심", False, {"N", "O", "incident", "person"}),
    ("중국", True, {"D", "G"}),
    ("구류", False, {"K", "Q", "U", "incident"}),
    # three syllables and more, phrases with and without the space
    ("교화소", True, {"J", "facility", "answer", "incident"}),
    ('"회령 보위부"', True, {"U"}),
    ('"국가 보위성"', True, {"B", "person"}),  # the person's agency, written as its id
    # English: prefix (beat → beaten), case
    ("beat", False, {"I", "S"}),
    ("interrogat", False, {"P"}),
    # several words: the interviews that hold every one (anywhere), with every passage
    # that holds any; the facility names 회령 but no 보위부
    ("MSS 구류장", False, {"A", "B", "C", "I", "K", "P", "Q", "U", "person", "incident"}),
    ("Hoeryong 보위부", False, {"A", "B", "C", "I", "J", "K", "P", "U", "V", "person"}),
]


@pytest.mark.parametrize(("query", "exact", "expected"), EXPECTED)
def test_each_expected_hit_and_nothing_else(
    shared: tuple[Any, dict[str, Any]], query: str, exact: bool, expected: set[str]
) -> None:
    services, corpus = shared
    results = search(services.context.database, query, exact=exact, limit=50, passages=0)
    assert _labels(results, corpus) == expected


def test_hits_point_at_the_passage(shared: tuple[Any, dict[str, Any]]) -> None:
    services, corpus = shared
    results = search(services.context.database, "조사", limit=50, passages=0)
    texts = {str(s.id): s.text for s in corpus["segments"].values()}
    assert {hit.kind for hit in results.hits} == {"transcript_segment"}
    for hit in results.hits:
        segment_id, span = hit.target.removeprefix("segment:").split(":")
        start, end = map(int, span.split("-"))
        assert segment_id == hit.record_id
        assert texts[segment_id][start:end] == "조사"
        assert [hit.snippet[s:e] for s, e in hit.highlights] == ["조사"]
        assert hit.interview_code and hit.interview_id


def test_one_syllable_highlight_keeps_the_particle(shared: tuple[Any, dict[str, Any]]) -> None:
    services, _corpus = shared
    results = search(services.context.database, "강")
    assert sorted(h.snippet[s:e] for h in results.hits for s, e in h.highlights) == ["강", "강을"]


def test_filters(shared: tuple[Any, dict[str, Any]]) -> None:
    services, corpus = shared
    database = services.context.database
    first, second = (str(i.id) for i in corpus["interviews"])

    def interviews(query: str, filters: SearchFilters) -> set[str | None]:
        return {
            hit.interview_id for hit in search(database, query, filters, limit=50, passages=0).hits
        }

    assert interviews("구류장", SearchFilters()) == {first, second}
    # spring 2014 overlaps May 2014; the 2017 incident does not
    spring = SearchFilters(
        date_from=datetime(2014, 5, 1).date(), date_to=datetime(2014, 5, 31).date()
    )
    assert interviews("구류장", spring) == {first}
    assert interviews("구류장", SearchFilters(date_from=datetime(2016, 1, 1).date())) == {second}
    # place by any spelling, and by the province that contains it
    assert interviews("구류장", SearchFilters(place="Hoeryong")) == {first, second}
    assert interviews("구류장", SearchFilters(place="함경북도")) == {first, second}
    assert interviews("구류장", SearchFilters(place="양강도")) == set()
    assert interviews("구류장", SearchFilters(facility="전거리 교화소")) == {second}
    assert interviews("구류장", SearchFilters(agency="bowibu")) == {first}
    assert interviews("구류장", SearchFilters(interview=corpus["interviews"][1].code)) == {second}
    tagged = search(
        database, "구류장", SearchFilters(element="CAH.7.1.e"), limit=50, passages=0
    ).hits
    assert [hit.record_id for hit in tagged] == [str(corpus["segments"]["Q"].id)]
    assert search(database, "구류장", SearchFilters(element="CAH.7.1.f")).hits == ()


def test_bad_input_is_a_clear_error(shared: tuple[Any, dict[str, Any]]) -> None:
    services, _corpus = shared
    database = services.context.database
    with pytest.raises(QueryInvalid) as empty:
        search(database, '  "" ?! ')
    assert empty.value.exit_code == 40
    with pytest.raises(FilterInvalid):
        SearchFilters(element="torture")
    with pytest.raises(FilterNotFound):
        search(database, "보위부", SearchFilters(interview="SLK-NONE-NONE"))


def test_edits_and_deletions_reach_the_index(corpus: dict[str, Any], services: Any) -> None:
    database = services.context.database
    segment = corpus["segments"]["F"]
    services.transcripts.update(segment.replace(text="개울을 건널 때 물이 차가웠습니다"))
    assert _labels(search(database, "강"), corpus) == {"G"}
    assert _labels(search(database, "개울"), corpus) == {"F"}
    services.transcripts.delete(services.transcripts.get(corpus["segments"]["G"].id))
    assert search(database, "강").hits == ()
    person = corpus["person"]
    services.persons.update(person.replace(alias="여우"))
    assert search(database, "곰").hits == ()
    assert [h.kind for h in search(database, "여우").hits] == ["person"]


def test_rebuild_gives_the_same_results_and_check_passes(
    corpus: dict[str, Any], services: Any
) -> None:
    database = services.context.database
    before = {
        q: _labels(search(database, q, exact=e, limit=50, passages=0), corpus)
        for q, e, _x in EXPECTED
    }
    assert rebuild(database) == 28  # 22 segments, 2 answers, 2 incidents, a person, a facility
    after = {
        q: _labels(search(database, q, exact=e, limit=50, passages=0), corpus)
        for q, e, _x in EXPECTED
    }
    assert before == after
    report = run_check(database)
    assert "fts:search_fts" in report.passed and report.ok
