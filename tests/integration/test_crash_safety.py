"""Kill -9 at random points during saves: no acknowledged save is ever lost."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from app.services import Services
from app.store.database import Database
from tests.crash_rounds import kill_round, verify
from tests.support import FAST_KDF, PASSPHRASE, record_interview

ROUNDS = 50


@pytest.mark.slow
def test_every_acknowledged_save_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "sillok.db"
    with Database.create(db, PASSPHRASE, FAST_KDF) as database:
        interview_id = record_interview(Services(database, "setup"), with_text=False)[
            "interview"
        ].id
    rng = random.Random(20261122)
    next_number = 0
    acknowledged_total = 0
    for round_number in range(ROUNDS):
        result = kill_round(db, PASSPHRASE, interview_id, next_number, rng)
        assert result.missing == [], f"round {round_number}: lost {result.missing}"
        assert result.check_findings == [], f"round {round_number}: {result.check_findings}"
        acknowledged_total += result.acknowledged + 1 - next_number
        next_number = result.acknowledged + 1
    # The rounds did real work: many saves in all, so kills landed among them.
    assert acknowledged_total > ROUNDS


def test_the_verifier_notices_a_lost_save(services: Any) -> None:
    """If a save were lost, the round would report it: the test above can fail."""
    from app.domain import TextValue

    interview_id = record_interview(services, with_text=False)["interview"].id
    for number in range(3):
        services.answers.save(interview_id, f"q.crash.{number}", TextValue(text="x"))
    database = services.context.database
    database.connection.execute("DELETE FROM answers WHERE question_id = 'q.crash.1'")
    database.close()
    result = verify(database.path, PASSPHRASE, interview_id, acknowledged=2)
    assert result.missing == [1]
    assert result.check_findings  # the record vanished without an audit entry
