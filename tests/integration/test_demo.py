"""The demo database: invented interviews through the real services, clearly marked,
walked through the default questionnaire, and refused where it could be mistaken for
real work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.demo import DEMO_INTERVIEWER, is_demo, mark_as_demo, purpose
from app.demo.errors import (
    DemoAtRealDatabase,
    DemoCountInvalid,
    DemoNotEmpty,
    NotADemoDatabase,
)
from app.demo.generate import create_demo, fill_new_demo, populate
from app.domain import Consent, Incident, Interview, Session, TranscriptSegment
from app.questionnaire import evaluate, questionnaire_for
from app.services import Services
from app.store.check import run_check
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE

HANGUL = range(0xAC00, 0xD7A4)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "sillok-demo.db"
    summary = create_demo(path, PASSPHRASE, 3, kdf_params=FAST_KDF)
    assert (summary.interviews, summary.segments) == (3, 19)
    return path


@pytest.fixture
def opened(demo_db: Path):
    with Database.open(demo_db, PASSPHRASE) as database:
        yield database


def test_marked_demo_in_the_meta_table_and_on_every_interview(opened: Database) -> None:
    assert purpose(opened) == "demo" and is_demo(opened)
    interviews = Services(opened, "reader").interviews.find()
    assert len(interviews) == 3
    for interview in interviews:
        assert isinstance(interview, Interview)
        assert interview.code.startswith("DEMO-")
        assert interview.interviewer == DEMO_INTERVIEWER
        assert interview.notes is not None and interview.notes.startswith("DEMO — synthetic")


def test_passes_the_full_check(opened: Database) -> None:
    report = run_check(opened)
    assert report.findings == [] and report.audit_entries > 700


def test_answers_fit_the_default_questionnaire(opened: Database) -> None:
    services = Services(opened, "reader")
    for interview in services.interviews.find():
        # The demo records 1.x interviews: each is read with the version it was recorded under.
        questionnaire = questionnaire_for(
            interview.questionnaire_id, interview.questionnaire_version
        )
        assert questionnaire.version.startswith("1.")
        answers = services.answers.for_interview(interview.id)
        evaluation = evaluate(questionnaire, answers)
        assert len(answers) > 150
        assert not evaluation.orphans and not evaluation.violations
        assert not evaluation.required_missing
        assert {a.questionnaire_version for a in answers} == {questionnaire.version}
        assert any(a.position.startswith("detention.stay#0") for a in answers)


def test_sessions_pauses_consent_incidents(opened: Database) -> None:
    services = Services(opened, "reader")
    sessions: list[Session] = services.sessions.find()
    assert len(sessions) == 4  # the political case came back for a second session
    assert all(s.ended_at is not None and s.pauses for s in sessions)
    assert any(p.reason == "distress" for s in sessions for p in s.pauses)
    consents: list[Consent] = services.consents.find()
    assert len(consents) == 3
    assert sum(1 for c in consents if c.withdrawals) == 1
    incidents: list[Incident] = services.incidents.find()
    assert any(i.exculpatory for i in incidents)
    assert all(i.person_ids and i.facility_id for i in incidents)
    assert all("가상" in f.name for f in services.facilities.find())


def test_korean_transcripts_with_tags_on_the_spoken_words(opened: Database) -> None:
    services = Services(opened, "reader")
    segments = {s.id: s for s in services.transcripts.find()}
    assert all(isinstance(s, TranscriptSegment) for s in segments.values())
    assert all(any(ord(c) in HANGUL for c in s.text) for s in segments.values())
    spans = [t for t in services.tags.find() if t.is_span]
    assert len(spans) >= 10
    for tag in spans:
        text = segments[tag.segment_id].text
        assert 0 <= tag.start < tag.end <= len(text)
        assert text[tag.start] != " " and text[tag.end - 1] != " "
    assert {t.element_id for t in spans} >= {"CAH.7.1.f.1", "CAH.7.1.a.1", "CAH.7.1.i.1"}
    assert any(t.answer_id is not None for t in services.tags.find())


@pytest.mark.parametrize("count", [0, -1, 201])
def test_count_out_of_range_creates_nothing(tmp_path: Path, count: int) -> None:
    path = tmp_path / "demo.db"
    with pytest.raises(DemoCountInvalid) as raised:
        create_demo(path, PASSPHRASE, count, kdf_params=FAST_KDF)
    assert raised.value.exit_code == 50
    assert list(tmp_path.iterdir()) == []


def test_never_at_the_real_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "Sillok" / "sillok.db"
    monkeypatch.setattr("app.demo.default_database", lambda: real)
    with pytest.raises(DemoAtRealDatabase) as raised:
        create_demo(real, PASSPHRASE, 1, kdf_params=FAST_KDF)
    assert raised.value.exit_code == 51
    assert not real.parent.exists()


def test_a_real_database_gets_no_demo_data(database: Database) -> None:
    with pytest.raises(NotADemoDatabase) as raised:
        populate(database, 1)
    assert raised.value.exit_code == 52
    assert Services(database, "reader").interviews.find() == []
    mark_as_demo(database)
    mark_as_demo(database)  # once marked, stays marked; a second mark changes nothing
    assert populate(database, 1).interviews == 1


def test_command_line_creates_a_demo_that_checks(tmp_path: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    db = tmp_path / "practice" / "demo.db"
    env = {**os.environ, "SILLOK_LANGUAGE": "ko"}

    def sillok(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "app", *args, "--passphrase-file", str(secret)]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    refused = sillok("demo", "--db", str(db), "--interviews", "500")
    assert refused.returncode == 50 and "500" in refused.stderr
    assert "Traceback" not in refused.stderr and not db.parent.exists()
    made = sillok("demo", "--db", str(db), "--interviews", "1")
    assert made.returncode == 0, made.stderr
    assert "DEMO" in made.stderr
    checked = sillok("check", "--db", str(db))
    assert checked.returncode == 0, checked.stderr
    again = sillok("demo", "--db", str(db), "--interviews", "1")
    assert again.returncode == 9  # never overwrites


def test_a_new_database_filled_as_demo_and_only_once(database: Database) -> None:
    summary = fill_new_demo(database, 2)
    assert summary.interviews == 2 and is_demo(database)
    with pytest.raises(DemoNotEmpty) as raised:
        fill_new_demo(database, 1)
    assert raised.value.exit_code == 53
    assert populate(database, 1).interviews == 1  # more practice data: codes go on
    codes = sorted(i.code for i in Services(database, "reader").interviews.find())
    assert codes == ["DEMO-0001-A", "DEMO-0002-A", "DEMO-0003-A"]


def test_a_database_with_real_records_never_becomes_a_demo(
    database: Database, services: Services
) -> None:
    from tests.support import record_interview

    record_interview(services)
    with pytest.raises(DemoNotEmpty):
        fill_new_demo(database)
    assert purpose(database) is None
