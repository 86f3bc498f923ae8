"""Witnesses, identity, people and facilities."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from pydantic import ValidationError

from app.domain import (
    Facility,
    FacilityType,
    IdentityRecord,
    Interviewee,
    Person,
    PersonRole,
    PlaceRef,
    Relative,
    new_pseudonymous_code,
)


def test_pseudonymous_code_shape_and_alphabet() -> None:
    codes = {new_pseudonymous_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"SLK-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code), code
        assert not set(code[4:]) & set("01OI")
        assert Interviewee(code=code).code == code


@pytest.mark.parametrize("code", ["slk-abcd-efgh", "SLK", "SLK AAAA", "김영희-0001", "A" * 33])
def test_codes_that_are_not_pseudonymous_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="code"):
        Interviewee(code=code)


def test_birth_band_is_a_decade_never_a_year() -> None:
    assert Interviewee(code="SLK-AAAA-BBBB", year_of_birth_band="1980s").year_of_birth_band == (
        "1980s"
    )
    with pytest.raises(ValidationError, match="year_of_birth_band"):
        Interviewee(code="SLK-AAAA-BBBB", year_of_birth_band="1983")


def test_identity_is_a_kind_of_its_own() -> None:
    identity = IdentityRecord(interviewee_id=uuid4(), real_name="김영희")
    assert (identity.kind, identity.holds_identity) == ("identity", True)
    assert (Interviewee.kind, Interviewee.holds_identity) == ("interviewee", False)
    assert "real_name" not in Interviewee.model_fields
    assert identity.relatives == [] and identity.other_names == []


def test_relative_needs_a_relation_but_not_a_name() -> None:
    assert Relative(relation="아버지").name is None
    with pytest.raises(ValidationError, match="relation"):
        Relative(name="김철수", relation="  ")


def test_person_descriptor_defaults_to_empty() -> None:
    person = Person(role=PersonRole.PERPETRATOR, name="최")
    assert person.descriptor.agency is None
    assert person.interview_id is None


def test_place_needs_a_reference_or_a_text() -> None:
    assert PlaceRef(text="회령").reference_id is None
    assert PlaceRef(reference_id="KP-1").text is None
    with pytest.raises(ValidationError, match="a place needs a reference id or a text"):
        PlaceRef()
    with pytest.raises(ValidationError, match="a place needs a reference id or a text"):
        PlaceRef(text=" ", reference_id="")


def test_facility_needs_a_name_and_a_known_type() -> None:
    assert Facility(name="전거리 교화소", facility_type="kyohwaso").facility_type is (
        FacilityType.KYOHWASO
    )
    with pytest.raises(ValidationError, match="name"):
        Facility(name="", facility_type=FacilityType.KWANLISO)
    with pytest.raises(ValidationError, match="facility_type"):
        Facility(name="x", facility_type="gulag")
