"""Queries as people type them (issue 16; review "did not hold" 2–8): several words meet
anywhere in an interview, quoted phrases, OR and a leading minus, particles on the query,
decomposed Hangul and full-width Latin on either side, spacing of known names, 보안서."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from app.search import search
from app.search.errors import QueryInvalid
from app.store.database import Database
from tests.integration.search_rows import write_interviews
from tests.support import FAST_KDF, PASSPHRASE

TRANSCRIPTS: dict[str, list[str]] = {
    # both words, in different passages
    "apart": ["회령 보위부에 끌려갔습니다", "그 다음 달에 비가 왔다", "온성 집결소로 넘겨졌다"],
    # both words in one passage: nearer, so ranked first
    "together": ["보위부 사람들이 나를 집결소로 데려갔다"],
    "only_bowibu": ["국가보위성 예심원이 조사했다"],
    "only_jipkyulso": ["집결소에서 한 달 있었다"],
    "phrase": ["국경 보위부가 잡았다"],
    "reversed": ["보위부 국경 경비대"],
    "kyohwaso": ["전거리 교화소에서 일했다"],
    "kwanliso": ["요덕 관리소로 갔다는 소문"],
    "latin": ["The bowibu officer and the MSS men came at night"],
    "nfd": [unicodedata.normalize("NFD", "구류장에서 예심을 받았다")],
    "fullwidth": ["ＭＳＳ ａｇｅｎｔｓ ｂｅａｔ ｍｅ"],
    "spaced": ["국가 보위성 반탐과에서 나왔다"],
    "boanseo": ["인민보안성 사람이 찾아왔다"],
    "hoeryong": ["Hoeryong에서 살았다"],
    "hakgyo": ["학교에서 공부했다"],
    # 회령 교화소 is also the name of a facility: typed apart, the words still count
    "town_and_camp": ["회령에 살았다", "나중에 교화소로 갔다"],
    # the bigrams 보위 and 위부 in a row, across a space: not 보위부
    "chain": ["정보위 위부대에 보고했다"],
}


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    database = Database.create(tmp_path_factory.mktemp("typing") / "s.db", PASSPHRASE, FAST_KDF)
    ids = write_interviews(database, list(TRANSCRIPTS.values()))
    names = dict(zip(ids, TRANSCRIPTS, strict=True))
    yield database, names
    database.close()


def found(typed: tuple[Database, dict[str, str]], query: str, exact: bool = False) -> list[str]:
    database, names = typed
    results = search(database, query, exact=exact, limit=50)
    groups = getattr(results, "groups", None)  # the code before issue 16 gave only hits
    if groups is None:
        return list(dict.fromkeys(names[str(hit.interview_id)] for hit in results.hits))
    return [names[str(group.interview_id)] for group in groups]


def test_several_words_meet_anywhere_in_an_interview_nearer_first(
    typed: tuple[Database, dict[str, str]],
) -> None:
    order = found(typed, "보위부 집결소", exact=True)
    assert set(order) == {"apart", "together"}
    assert order[0] == "together"
    assert set(found(typed, "회령 집결소", exact=True)) == {"apart"}
    # the words apart, or the facility of that name (전거리 교화소, in Hoeryong)
    assert set(found(typed, "회령 교화소")) == {"town_and_camp", "kyohwaso"}


def test_a_quoted_phrase_keeps_its_order(typed: tuple[Database, dict[str, str]]) -> None:
    assert found(typed, '"국경 보위부"', exact=True) == ["phrase"]
    # unquoted, words in any order (국경 보위부 typed apart is a name: one term)
    assert set(found(typed, "경비대 보위부", exact=True)) == {"reversed"}


def test_or_and_a_leading_minus(typed: tuple[Database, dict[str, str]]) -> None:
    assert set(found(typed, "교화소 OR 관리소", exact=True)) == {
        "kyohwaso",
        "kwanliso",
        "town_and_camp",
    }
    assert set(found(typed, "보위부 -집결소", exact=True)) == {"phrase", "reversed"}
    assert set(found(typed, "보위부 NOT 집결소", exact=True)) == {"phrase", "reversed"}


def test_unsupported_operators_say_what_is_supported(
    typed: tuple[Database, dict[str, str]],
) -> None:
    database, _names = typed
    with pytest.raises(QueryInvalid) as near:
        search(database, "보위부 NEAR 집결소")
    assert "OR" in near.value.message() and "NEAR" in near.value.message()
    with pytest.raises(QueryInvalid):
        search(database, "-보위부")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "보위부에서",
            {
                "apart",
                "together",
                "only_bowibu",
                "phrase",
                "reversed",
                "latin",
                "spaced",
                "fullwidth",
            },
        ),
        ("집결소로", {"apart", "together", "only_jipkyulso"}),
        ("회령에서", {"apart", "hoeryong", "town_and_camp"}),
        (
            "bowibu에서",
            {
                "apart",
                "together",
                "only_bowibu",
                "phrase",
                "reversed",
                "latin",
                "spaced",
                "fullwidth",
            },
        ),
        (
            "MSS에서",
            {
                "apart",
                "together",
                "only_bowibu",
                "phrase",
                "reversed",
                "latin",
                "spaced",
                "fullwidth",
            },
        ),
    ],
)
def test_a_particle_on_the_query_does_not_hide_the_word(
    typed: tuple[Database, dict[str, str]], query: str, expected: set[str]
) -> None:
    assert set(found(typed, query)) == expected


def test_an_unknown_word_keeps_its_particle_when_it_is_found(
    typed: tuple[Database, dict[str, str]],
) -> None:
    """학교에서 is found as typed: it is not cut to 학교 (the full form finds something)."""
    assert found(typed, "학교에서", exact=True) == ["hakgyo"]
    assert found(typed, "비에서", exact=True) == []  # nothing, and no stem of one syllable
    assert found(typed, "학교로", exact=True) == ["hakgyo"]  # finds nothing: the stem does
    database, _names = typed
    assert [t.typed for t in search(database, "학교로", exact=True).searched] == ["학교"]
    assert found(typed, "구류장에게", exact=True) == ["nfd"]  # the stem is a known word


def test_decomposed_hangul_on_either_side(typed: tuple[Database, dict[str, str]]) -> None:
    database, _names = typed
    assert found(typed, "구류장", exact=True) == ["nfd"]
    assert set(found(typed, unicodedata.normalize("NFD", "집결소"), exact=True)) == {
        "together",
        "apart",
        "only_jipkyulso",
    }
    hit = search(database, "예심", exact=True).hits[0]
    _segment, span = hit.target.removeprefix("segment:").split(":")
    start, end = map(int, span.split("-"))
    original = unicodedata.normalize("NFD", "구류장에서 예심을 받았다")
    assert unicodedata.normalize("NFC", original[start:end]) == "예심"


def test_full_width_latin_on_either_side(typed: tuple[Database, dict[str, str]]) -> None:
    assert "fullwidth" in found(typed, "MSS", exact=True)
    assert set(found(typed, "ＭＳＳ", exact=True)) == {"latin", "fullwidth"}
    assert found(typed, "ａｇｅｎｔｓ", exact=True) == ["fullwidth"]


def test_spacing_of_a_known_name(typed: tuple[Database, dict[str, str]]) -> None:
    """국가 보위성 typed with a space is the name: every spelling of State Security."""
    assert "phrase" in found(typed, "국가 보위성")
    assert {"only_bowibu", "spaced"} <= set(found(typed, "국가 보위성", exact=True))


def test_boanseo_names_people_s_security(typed: tuple[Database, dict[str, str]]) -> None:
    assert "boanseo" in found(typed, "보안서")


def test_bigrams_do_not_chain_across_words(typed: tuple[Database, dict[str, str]]) -> None:
    """The count is taken from the index without reading the texts: it must not count
    정보위 위부대 for 보위부."""
    database, names = typed
    results = search(database, "보위부", exact=True, limit=50)
    assert "chain" not in {names[str(g.interview_id)] for g in results.groups}
    assert results.total == len(results.groups)
