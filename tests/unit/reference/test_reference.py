"""The reference data: the shipped files load and hold what interviewers need, every
spelling a witness or an older report may use finds the right entry, and a broken file is
refused with a message that names the entry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from app import paths
from app.domain.people import FacilityType
from app.reference import (
    AgencyEntry,
    FacilityEntry,
    FacilityStatus,
    MatchQuality,
    MatchVia,
    PlaceEntry,
    Reference,
    ReferenceDataError,
    ReferenceKind,
    default_reference,
    load_reference,
)
from app.reference.keys import loose_keys, normal_keys

SHIPPED = paths.resources_dir() / "reference"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


def first_id(ref: Reference, text: str, **filters: Any) -> str | None:
    found = ref.lookup(text, **filters)
    return found[0].entry.id if found else None


# --- The shipped files ----------------------------------------------------------------------


def test_shipped_files_load_with_enough_entries(ref: Reference) -> None:
    assert len(ref.entries(ReferenceKind.PLACES)) >= 120
    assert len(ref.entries(ReferenceKind.FACILITY_TYPES)) == 7
    assert ref.entries(ReferenceKind.FACILITIES)
    assert ref.entries(ReferenceKind.AGENCIES)
    assert ref.entries(ReferenceKind.RANKS)
    assert default_reference() is default_reference()


BORDER_PLACES = [
    "kp.hamgyong-north",
    "kp.ryanggang",
    "kp.rason",
    "kp.pyongyang",
    "kp.nampo",
    "kp.hamgyong-north.hoeryong",
    "kp.hamgyong-north.onsong",
    "kp.hamgyong-north.musan",
    "kp.hamgyong-north.saebyol",
    "kp.hamgyong-north.undok",
    "kp.hamgyong-north.yonsa",
    "kp.hamgyong-north.chongjin",
    "kp.hamgyong-north.kimchaek",
    "kp.hamgyong-north.kilju",
    "kp.hamgyong-north.hwasong",
    "kp.ryanggang.hyesan",
    "kp.ryanggang.samjiyon",
    "kp.ryanggang.pochon",
    "kp.ryanggang.kimjongsuk",
    "kp.ryanggang.kimhyongjik",
    "kp.ryanggang.taehongdan",
    "kp.ryanggang.samsu",
    "kp.ryanggang.kapsan",
    "kp.ryanggang.pungso",
    "kp.ryanggang.unhung",
    "kp.ryanggang.paegam",
    "kp.pyongan-north.sinuiju",
    "kp.pyongan-north.uiju",
    "kp.pyongan-north.sakju",
    "kp.chagang.manpo",
    "kp.chagang.junggang",
    "kp.chagang.chosan",
    "kp.chagang.wiwon",
    "kp.chagang.kanggye",
    "kp.pyongan-south.kaechon",
    "kp.hamgyong-south.yodok",
    "kp.pyongan-south.pukchang",
    "cn.jilin",
    "cn.liaoning",
    "cn.jilin.yanbian.yanji",
    "cn.jilin.yanbian.tumen",
    "cn.jilin.yanbian.longjing",
    "cn.jilin.yanbian.helong",
    "cn.jilin.yanbian.hunchun",
    "cn.jilin.baishan.changbai",
    "cn.liaoning.dandong",
    "cn.liaoning.shenyang",
    "cn.beijing",
]


@pytest.mark.parametrize("place_id", BORDER_PLACES)
def test_required_places_exist(ref: Reference, place_id: str) -> None:
    assert isinstance(ref.get(place_id), PlaceEntry)


def test_all_nine_provinces_are_there(ref: Reference) -> None:
    provinces = {entry.id for entry in ref.entries("places", "province") if entry.id[:3] == "kp."}
    assert len(provinces) == 9


def test_every_place_but_a_country_sits_inside_another(ref: Reference) -> None:
    for entry in ref.entries(ReferenceKind.PLACES):
        assert isinstance(entry, PlaceEntry)
        if entry.type == "country":
            assert entry.parent is None
        else:
            assert isinstance(ref.get(entry.parent or ""), PlaceEntry), entry.id
    hoeryong = ref.ancestors("kp.hamgyong-north.hoeryong")
    assert [place.id for place in hoeryong] == ["kp.hamgyong-north", "kp"]
    assert "kp.hamgyong-north.hoeryong" in {p.id for p in ref.children("kp.hamgyong-north")}


def test_every_name_has_korean_in_hangul_and_english(ref: Reference) -> None:
    names = []
    for entry in ref.entries():
        names.append((entry.id, entry.name))
        if isinstance(entry, AgencyEntry):
            names += [(entry.id, former.name) for former in entry.former_names]
            names += [(level.id, level.name) for level in entry.levels]
    for entry_id, name in names:
        assert HANGUL.search(name.ko), entry_id
        assert name.en.strip(), entry_id


def test_facility_types_are_exactly_the_domain_enum(ref: Reference) -> None:
    ids = {entry.id for entry in ref.entries(ReferenceKind.FACILITY_TYPES)}
    assert ids == {member.value for member in FacilityType}


def test_the_political_prison_camps_and_their_status(ref: Reference) -> None:
    for camp_id in (
        "fac.kwanliso-14-kaechon",
        "fac.kwanliso-15-yodok",
        "fac.kwanliso-16-hwasong",
        "fac.kwanliso-25-chongjin",
    ):
        camp = ref.get(camp_id)
        assert isinstance(camp, FacilityEntry)
        assert camp.type is FacilityType.KWANLISO
        assert camp.status is FacilityStatus.OPERATING
        assert camp.sources
    for closed_id in ("fac.kwanliso-18-pukchang", "fac.kwanliso-22-hoeryong"):
        closed = ref.get(closed_id)
        assert isinstance(closed, FacilityEntry)
        assert closed.status is FacilityStatus.REPORTED_CLOSED


def test_state_security_carries_its_former_names_in_order(ref: Reference) -> None:
    mss = ref.get("ag.mss")
    assert isinstance(mss, AgencyEntry)
    assert mss.name.ko == "국가보위성"
    assert [former.name.ko for former in mss.former_names] == [
        "국가정치보위부",
        "국가보위부",
        "국가안전보위부",
    ]
    assert {level.id for level in mss.levels} >= {"ag.mss.provincial", "ag.mss.city-county"}
    mosos = ref.get("ag.mosos")
    assert isinstance(mosos, AgencyEntry)
    assert {"인민보안성", "인민보안부", "사회안전부"} <= {f.name.ko for f in mosos.former_names}


# --- Finding entries from any spelling --------------------------------------------------------

SPELLINGS = [
    # places: Korean, McCune–Reischauer with and without diacritics, Revised Romanization
    ("회령", "kp.hamgyong-north.hoeryong"),
    ("회령시", "kp.hamgyong-north.hoeryong"),
    ("Hoeryŏng", "kp.hamgyong-north.hoeryong"),
    ("Hoeryeong", "kp.hamgyong-north.hoeryong"),
    ("hoeryong city", "kp.hamgyong-north.hoeryong"),
    ("会宁", "kp.hamgyong-north.hoeryong"),
    ("會寧", "kp.hamgyong-north.hoeryong"),
    ("Ryanggang", "kp.ryanggang"),
    ("Yanggang-do", "kp.ryanggang"),
    ("량강도", "kp.ryanggang"),
    ("양강도", "kp.ryanggang"),
    ("Cheongjin", "kp.hamgyong-north.chongjin"),
    ("Ch'ŏngjin", "kp.hamgyong-north.chongjin"),
    ("Chŏngjin", "kp.hamgyong-north.chongjin"),
    ("Chongjin", "kp.hamgyong-north.chongjin"),
    ("청진", "kp.hamgyong-north.chongjin"),
    ("Onsŏng", "kp.hamgyong-north.onsong"),
    ("온성군", "kp.hamgyong-north.onsong"),
    ("Kyŏngwŏn", "kp.hamgyong-north.saebyol"),
    ("경원군", "kp.hamgyong-north.saebyol"),
    ("Sinpa", "kp.ryanggang.kimjongsuk"),
    ("Kim Jong-suk County", "kp.ryanggang.kimjongsuk"),
    ("Sinŭiju", "kp.pyongan-north.sinuiju"),
    ("Shinuiju", "kp.pyongan-north.sinuiju"),
    ("North Hamgyong Province", "kp.hamgyong-north"),
    ("Hamgyeongbuk-do", "kp.hamgyong-north"),
    ("Hamgyongbukdo", "kp.hamgyong-north"),
    ("함북", "kp.hamgyong-north"),
    # agencies, their former names and colloquial names
    ("bowibu", "ag.mss"),
    ("Bowiseong", "ag.mss"),
    ("보위부", "ag.mss"),
    ("국가안전보위부", "ag.mss"),
    ("SSD", "ag.mss"),
    ("MSS", "ag.mss"),
    ("boanbu", "ag.mosos"),
    ("anjeonbu", "ag.mosos"),
    ("인민보안성", "ag.mosos"),
    ("사회안전부", "ag.mosos"),
    ("MPS", "ag.mosos"),
    ("국경경비대", "ag.border-guard"),
    ("조직지도부", "ag.wpk.ogd"),
    # facility types
    ("gwalliso", "kwanliso"),
    ("kwanliso", "kwanliso"),
    ("kwalliso", "kwanliso"),
    ("관리소", "kwanliso"),
    ("gyohwaso", "kyohwaso"),
    ("rodongdanryondae", "rodong_danryeondae"),
    ("nodong dallyeondae", "rodong_danryeondae"),
    ("로동단련대", "rodong_danryeondae"),
    ("jipgyeolso", "jipkyulso"),
    ("chipkyŏlso", "jipkyulso"),
    ("guryujang", "kuryujang"),
    ("분주소", "police_station"),
    # facilities, ranks and positions
    ("Camp 14", "fac.kwanliso-14-kaechon"),
    ("요덕수용소", "fac.kwanliso-15-yodok"),
    ("Chongori", "fac.kyohwaso-12-jongo-ri"),
    ("예심원", "pos.yesimwon"),
    ("sowi", "rank.sowi"),
    ("대위", "rank.daewi"),
]


@pytest.mark.parametrize(("text", "expected"), SPELLINGS)
def test_a_spelling_finds_its_entry_first(ref: Reference, text: str, expected: str) -> None:
    assert first_id(ref, text) == expected


CHINESE = [
    ("延吉", "cn.jilin.yanbian.yanji"),
    ("연길", "cn.jilin.yanbian.yanji"),
    ("图们", "cn.jilin.yanbian.tumen"),
    ("도문", "cn.jilin.yanbian.tumen"),
    ("龙井", "cn.jilin.yanbian.longjing"),
    ("룡정", "cn.jilin.yanbian.longjing"),
    ("용정", "cn.jilin.yanbian.longjing"),
    ("长白", "cn.jilin.baishan.changbai"),
    ("장백", "cn.jilin.baishan.changbai"),
    ("丹东", "cn.liaoning.dandong"),
    ("단동", "cn.liaoning.dandong"),
    ("沈阳", "cn.liaoning.shenyang"),
    ("심양", "cn.liaoning.shenyang"),
    ("北京", "cn.beijing"),
    ("延吉市", "cn.jilin.yanbian.yanji"),
]


@pytest.mark.parametrize(("text", "expected"), CHINESE)
def test_chinese_places_are_found_by_hanzi_and_korean(
    ref: Reference, text: str, expected: str
) -> None:
    assert first_id(ref, text) == expected


def test_korean_prefix_finds_both_hamgyong_provinces(ref: Reference) -> None:
    found = [match.entry.id for match in ref.lookup("함경")]
    assert found[:2] == ["kp.hamgyong-south", "kp.hamgyong-north"]
    assert all(m.quality is MatchQuality.PREFIX for m in ref.lookup("함경")[:2])


def test_korean_name_without_its_suffix_is_a_normalised_match(ref: Reference) -> None:
    [match, *_] = ref.lookup("혜산")
    assert match.entry.id == "kp.ryanggang.hyesan"
    [match, *_] = ref.lookup("혜산군")  # a witness's slip of the suffix
    assert (match.entry.id, match.quality) == ("kp.ryanggang.hyesan", MatchQuality.NORMALISED)


def test_the_two_hwasongs_are_distinct_and_both_found(ref: Reference) -> None:
    county = ref.get("kp.hamgyong-north.hwasong")
    district = ref.get("kp.pyongyang.hwasong")
    assert county.id != district.id
    for text in ("Hwasong", "화성", "Hwasŏng", "Hwaseong"):
        found = [match.entry.id for match in ref.lookup(text)]
        assert "kp.hamgyong-north.hwasong" in found, text
        assert "kp.pyongyang.hwasong" in found, text
    assert first_id(ref, "Hwasong", types=["district"]) == "kp.pyongyang.hwasong"
    assert first_id(ref, "화성군") == "kp.hamgyong-north.hwasong"
    assert first_id(ref, "화성구역") == "kp.pyongyang.hwasong"


def test_a_match_on_a_former_name_says_which(ref: Reference) -> None:
    [match, *_] = ref.lookup("국가안전보위부")
    assert match.via is MatchVia.FORMER_NAME
    assert match.former_name is not None
    assert (match.former_name.from_, match.former_name.to) == (1993, 2016)
    assert match.quality is MatchQuality.EXACT


def test_a_match_on_a_level_says_which(ref: Reference) -> None:
    [match, *_] = ref.lookup("도 보위국")
    assert match.entry.id == "ag.mss"
    assert match.via is MatchVia.LEVEL
    assert match.level is not None and match.level.id == "ag.mss.provincial"
    [match, *_] = ref.lookup("군 보안서")
    assert (match.entry.id, match.level and match.level.id) == ("ag.mosos", "ag.mosos.city-county")


def test_results_are_ranked_then_in_file_order_and_repeatable(ref: Reference) -> None:
    found = ref.lookup("Hwasong")
    assert found[0].quality is MatchQuality.EXACT
    assert [m.quality.rank for m in found] == sorted(m.quality.rank for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert ref.lookup("Hwasong") == found
    assert len({m.entry.id for m in ref.lookup("h", limit=50)}) == len(ref.lookup("h", limit=50))


def test_filters_and_limits(ref: Reference) -> None:
    assert {m.entry.kind for m in ref.lookup("회령", kinds=["facilities"])} == {
        ReferenceKind.FACILITIES
    }
    assert first_id(ref, "화성", kinds=[ReferenceKind.FACILITIES]) == "fac.kwanliso-16-hwasong"
    assert len(ref.lookup("h", limit=3)) == 3
    assert ref.lookup("h", limit=0) == []
    assert ref.lookup("   ") == []
    assert ref.lookup("no such place anywhere") == []
    assert ref.entries("places", "special_city")
    assert all(e.type == "county" for e in ref.entries(type="county"))


# --- Normalisation and loose keys, on data without any variants ----------------------------


def test_keys_fold_diacritics_apostrophes_and_suffixes() -> None:
    assert normal_keys("Ch'ŏngjin") == ("chongjin",)
    assert normal_keys("Hamgyŏng-pukto") == ("hamgyongpukto",)
    assert normal_keys("North Hamgyong Province") == ("northhamgyongprovince", "northhamgyong")
    assert normal_keys("회령시") == ("회령시", "회령")
    assert normal_keys("안도") == ("안도",)  # too short to lose a suffix
    assert loose_keys("Cheongjin") == loose_keys("Ch'ŏngjin") == loose_keys("Chongjin")
    assert loose_keys("gwalliso") == loose_keys("kwanliso") == loose_keys("kwalliso")
    assert loose_keys("Ryanggang") == loose_keys("Yanggang")
    assert loose_keys("로동단련대") == loose_keys("노동단련대")
    assert loose_keys("량강도") == loose_keys("양강도")
    assert loose_keys("No. 11") != loose_keys("No. 1")  # doubled digits are not folded


def test_facility_numbers_stay_apart(ref: Reference) -> None:
    assert first_id(ref, "No. 1") == "fac.kyohwaso-1-kaechon"
    assert first_id(ref, "No. 11") == "fac.kyohwaso-11-chungsan"
    assert first_id(ref, "Kyohwaso No. 11") == "fac.kyohwaso-11-chungsan"


def _write(directory: Path, file_name: str, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (directory / file_name).write_text(text, encoding="utf-8")


def _minimal(directory: Path) -> Path:
    """A tiny but complete data set whose names carry no variants at all."""
    directory.mkdir(parents=True, exist_ok=True)
    place = {"type": "county", "parent": "kp"}
    _write(
        directory,
        "places.yaml",
        {
            "kind": "places",
            "version": "1.0.0",
            "entries": [
                {"id": "kp", "type": "country", "name": {"ko": "조선", "en": "DPRK"}},
                {"id": "kp.chongjin", "name": {"ko": "청진시", "en": "Chongjin"}, **place},
                {"id": "kp.ranam", "name": {"ko": "라남구역", "en": "Ranam"}, **place},
            ],
        },
    )
    names = {"kwanliso": ("관리소", "political prison camp")}
    _write(
        directory,
        "facility-types.yaml",
        {
            "kind": "facility_types",
            "version": "1.0.0",
            "entries": [
                {
                    "id": member.value,
                    "type": member.value,
                    "name": dict(
                        zip(
                            ("ko", "en"),
                            names.get(member.value, ("시설", member.value)),
                            strict=True,
                        )
                    ),
                    "description": {"ko": "설명", "en": "description"},
                    "variants": ["kwanliso"] if member.value == "kwanliso" else [],
                }
                for member in FacilityType
            ],
        },
    )
    _write(directory, "facilities.yaml", {"kind": "facilities", "version": "1.0.0", "entries": []})
    _write(directory, "agencies.yaml", {"kind": "agencies", "version": "1.0.0", "entries": []})
    _write(directory, "ranks.yaml", {"kind": "ranks", "version": "1.0.0", "entries": []})
    return directory


@pytest.mark.parametrize(
    ("text", "quality"),
    [
        ("Chongjin", MatchQuality.EXACT),
        ("Ch'ongjin", MatchQuality.NORMALISED),
        ("Chongjin-si", MatchQuality.NORMALISED),
        ("Cheongjin", MatchQuality.LOOSE),
        ("Ch'ŏngjin", MatchQuality.NORMALISED),
        ("Chŏngjin", MatchQuality.NORMALISED),
        ("청진", MatchQuality.NORMALISED),
        ("Cheongj", MatchQuality.PREFIX),
    ],
)
def test_romanisations_meet_without_listed_variants(
    tmp_path: Path, text: str, quality: MatchQuality
) -> None:
    bare = load_reference(_minimal(tmp_path / "reference"))
    [match, *_] = bare.lookup(text)
    assert (match.entry.id, match.quality) == ("kp.chongjin", quality)


def test_facility_type_romanisations_and_hangul_initial_rule_meet(tmp_path: Path) -> None:
    bare = load_reference(_minimal(tmp_path / "reference"))  # lists only "kwanliso"
    for text in ("gwalliso", "kwalliso", "kwan-li-so", "Kwalli-so"):
        [match, *_] = bare.lookup(text)
        assert match.entry.id == "kwanliso", text
        assert match.quality in (MatchQuality.NORMALISED, MatchQuality.LOOSE), text
    [match, *_] = bare.lookup("나남구역")  # South Korean spelling of 라남구역
    assert (match.entry.id, match.quality) == ("kp.ranam", MatchQuality.LOOSE)


# --- Broken files -------------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(SHIPPED, target)
    return target


def _edit(directory: Path, file_name: str) -> tuple[dict[str, Any], Path]:
    path = directory / file_name
    return yaml.safe_load(path.read_text(encoding="utf-8")), path


def _save(data: dict[str, Any], path: Path) -> None:
    _write(path.parent, path.name, data)


def _entry(data: dict[str, Any], entry_id: str) -> dict[str, Any]:
    return next(item for item in data["entries"] if item["id"] == entry_id)


def _problems(directory: Path) -> str:
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(directory)
    return str(caught.value)


def test_duplicate_id_in_another_file_is_refused(copy: Path) -> None:
    data, path = _edit(copy, "facilities.yaml")
    data["entries"][0]["id"] = "kp.hamgyong-north.hoeryong"
    _save(data, path)
    message = _problems(copy)
    assert "facilities.yaml: entry 'kp.hamgyong-north.hoeryong'" in message
    assert "already used in places.yaml" in message


def test_duplicate_id_in_the_same_file_is_refused(copy: Path) -> None:
    data, path = _edit(copy, "places.yaml")
    data["entries"].append(dict(_entry(data, "kp.hamgyong-north.onsong")))
    _save(data, path)
    assert "entry 'kp.hamgyong-north.onsong': id already used" in _problems(copy)


def test_dangling_parent_is_refused(copy: Path) -> None:
    data, path = _edit(copy, "places.yaml")
    _entry(data, "kp.hamgyong-north.musan")["parent"] = "kp.nowhere"
    _save(data, path)
    message = _problems(copy)
    assert "places.yaml: entry 'kp.hamgyong-north.musan': parent 'kp.nowhere'" in message


def test_dangling_place_and_operator_of_a_facility_are_refused(copy: Path) -> None:
    data, path = _edit(copy, "facilities.yaml")
    camp = _entry(data, "fac.kwanliso-15-yodok")
    camp["place"] = "kp.atlantis"
    camp["operated_by"] = ["ag.nobody"]
    _save(data, path)
    message = _problems(copy)
    assert "entry 'fac.kwanliso-15-yodok': place 'kp.atlantis'" in message
    assert "entry 'fac.kwanliso-15-yodok': operated_by 'ag.nobody'" in message


def test_korean_name_without_hangul_is_refused(copy: Path) -> None:
    data, path = _edit(copy, "places.yaml")
    _entry(data, "kp.hamgyong-north.hoeryong")["name"]["ko"] = "Hoeryong"
    _save(data, path)
    message = _problems(copy)
    assert "kp.hamgyong-north.hoeryong" in message
    assert "the Korean text has no Hangul: 'Hoeryong'" in message


def test_missing_korean_name_is_refused_naming_the_entry(copy: Path) -> None:
    data, path = _edit(copy, "agencies.yaml")
    del _entry(data, "ag.mss")["name"]["ko"]
    _save(data, path)
    message = _problems(copy)
    assert "agencies.yaml: entry 'ag.mss'" in message
    assert "name.ko" in message


def test_a_misspelt_key_is_refused(copy: Path) -> None:
    data, path = _edit(copy, "ranks.yaml")
    entry = _entry(data, "rank.sowi")
    entry["varients"] = entry.pop("variants")
    _save(data, path)
    assert "entry 'rank.sowi' (number" in _problems(copy)


def test_parent_loop_is_refused(copy: Path) -> None:
    data, path = _edit(copy, "places.yaml")
    _entry(data, "kp.hamgyong-north")["parent"] = "kp.hamgyong-north.hoeryong"
    _save(data, path)
    assert "form a loop" in _problems(copy)


def test_missing_file_and_missing_facility_type_are_refused(copy: Path) -> None:
    data, path = _edit(copy, "facility-types.yaml")
    data["entries"] = [e for e in data["entries"] if e["id"] != "jipkyulso"]
    _save(data, path)
    message = _problems(copy)
    assert "facility-types.yaml: entry 'jipkyulso': missing" in message
    (copy / "ranks.yaml").unlink()
    assert "ranks.yaml: the file is missing" in _problems(copy)


def test_unknown_source_is_refused(copy: Path) -> None:
    data, path = _edit(copy, "facilities.yaml")
    _entry(data, "fac.kwanliso-14-kaechon")["sources"] = ["rumour"]
    _save(data, path)
    assert "entry 'fac.kwanliso-14-kaechon': source 'rumour'" in _problems(copy)


def test_reference_data_error_is_a_value_error() -> None:
    assert issubclass(ReferenceDataError, ValueError)


def test_a_key_given_twice_is_refused_with_its_line(copy: Path) -> None:
    path = copy / "ranks.yaml"
    text = path.read_text(encoding="utf-8")
    first_name = next(line for line in text.splitlines() if line.strip().startswith("ko:"))
    text = text.replace(first_name + "\n", first_name + "\n" + first_name + "\n", 1)
    path.write_text(text, encoding="utf-8")
    message = _problems(copy)
    assert "ranks.yaml: cannot be read: line" in message
    assert "duplicate key 'ko'" in message
