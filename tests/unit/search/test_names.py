"""Names of reference entries found in a text when it is indexed: by the rules a variant
query would apply to each spelling (docs/search.md), checked against those rules applied
by brute force to every spelling of every entry."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from app import paths
from app.reference import default_reference, load_reference
from app.reference.lookup import spellings_of
from app.search.korean import PARTICLES, fold
from app.search.names import NameFinder, default_finder, entry_key
from app.search.spelling import spelling

MSS = entry_key("ag.mss")
HOERYONG = entry_key("kp.hamgyong-north.hoeryong")


def keys(text: str) -> set[str]:
    return set(default_finder().keys(text))


def test_names_by_the_rules_of_a_variant_query() -> None:
    assert MSS in keys("국가보위성에서 조사를 받았다")  # a Hangul name with a particle
    assert MSS in keys("그때 보위부원이 왔다")  # at the start of a longer word
    assert MSS not in keys("정보위원회 위원장")  # 보위 inside another word: no
    assert MSS in keys("the MSS took him") and MSS in keys("Bowibu officers")
    assert MSS not in keys("moss on the wall")  # MoSS only in capitals
    assert MSS not in keys("SSDs were sold")  # names are whole words
    assert HOERYONG in keys("Hoeryŏng, 1998") and HOERYONG in keys("회령에서")
    assert keys("오늘은 날씨가 맑았다. It rained.") == set()


def test_a_level_of_an_agency_has_its_own_key() -> None:
    reference = default_reference()
    agency = reference.get("ag.mss")
    level = agency.levels[0]  # type: ignore[attr-defined]
    found = keys(f"{level.name.ko}에서 일했다")
    assert entry_key("ag.mss", level.id) in found


def _sentences(rng: random.Random, count: int) -> list[str]:
    names = [found.text for entry in default_reference().entries() for found in spellings_of(entry)]
    filler = ["그때", "정보위원회", "강제로", "moss", "ssd", "the", "of", "2014년", "국경", "에서"]
    sentences = []
    for _ in range(count):
        words = []
        for _ in range(rng.randint(3, 9)):
            word = rng.choice(names) if rng.random() < 0.4 else rng.choice(filler)
            if rng.random() < 0.3:
                word += rng.choice(PARTICLES)  # glued on, as in Korean
            if rng.random() < 0.1:
                word = word.lower() if rng.random() < 0.5 else word.upper()
            words.append(word)
        sentences.append(rng.choice([" ", "", ", "]).join(words))
    return sentences


def test_same_answer_as_every_spelling_searched_one_by_one() -> None:
    """The finder looks words up by their first characters; the oracle runs the pattern of
    every spelling of every entry over the whole text. They must agree on every text."""
    oracle: list[tuple[str, object]] = []
    for entry in default_reference().entries():
        for found in spellings_of(entry):
            name = spelling(found.text, prefix=False, word_start=True)
            if name is not None:
                key = entry_key(entry.id, found.level.id if found.level else None)
                oracle.append((key, name))
    named = 0
    for text in _sentences(random.Random(20261122), 250):
        folded = fold(text)
        expected = {
            key
            for key, name in oracle
            if name.pattern.search(text if name.case_sensitive else folded)  # type: ignore[attr-defined]
        }
        assert keys(text) == expected, text
        named += len(expected)
    assert named > 500  # the sentences do name many entries


def test_version_follows_the_reference_data(tmp_path: Path) -> None:
    shipped = paths.resources_dir() / "reference"
    copy = tmp_path / "reference"
    shutil.copytree(shipped, copy)
    assert NameFinder(load_reference(copy)).version == default_finder().version
    places = yaml.safe_load((copy / "places.yaml").read_text(encoding="utf-8"))
    hoeryong = next(e for e in places["entries"] if e["id"] == "kp.hamgyong-north.hoeryong")
    hoeryong["variants"] = [*hoeryong.get("variants", []), "Hweiryeong"]
    (copy / "places.yaml").write_text(yaml.safe_dump(places, allow_unicode=True), "utf-8")
    changed = NameFinder(load_reference(copy))
    assert changed.version != default_finder().version
    assert HOERYONG in changed.keys("born in Hweiryeong") and HOERYONG not in keys("Hweiryeong")
