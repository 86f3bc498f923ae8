"""A withdrawal of sharing that arrives while a disclosure is being made (review
2026-12-06 m3): the consent is checked at the start, the statements are printed and
encrypted for minutes, then the disclosure is registered. The register's transaction reads
the consents again; when they changed, nothing is registered and the disclosure is made
again from the start, without the interview whose witness withdrew (docs/disclosure.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.sync.repository import disclosure
from app.sync.repository.analysis_errors import ConsentChangedDuringDisclosure
from app.sync.repository.disclosure import Selection, disclose
from app.sync.repository.disclosure_register import register
from tests.integration.test_disclosure_witness_consent import _recipient, _withdraw_sharing
from tests.repository_support import interview, laptop, ship
from tests.sync_support import new_repository

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


def _between_check_and_register(
    monkeypatch: pytest.MonkeyPatch, arrive: Any, times: int = 1
) -> list[int]:
    """Run `arrive` (a withdrawal shipped to Geneva) after the consent check, while the
    package is written, before its register line, the first `times` times."""
    real = disclosure.write_package
    calls: list[int] = []

    def writing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= times:
            arrive()
        return real(*args, **kwargs)

    monkeypatch.setattr(disclosure, "write_package", writing)
    return calls


@pytest.mark.parametrize("whose", ["its_own", "the_witness_in_another_interview"])
def test_a_withdrawal_during_the_disclosure_makes_it_again_without_that_interview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whose: str
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "a")
    first = interview(field)
    again = interview(field, interviewee=first["interviewee"])
    other = interview(field)
    ship(field, geneva)
    withdrawn = first if whose == "its_own" else again

    def arrive() -> None:
        _withdraw_sharing(field, withdrawn)
        ship(field, geneva)

    calls = _between_check_and_register(monkeypatch, arrive)
    codes = (first["interview"].code, other["interview"].code)
    out = tmp_path / "court.sillok"
    made = disclose(
        geneva,
        recipient=_recipient(tmp_path),
        recipient_name="mechanism",
        out=out,
        made_by="legal officer 1",
        selection=Selection(interview_codes=codes),
    )

    assert len(calls) == 2  # made again from the start
    assert (made.interviews, made.withheld) == ([other["interview"].code], {"consent_withdrawn": 1})
    (line,) = register(geneva)
    assert (line["number"], line["interviews"], line["outcome"]) == (
        made.number,
        [other["interview"].code],
        "written",
    )
    assert [p.name for p in tmp_path.glob("*.sillok")] == [out.name]


def test_consent_changing_at_every_attempt_stops_with_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "a")
    made = [interview(field) for _ in range(disclosure.CONSENT_ATTEMPTS + 1)]
    ship(field, geneva)
    left = list(made)

    def arrive() -> None:
        _withdraw_sharing(field, left.pop())
        ship(field, geneva)

    _between_check_and_register(monkeypatch, arrive, times=disclosure.CONSENT_ATTEMPTS)
    out = tmp_path / "court.sillok"
    with pytest.raises(ConsentChangedDuringDisclosure) as raised:
        disclose(
            geneva,
            recipient=_recipient(tmp_path),
            recipient_name="mechanism",
            out=out,
            made_by="legal officer 1",
        )

    assert raised.value.exit_code == 76
    assert "consent" in raised.value.message()
    assert register(geneva) == []
    assert list(tmp_path.glob("*.sillok")) == []
    assert not out.exists()
