"""The legal catalogue: the shipped files load, hold exactly the ids others cite, speak both
languages, and a broken file is refused with a message that names the id to fix."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.legal import (
    Bilingual,
    Catalogue,
    CatalogueError,
    LegalElement,
    Role,
    default_catalogue,
    load_catalogue,
)

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def _ids(prefix: str, parts: str) -> set[str]:
    return {f"{prefix}.{part}" for part in parts.split()}


EXPECTED_ELEMENTS = (
    _ids("CAH.7.CTX", "1 2 3 4 5")
    | _ids("CAH.7.1.a", "1 M")
    | _ids("CAH.7.1.b", "1 2 M")
    | _ids("CAH.7.1.c", "1 M")
    | _ids("CAH.7.1.d", "1 2 3 M")
    | _ids("CAH.7.1.e", "1 2 3 M")
    | _ids("CAH.7.1.f", "1 2 3 M")
    | _ids("CAH.7.1.g1", "1 2 M")
    | _ids("CAH.7.1.g2", "1 2 M")
    | _ids("CAH.7.1.g3", "1 2 M")
    | _ids("CAH.7.1.g4", "1 M")
    | _ids("CAH.7.1.g5", "1 2 M")
    | _ids("CAH.7.1.g6", "1 2 3 M")
    | _ids("CAH.7.1.h", "1 2 3 4 M")
    | _ids("CAH.7.1.i", "1 2 3 4 5 6 M")
    | _ids("CAH.7.1.j", "1 2 3 4 5 M")
    | _ids("CAH.7.1.k", "1 2 3 M")
    | _ids("MOL.25.3.a.D", "1 2")
    | _ids("MOL.25.3.a.J", "1 2 3 4 5")
    | _ids("MOL.25.3.a.I", "1 2 3 4 5 6")
    | _ids("MOL.25.3.a.IC", "1 2 3")
    | _ids("MOL.25.3.b", "1 2 3 4")
    | _ids("MOL.25.3.c", "1 2 3 4")
    | _ids("MOL.25.3.d", "1 2 3 4 5")
    | _ids("MOL.28.a", "1 2 3 4 5 6")
    | _ids("MOL.28.b", "1 2 3 4 5 6")
    | _ids("MOL.JCE", "1 2 3 4 5 6")
    | _ids("MOL.DEF", "1 2")
)

ACTS = [f"CAH.7.1.{act}" for act in "a b c d e f g1 g2 g3 g4 g5 g6 h i j k".split()]
EXPECTED_GROUPS = {
    "CAH.7.CTX",
    *ACTS,
    "MOL.25.3.a.D",
    "MOL.25.3.a.J",
    "MOL.25.3.a.I",
    "MOL.25.3.a.IC",
    "MOL.25.3.b",
    "MOL.25.3.c",
    "MOL.25.3.d",
    "MOL.28.a",
    "MOL.28.b",
    "MOL.JCE",
    "MOL.DEF",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _texts(catalogue: Catalogue) -> list[tuple[str, Bilingual]]:
    texts = [(f"{file.catalogue} title", file.title) for file in catalogue.files]
    for group in catalogue.groups.values():
        texts += [(f"{group.id} title", group.title), (f"{group.id} summary", group.summary)]
    for element in catalogue.elements.values():
        texts += [
            (f"{element.id} text", element.text),
            (f"{element.id} guidance", element.guidance),
        ]
    return texts


# The shipped catalogue


def test_the_shipped_files_load_and_the_default_is_read_once(catalogue: Catalogue) -> None:
    assert catalogue.version == {
        "crimes-against-humanity": "1.1.0",
        "modes-of-liability": "1.1.0",
    }
    assert default_catalogue() is default_catalogue()
    assert list(default_catalogue().elements) == list(catalogue.elements)


def test_it_holds_exactly_the_ids_questionnaires_cite(catalogue: Catalogue) -> None:
    assert set(catalogue.elements) == EXPECTED_ELEMENTS
    assert set(catalogue.groups) == EXPECTED_GROUPS
    assert (len(catalogue.groups), len(catalogue.elements)) == (28, 113)


def test_elements_keep_file_order(catalogue: Catalogue) -> None:
    ids = list(catalogue.elements)
    assert ids[:6] == [*sorted(_ids("CAH.7.CTX", "1 2 3 4 5")), "CAH.7.1.a.1"]
    assert ids[-1] == "MOL.DEF.2"


def test_every_text_is_in_korean_and_in_english(catalogue: Catalogue) -> None:
    texts = _texts(catalogue)
    assert len(texts) == 2 + 2 * 28 + 2 * 113
    no_korean = [where for where, text in texts if not HANGUL.search(text.ko)]
    korean_in_english = [where for where, text in texts if HANGUL.search(text.en)]
    assert no_korean == []
    assert korean_in_english == []


def test_every_act_has_its_general_mental_element(catalogue: Catalogue) -> None:
    for act in ACTS:
        assert catalogue.element(f"{act}.M").role is Role.MENTAL, act


def test_numbered_elements_count_from_one_like_the_elements_of_crimes(
    catalogue: Catalogue,
) -> None:
    for group in catalogue.groups.values():
        numbers = [e.id.rpartition(".")[2] for e in group.elements if e.id[-1].isdigit()]
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)], group.id


def test_every_source_is_cited_and_importance_is_in_range(catalogue: Catalogue) -> None:
    for file in catalogue.files:
        cited = {element.source for _, element in file.elements()}
        assert cited == {source.id for source in file.sources}, file.catalogue
    assert {element.importance for element in catalogue.elements.values()} == {1, 2, 3}


def test_knowledge_of_the_attack_is_a_mental_element(catalogue: Catalogue) -> None:
    assert catalogue.element("CAH.7.CTX.5").role is Role.MENTAL
    assert catalogue.element("CAH.7.CTX.4").role is Role.CONTEXTUAL


# Looking things up


def test_lookups(catalogue: Catalogue) -> None:
    element = catalogue.element("CAH.7.1.e.2")
    assert isinstance(element, LegalElement)
    assert element.group_id == "CAH.7.1.e"
    assert catalogue.group_of("CAH.7.1.e.2").title.en.startswith("Imprisonment")
    assert catalogue.group_of("MOL.JCE.5").id == "MOL.JCE"
    assert catalogue.is_known("MOL.28.b.3")
    assert not catalogue.is_known("MOL.28.b")  # a group, not an element
    assert not catalogue.is_known("CAH.7.1.e.9")
    assert catalogue.source_of("CAH.7.1.e.2").id == "eoc"
    assert catalogue.cite("CAH.7.1.e.2") == (
        "CAH.7.1.e.2 (International Criminal Court, Elements of Crimes (2013), "
        "art. 7(1)(e), element 2)"
    )


def test_an_unknown_id_raises_a_key_error_that_says_what_is_wrong(catalogue: Catalogue) -> None:
    with pytest.raises(KeyError, match=r"'CAH\.7\.1\.z\.1' is not an element"):
        catalogue.element("CAH.7.1.z.1")
    with pytest.raises(KeyError, match=r"'CAH\.7\.1\.e' is a group"):
        catalogue.group_of("CAH.7.1.e")


def test_the_catalogue_cannot_be_changed(catalogue: Catalogue) -> None:
    with pytest.raises(TypeError):
        catalogue.elements["X"] = catalogue.element("CAH.7.1.a.1")  # type: ignore[index]
    with pytest.raises(ValueError, match="frozen"):
        catalogue.element("CAH.7.1.a.1").importance = 1  # type: ignore[misc]


def test_bilingual_get() -> None:
    text = Bilingual(en="Torture", ko="고문")
    assert (text.get("ko"), text.get("en"), text.get("fr")) == ("고문", "Torture", "Torture")


# Broken files are refused, naming the file and the id


def _element(element_id: str, source: str = "rome") -> dict[str, Any]:
    return {
        "id": element_id,
        "role": "conduct",
        "text": {"en": "The perpetrator killed a person.", "ko": "행위자가 사람을 살해하였다."},
        "guidance": {"en": "Ask what happened.", "ko": "무슨 일이 있었는지 물으십시오."},
        "source": source,
        "pinpoint": "art. 7(1)(a)",
        "importance": 3,
    }


def _file(name: str, prefix: str) -> dict[str, Any]:
    return {
        "catalogue": name,
        "version": "1.0.0",
        "title": {"en": "Test", "ko": "시험"},
        "sources": [{"id": "rome", "citation": "Rome Statute (1998)"}],
        "groups": [
            {
                "id": f"{prefix}.a",
                "title": {"en": "Murder", "ko": "살해"},
                "provision": "art. 7(1)(a)",
                "summary": {"en": "Killing.", "ko": "살해하는 것이다."},
                "elements": [_element(f"{prefix}.a.1"), _element(f"{prefix}.a.M")],
            }
        ],
    }


def _write(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data['catalogue']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _refused(folder: Path, item_id: str | None, *words: str) -> CatalogueError:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder)
    message = str(caught.value)
    assert caught.value.item_id == item_id, message
    for word in (item_id or "", *words):
        assert word in message
    return caught.value


def test_a_sound_example_loads(tmp_path: Path) -> None:
    _write(tmp_path, _file("one", "TST"))
    _write(tmp_path, _file("two", "TWO"))
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.elements) == ["TST.a.1", "TST.a.M", "TWO.a.1", "TWO.a.M"]
    assert catalogue.version == {"one": "1.0.0", "two": "1.0.0"}


def test_a_duplicate_id_in_one_file(tmp_path: Path) -> None:
    data = _file("one", "TST")
    data["groups"][0]["elements"][1] = _element("TST.a.1")
    _write(tmp_path, data)
    _refused(tmp_path, "TST.a.1", "one.yaml", "used twice")


def test_a_duplicate_id_across_files(tmp_path: Path) -> None:
    _write(tmp_path, _file("one", "TST"))
    _write(tmp_path, _file("two", "TST"))
    error = _refused(tmp_path, "TST.a", "two.yaml", "used twice", "one.yaml")
    assert error.where == "two.yaml"


def test_an_unknown_source(tmp_path: Path) -> None:
    data = _file("one", "TST")
    data["groups"][0]["elements"][0] = _element("TST.a.1", source="eoc")
    _write(tmp_path, data)
    _refused(tmp_path, "TST.a.1", "one.yaml", "unknown source 'eoc'")


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_a_blank_korean_text(tmp_path: Path, blank: str) -> None:
    data = _file("one", "TST")
    data["groups"][0]["elements"][1]["guidance"]["ko"] = blank
    _write(tmp_path, data)
    _refused(tmp_path, "TST.a.M", "one.yaml", "guidance.ko: is blank")


def test_english_pasted_into_korean(tmp_path: Path) -> None:
    data = _file("one", "TST")
    data["groups"][0]["summary"]["ko"] = "Killing."
    _write(tmp_path, data)
    _refused(tmp_path, "TST.a", "summary.ko", "no Hangul")


@pytest.mark.parametrize("element_id", ["TST.b.1", "TST.a.1.x", "TST.ab"])
def test_an_element_outside_its_group(tmp_path: Path, element_id: str) -> None:
    data = _file("one", "TST")
    data["groups"][0]["elements"][0] = _element(element_id)
    _write(tmp_path, data)
    _refused(tmp_path, element_id, "one.yaml", "outside its group TST.a")


@pytest.mark.parametrize(
    ("change", "item_id", "words"),
    [
        (lambda d: d["groups"][0]["elements"][0].update(importance=4), "TST.a.1", "importance"),
        (lambda d: d["groups"][0]["elements"][0].update(role="actus"), "TST.a.1", "role"),
        (lambda d: d["groups"][0]["elements"][0].update(id="tst.a.1"), "tst.a.1", "pattern"),
        (lambda d: d["groups"][0]["elements"][0].update(note="x"), "TST.a.1", "note"),
        (lambda d: d["groups"][0]["elements"][0].pop("pinpoint"), "TST.a.1", "pinpoint"),
        (lambda d: d["groups"][0].update(elements=[]), "TST.a", "elements"),
        (lambda d: d.update(version="1.0"), None, "version"),
        (lambda d: d.update(catalogue="other"), None, "must match"),
    ],
)
def test_a_wrong_field(tmp_path: Path, change: Any, item_id: str | None, words: str) -> None:
    data = copy.deepcopy(_file("one", "TST"))
    change(data)
    _write(tmp_path, data, name="one")
    _refused(tmp_path, item_id, "one.yaml", words)


def test_a_key_given_twice_is_not_silently_dropped(tmp_path: Path) -> None:
    path = _write(tmp_path, _file("one", "TST"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ko: 시험", "ko: 시험\n  ko: 두번째", 1), encoding="utf-8")
    _refused(tmp_path, None, "one.yaml", "duplicate key 'ko'")


def test_not_yaml_not_a_mapping_or_no_file(tmp_path: Path) -> None:
    _refused(tmp_path, None, "no catalogue files")
    (tmp_path / "one.yaml").write_text("- a list\n", encoding="utf-8")
    _refused(tmp_path, None, "one.yaml", "mapping")
    (tmp_path / "one.yaml").write_text("catalogue: [unclosed\n", encoding="utf-8")
    _refused(tmp_path, None, "one.yaml", "not valid YAML")
