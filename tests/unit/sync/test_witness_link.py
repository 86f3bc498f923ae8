"""The witness link (app/sync/witness_link.py): the same stable identifiers give the same
link under one secret, written with other spacing, case or hyphens; anything else, or
another secret, gives another; no name or year, no link; the secret opens only with the
device key it was sealed to."""

from __future__ import annotations

import pytest

from app.domain import ApproximateDate, Precision
from app.domain.people import IdentityData
from app.formats import age
from app.formats.errors import NotForThisKey
from app.sync.witness_link import LINK_PREFIX, LinkKey, link, new_secret, open_key, seal_for


def _identity(name: str | None, year: int | None = 1975) -> IdentityData:
    born = ApproximateDate(precision=Precision.YEAR, year=year) if year else None
    return IdentityData(real_name=name, birth_date=born)


@pytest.fixture
def key() -> tuple[bytes, LinkKey]:
    device = age.AgeIdentity.generate()
    secret = new_secret()
    sealed = seal_for(secret, device.recipient, memory_kib=8, time_cost=1)
    assert open_key(sealed, device) == secret
    with pytest.raises(NotForThisKey):
        open_key(sealed, age.AgeIdentity.generate())
    return secret, sealed


def test_the_same_person_written_differently_gives_one_link(key: tuple[bytes, LinkKey]) -> None:
    secret, sealed = key
    first = link(secret, sealed, _identity("Kim Sun-hui"))
    assert first is not None and first.startswith(LINK_PREFIX) and len(first) == 36
    assert link(secret, sealed, _identity("kim sunhui")) == first
    assert link(secret, sealed, _identity("ＫＩＭ　ＳＵＮ・ＨＵＩ".replace("・", "-"))) == first
    assert link(secret, sealed, _identity("김 순희")) == link(secret, sealed, _identity("김순희"))


def test_anything_else_gives_another_link_or_none(key: tuple[bytes, LinkKey]) -> None:
    secret, sealed = key
    first = link(secret, sealed, _identity("김순희"))
    assert link(secret, sealed, _identity("김순이")) != first
    assert link(secret, sealed, _identity("김순희", 1976)) != first
    assert link(new_secret(), sealed, _identity("김순희")) != first
    assert link(secret, sealed, _identity(None)) is None
    assert link(secret, sealed, _identity("김순희", None)) is None
    assert link(secret, sealed, _identity("  ")) is None
