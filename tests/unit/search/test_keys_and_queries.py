"""The index keys of a text and the query for what was typed: the rules docs/search.md
states, checked one by one without a database."""

from __future__ import annotations

import re

import pytest

from app.search.errors import QueryInvalid
from app.search.korean import fold, index_columns, single_syllable_stem
from app.search.query import parse_query
from app.search.spelling import spelling


def test_index_columns_split_scripts_and_words() -> None:
    columns = index_columns("2014년 봄, 보위부에서 강을 건넜다 (Hoeryŏng SSD)")
    assert columns.bi.split() == [
        "년",
        "봄",
        "보위",
        "위부",
        "부에",
        "에서",
        "강을",
        "건넜",
        "넜다",
    ]
    assert columns.uni.split() == ["년", "봄", "강"]
    assert columns.latin.split() == ["2014", "Hoeryŏng", "SSD"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("강", "강"),
        ("강을", "강"),
        ("강에서", "강"),
        ("밤마다", "밤"),
        ("강제", None),
        ("건강", None),
        ("두만강", None),
        ("밤나무", None),
        ("강냉이", None),
    ],
)
def test_one_syllable_stem(word: str, stem: str | None) -> None:
    assert single_syllable_stem(word) == stem


def test_fold_keeps_length_and_hangul() -> None:
    text = "Hoeryŏng 회령 ÉCOLE Straße"
    assert len(fold(text)) == len(text)
    assert fold(text) == "hoeryong 회령 ecole strase"


def test_expressions_by_syllable_count() -> None:
    assert parse_query("강", exact=True).expression() == '(uni : "강")'
    assert parse_query("예심", exact=True).expression() == '(bi : "예심")'
    assert parse_query("보위부", exact=True).expression() == '(bi : "보위 위부")'
    assert parse_query('"국경 보위부"', exact=True).expression() == (
        '((bi : "국경 보위 위부" OR bi : "국경 경보 보위 위부"))'
    )
    assert parse_query("beat 2014", exact=True).expression() == (
        '(latin : "beat"*) AND (latin : "2014")'
    )


def test_variants_come_from_the_reference_data() -> None:
    searched = {s.text for s in parse_query("Hoeryeong").terms[0].spellings}
    assert {"Hoeryeong", "회령", "Hoeryong"} <= searched  # Hoeryŏng folds to Hoeryong
    agency = {s.text for s in parse_query("SSD").terms[0].spellings}
    assert {"SSD", "MSS", "bowibu", "국가안전보위부"} <= agency
    assert "보위" in agency and "보위부" not in agency  # 보위 finds 보위부 at a word's start
    assert {s.text for s in parse_query("조사").terms[0].spellings} == {"조사"}
    assert parse_query("SSD", exact=True).terms[0].entries == ()


def test_acronyms_from_the_reference_are_case_sensitive() -> None:
    query = parse_query("보위부")
    assert query.spans("moss on the wall") is None
    assert query.spans("the MoSS came") == [(4, 8)]
    assert parse_query("moss", exact=True).spans("the MoSS came") == [(4, 8)]


def test_patterns_confirm_whole_words_and_word_order() -> None:
    one = spelling("강")
    assert one is not None and one.pattern.search("강을 건넜다")
    assert not one.pattern.search("강제 북송") and not one.pattern.search("두만강")
    phrase = spelling("국경 보위부")
    assert phrase is not None
    assert phrase.pattern.search("국경보위부") and phrase.pattern.search("국경  보위부에서")
    assert not phrase.pattern.search("보위부 국경")
    name = spelling("보위", word_start=True)
    assert name is not None and name.pattern.search("보위원에게")
    assert not name.pattern.search("정보위원회")
    assert spelling("?!") is None


def test_spans_need_every_term() -> None:
    query = parse_query("보위부 강", exact=True)
    assert query.spans("보위부에서 강을 건넜다") == [(0, 3), (6, 8)]
    assert query.spans("보위부에서 강제로") is None


@pytest.mark.parametrize("typed", ["", "   ", '""', "!!! ???"])
def test_nothing_to_search_for(typed: str) -> None:
    with pytest.raises(QueryInvalid):
        parse_query(typed)


def test_particles_are_alternatives_longest_first() -> None:
    pattern = spelling("강")
    assert pattern is not None
    match = re.compile(pattern.pattern.pattern).search("강에서는 물이")
    assert match is not None and match.group() == "강에서는"


def test_a_separator_only_where_bigrams_could_chain() -> None:
    """정보위 위부대: 보위 and 위부 would chain across the space; 국경 보위부: they cannot."""
    from app.search.korean import SEPARATOR, bi_keys, index_columns

    assert index_columns("정보위 위부대").bi.split() == ["정보", "보위", SEPARATOR, "위부", "부대"]
    assert index_columns("국경 보위부").bi.split() == ["국경", "보위", "위부"]
    assert index_columns("보 보위 위 위부").bi.split() == ["보", "보위", "위", "위부"]
    for text in ("정보위 위부대", "사람 람보 보고", "강 강가 가방 방", "a 보위 b 위부"):
        words = [w for w in text.split() if "\uac00" <= w[0] <= "\ud7a3"]
        assert index_columns(text).bi.split() == bi_keys(words)


def test_a_spellings_pattern_is_compiled_only_when_a_text_may_hold_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """보위부 has dozens of spellings, each pattern with a lookaround on the Hangul
    syllables that takes about a third of a millisecond to compile: reading the query
    compiled them all (27-34 ms for 보위부 집결소, once per process), though a passage
    is checked only against the spellings whose piece it holds."""
    import app.search.spelling as spelling_module

    compiled: list[str] = []
    real = re.compile

    def counting(source: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(source)
        return real(source, flags)

    spelling_module.spelling.cache_clear()
    spelling_module.compiled.cache_clear()
    monkeypatch.setattr(spelling_module.re, "compile", counting)
    query = parse_query("보위부 집결소")
    assert len(query.terms[0].spellings) > 10
    assert compiled == []
    assert query.spans("그는 bowibu 사람이었고 집결소로 갔다") is not None
    assert 0 < len(compiled) < 6, compiled
