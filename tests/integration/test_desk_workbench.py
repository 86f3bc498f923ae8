"""The desk's core verbs on a real encrypted database: consent first, sessions, list rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.desk.errors import ConsentRequired
from app.desk.summaries import interview_rows
from app.desk.workbench import Stats, Workbench
from app.domain import ConsentMethod, ConsentScope, Interview, PauseReason, TextValue
from app.services import Services
from app.settings import Settings, load_settings, save_settings
from app.store import audit
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bench(tmp_path: Path, clock: Clock) -> Iterator[Workbench]:
    database = Database.create(tmp_path / "desk.db", PASSPHRASE, FAST_KDF)
    yield Workbench(Services(database, "officer-1", clock))
    database.close()


def _start(bench: Workbench) -> Interview:
    return bench.start_interview(
        interviewer="officer-1",
        interpreter="interpreter-1",
        questionnaire_id="sillok.default",
        questionnaire_version="1.0.0",
    )


def test_nothing_is_recorded_before_consent(bench: Workbench) -> None:
    interview = _start(bench)
    with pytest.raises(ConsentRequired) as refused:
        bench.save_answer(interview.id, "background.occupation", TextValue(text="광부"))
    assert interview.code in refused.value.message()
    with pytest.raises(ConsentRequired):
        bench.start_session(interview.id, ["officer-1"])
    assert bench.services.answers.find(interview_id=interview.id) == []

    bench.record_consent(interview, {ConsentScope.TRANSFER_GENEVA}, ConsentMethod.ORAL, "o-1")
    saved = bench.save_answer(interview.id, "background.occupation", TextValue(text="광부"))
    assert saved is not None and saved.value == TextValue(text="광부")
    assert bench.services.interviews.get(interview.id).status == "in_progress"


def test_withdrawing_consent_is_in_the_audit_trail(bench: Workbench, clock: Clock) -> None:
    interview = _start(bench)
    consent = bench.record_consent(
        interview,
        {ConsentScope.TRANSFER_GENEVA, ConsentScope.RECONTACT},
        ConsentMethod.WRITTEN,
        "o-1",
    )
    clock.now += timedelta(minutes=30)
    withdrawn = bench.withdraw_consent(consent, {ConsentScope.RECONTACT}, "changed her mind")
    assert withdrawn.current_scopes == {ConsentScope.TRANSFER_GENEVA}
    assert withdrawn.allows(ConsentScope.RECONTACT, clock.now - timedelta(minutes=1))
    database = bench.services.context.database
    with database.reading() as connection:
        entries = connection.execute(
            "SELECT action, content_hash FROM audit_log WHERE entity_id = ? ORDER BY seq",
            (str(consent.id),),
        ).fetchall()
    assert [action for action, _hash in entries] == ["create", "update"]
    # the audit entry seals exactly the consent as withdrawn: given scopes and withdrawal
    assert entries[-1][1] == audit.content_hash(withdrawn.content_json())
    assert bench.services.consents.get(consent.id).withdrawals[0].note == "changed her mind"


def test_sessions_pause_resume_and_end(bench: Workbench, clock: Clock) -> None:
    interview = _start(bench)
    bench.record_consent(interview, set(), ConsentMethod.ORAL, "o-1")
    session = bench.start_session(interview.id, ["officer-1", "interpreter-1"])
    clock.now += timedelta(minutes=50)
    session = bench.pause(session, PauseReason.BREAK)
    clock.now += timedelta(minutes=10)
    session = bench.resume(session)
    clock.now += timedelta(minutes=20)
    session = bench.end_session(session)
    assert session.elapsed(clock.now) == timedelta(minutes=70)
    again = bench.start_session(interview.id, ["officer-1"])
    assert again.number == 2  # a re-interview is a new session of the same interview


def test_list_rows_show_progress_and_coverage(bench: Workbench) -> None:
    first, second = _start(bench), _start(bench)
    bench.record_consent(first, set(), ConsentMethod.ORAL, "o-1")
    bench.save_stats(first.id, Stats(answered=3, shown=12, covered=2, elements=8))
    rows = {row.code: row for row in interview_rows(bench.services.context.database)}
    assert rows[first.code].progress == 0.25
    assert rows[first.code].coverage == 0.25
    assert rows[first.code].has_consent
    assert not rows[second.code].has_consent
    assert rows[second.code].interviewer == "officer-1"


def test_settings_round_trip_and_a_damaged_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    assert load_settings(path) == Settings()
    save_settings(Settings(language="en", autolock_minutes=9, default_interviewer="박"), path)
    assert load_settings(path).autolock_minutes == 9
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
