"""Consent to sharing is the witness's (review 2026-12-06 M6): a withdrawal of sharing
with accountability mechanisms in any interview of a witness withholds every interview of
that witness, those of the same interviewee and those an analyst confirmed to be the same
person, counted as `consent_withdrawn` and never named (docs/disclosure.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.domain import Consent, ConsentMethod, ConsentScope
from app.sync.repository import desk, witness_decisions
from app.sync.repository.disclosure import Selection, disclose
from app.sync.repository.store import Repository
from tests.repository_support import Laptop, interview, laptop, ship
from tests.sync_support import new_repository, run_tool

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""

SHARING = frozenset({ConsentScope.SHARE_ACCOUNTABILITY})


def _withdraw_sharing(field: Laptop, made: dict[str, Any]) -> None:
    (consent,) = field.services.consents.find(interview_id=made["interview"].id)
    field.services.consents.withdraw(consent, SHARING)


def _recipient(tmp: Path) -> str:
    key = tmp / "court-key.txt"
    if not key.exists():
        run_tool("age-keygen", "-o", str(key))
    return next(
        line.split(": ", 1)[1]
        for line in key.read_text().splitlines()
        if line.startswith("# public key: ")
    )


def _column(geneva: Repository, code: str) -> dict[str, Any]:
    """What the desk's consent column says of one interview: the same rule."""
    return next(row["consent"] for row in desk.interview_rows(geneva) if row["code"] == code)


def _disclose(geneva: Repository, tmp: Path, *codes: str) -> tuple[list[str], dict[str, int]]:
    selection = Selection(interview_codes=codes)
    preview = desk.disclosure_preview(geneva, selection, [])
    made = disclose(
        geneva,
        recipient=_recipient(tmp),
        recipient_name="mechanism",
        out=tmp / f"disclosure-{len(list(tmp.glob('*.sillok')))}.sillok",
        made_by="legal officer 1",
        selection=selection,
    )
    assert (preview["interviews"], preview["withheld"]) == (sorted(made.interviews), made.withheld)
    return made.interviews, made.withheld


def test_a_withdrawal_in_one_interview_withholds_every_interview_of_the_interviewee(
    tmp_path: Path,
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "a")
    first = interview(field)
    again = interview(field, interviewee=first["interviewee"])
    other = interview(field)
    _withdraw_sharing(field, again)
    ship(field, geneva)
    codes = [m["interview"].code for m in (first, again, other)]

    assert _disclose(geneva, tmp_path, codes[0]) == ([], {"consent_withdrawn": 1})
    assert _disclose(geneva, tmp_path, *codes) == ([codes[2]], {"consent_withdrawn": 2})
    first_shown = _column(geneva, codes[0])
    assert (first_shown["sharing"], first_shown["witness_withdrew"]) == (False, True)
    assert first_shown["withdrawn"] is False  # its own consent withdrew nothing
    assert _column(geneva, codes[2])["sharing"] is True


@pytest.mark.parametrize("same", [True, False], ids=["confirmed", "rejected"])
def test_a_withdrawal_reaches_the_interviews_of_a_witness_confirmed_on_another_device(
    tmp_path: Path, same: bool
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul, busan = laptop(tmp_path, geneva, "a"), laptop(tmp_path, geneva, "b")
    first = interview(seoul)
    again = interview(busan)
    _withdraw_sharing(busan, again)
    ship(seoul, geneva)
    ship(busan, geneva)
    code = first["interview"].code
    assert _disclose(geneva, tmp_path, code) == ([code], {})

    # the latest decision on a pair holds: a confirmation later rejected joins nothing
    witness_decisions.decide(
        geneva, code, again["interview"].code, same=not same, reasons="first look",
        analyst="analyst 1",
    )  # fmt: skip
    witness_decisions.decide(
        geneva, code, again["interview"].code, same=same, reasons="same face, same story",
        analyst="analyst 2",
    )  # fmt: skip
    expected = ([], {"consent_withdrawn": 1}) if same else ([code], {})
    assert _disclose(geneva, tmp_path, code) == expected
    assert _column(geneva, code)["sharing"] is not same


def test_a_later_consent_that_no_longer_allows_sharing_is_a_withdrawal_too(
    tmp_path: Path,
) -> None:
    """Sharing allowed, then a new consent to the same interview, given later, that does
    not allow it: the witness took it back, for all their interviews. An interview whose
    consent never allowed sharing withholds only itself."""
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "a")
    first = interview(field)
    again = interview(field, interviewee=first["interviewee"])
    never = interview(field, scopes=frozenset(ConsentScope) - SHARING)
    beside = interview(field, interviewee=never["interviewee"])
    field.services.consents.create(
        Consent(
            interview_id=again["interview"].id,
            interviewee_id=again["interviewee"].id,
            granted=frozenset(ConsentScope) - SHARING,
            method=ConsentMethod.ORAL,
            given_at=datetime.now(UTC) + timedelta(minutes=5),
            recorded_by="officer-a",
        )
    )
    ship(field, geneva)
    code, kept = first["interview"].code, beside["interview"].code
    assert _disclose(geneva, tmp_path, code, kept) == ([kept], {"consent_withdrawn": 1})
    # the column names the other interview only where it is the reason
    assert _column(geneva, code)["witness_withdrew"] is True
    assert _column(geneva, again["interview"].code)["witness_withdrew"] is False
    assert _column(geneva, again["interview"].code)["sharing"] is False
