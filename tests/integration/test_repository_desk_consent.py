"""The desk's consent column shows the consent disclosure applies (review 2026-12-06 m1):
of several consents to one interview, the one given last, whatever the order of their
ids. On the SQLCipher file and on PostgreSQL (conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from app.domain import Consent, ConsentMethod, ConsentScope
from app.sync.repository import desk, disclosure_consent
from tests.repository_support import interview, laptop, ship
from tests.sync_support import new_repository

pytestmark = pytest.mark.usefixtures("repository_backend")


def test_the_consent_given_last_is_the_one_shown_even_with_a_lower_id(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul)  # a first consent: everything, sharing included (a random id)
    seoul.services.consents.create(
        Consent(
            id=UUID(int=1),  # lower than any random id: listed first by id
            interview_id=made["interview"].id,
            interviewee_id=made["interviewee"].id,
            granted=frozenset(ConsentScope) - {ConsentScope.SHARE_ACCOUNTABILITY},
            method=ConsentMethod.ORAL,
            given_at=datetime.now(UTC) + timedelta(minutes=5),
            recorded_by="officer-seoul",
        )
    )
    ship(seoul, geneva)
    interview_id = str(made["interview"].id)
    assert disclosure_consent.refusal(geneva, interview_id) == "consent_refuses_sharing"
    (row,) = desk.interview_rows(geneva)
    assert row["consent"]["held"] and row["consent"]["sharing"] is False
    geneva.close()
    seoul.database.close()


def test_the_list_reads_each_consent_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The column and the witnesses who withdrew come from one reading of the consents'
    bodies (each parsed once), with the same answer."""
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    shared = interview(seoul)
    refused = interview(seoul, scopes=frozenset(ConsentScope) - {ConsentScope.SHARE_ACCOUNTABILITY})
    ship(seoul, geneva)
    parsed: list[object] = []
    original = Consent.model_validate_json

    def counting(data: str | bytes, *args: object, **kwargs: object) -> Consent:
        parsed.append(data)
        return original(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Consent, "model_validate_json", counting)
    rows = {row["id"]: row["consent"] for row in desk.interview_rows(geneva)}
    assert len(parsed) == 2  # one consent each
    assert rows[str(shared["interview"].id)]["sharing"] is True
    assert rows[str(refused["interview"].id)]["sharing"] is False
    assert rows[str(refused["interview"].id)]["held"] is True
    geneva.close()
    seoul.database.close()
