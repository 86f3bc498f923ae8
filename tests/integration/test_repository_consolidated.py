"""The consolidated view at Geneva (app/sync/repository/consolidated.py): the current
version of every record from every device, each earlier version and its package one step
away, updated at ingest, rebuildable, and evidence never changed; the analysts'
assessments beside it (assessments.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain import TextValue
from app.errors import InvalidInput, NotFound
from app.sync.repository import assessments, consolidated, matrix, registers
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.repository_support import (
    current_rows,
    drop_schema_3,
    interview,
    laptop,
    schema_version,
    ship,
)
from tests.sync_support import GENEVA_PASSPHRASE, new_repository

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


def _evidence(geneva: Repository) -> list[tuple[object, ...]]:
    with geneva.reading() as connection:
        return connection.execute("SELECT * FROM records ORDER BY 1, 2, 3, 4").fetchall()


def test_current_versions_with_every_earlier_one_and_its_package(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul)
    ship(seoul, geneva)
    seoul.services.answers.save(
        made["interview"].id, "q.narrative.0", TextValue(text="석 달 동안 조사를 받았습니다")
    )
    seoul.services.incidents.delete(made["incident"])
    ship(seoul, geneva)

    with geneva.reading() as connection:
        answer = consolidated.one(connection, "answer", str(made["answer"].id))
        assert answer is not None and answer.version == 2 and answer.versions == 2
        assert answer.body["value"]["text"] == "석 달 동안 조사를 받았습니다"
        history = consolidated.versions(connection, "answer", str(made["answer"].id))
        assert [(v.version, v.sequence) for v in history] == [(1, 1), (2, 2)]
        packages = dict(connection.execute("SELECT sequence, sha256 FROM packages"))
        assert [v.package_sha256 for v in history] == [packages[1], packages[2]]
        earlier = consolidated.version_body(connection, "answer", str(made["answer"].id), 1)
        assert earlier is not None and "조사를 받았습니다" in earlier and "석 달" not in earlier
        # The deleted incident leaves the views but its versions stay one step away.
        assert consolidated.one(connection, "incident", str(made["incident"].id)) is None
        assert connection.execute("SELECT count(*) FROM incidents").fetchone() == (0,)
        deleted = consolidated.versions(connection, "incident", str(made["incident"].id))
        assert [v.deleted for v in deleted] == [False, True]
        shown = registers.show(connection, made["interview"].code)
    kinds = [held["kind"] for held in shown["held"]]
    assert kinds.count("interview") == 1
    assert {"interview", "answer", "consent", "element_tag"} <= set(kinds)
    assert "incident" not in kinds
    answer_shown = next(h for h in shown["held"] if h["kind"] == "answer")
    assert [v["version"] for v in answer_shown["versions"]] == [1, 2]


def test_the_view_is_derived_and_rebuilt_from_the_evidence_alone(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    interview(seoul)
    interview(seoul)
    ship(seoul, geneva)
    before, evidence = current_rows(geneva), _evidence(geneva)
    assert len(before) == len({(row[0], row[1]) for row in evidence})
    with geneva.reading() as connection:
        assert consolidated.drift(connection) == []
    # A row changed, one removed, one invented: each is named, and the check says so.
    first, second = before[0], before[1]
    with geneva.transaction() as connection:
        connection.execute(
            "UPDATE current_records SET version = 9 WHERE kind = ? AND record_id = ?", first[:2]
        )
        connection.execute(
            "DELETE FROM current_records WHERE kind = ? AND record_id = ?", second[:2]
        )
        connection.execute(
            "INSERT INTO current_records VALUES ('zzz', 'made-up', 1, 0, 'dev', 1, 1, "
            "NULL, NULL, NULL, 0)"
        )
        assert consolidated.drift(connection) == [first[:2], second[:2], ("zzz", "made-up")]
    with geneva.transaction() as connection:
        connection.execute("DELETE FROM current_records")
        assert consolidated.rebuild(connection) == len(before)
    assert current_rows(geneva) == before and _evidence(geneva) == evidence

    # A store of schema 2 gains the view, derived from what it holds, when opened.
    drop_schema_3(geneva)
    geneva.close()
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        assert schema_version(reopened) == SCHEMA_VERSION
        assert current_rows(reopened) == before and _evidence(reopened) == evidence


def test_assessments_are_versioned_attributed_and_shown_beside_the_fact(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul)
    ship(seoul, geneva)
    evidence = _evidence(geneva)
    incident, witness = str(made["incident"].id), str(made["interviewee"].id)

    assessments.assess(geneva, incident, "credibility", "medium", "dates vague", "analyst-a")
    second = assessments.assess(
        geneva, incident, "credibility", "high", "matches a release certificate", "analyst-b"
    )
    assessments.assess(geneva, witness, "reliability", "high", "consistent over 3 h", "analyst-a")
    assert (second.version, second.target_kind) == (2, "incident")
    with pytest.raises(InvalidInput):
        assessments.assess(geneva, incident, "credibility", "high", "  ", "analyst-a")
    with pytest.raises(InvalidInput):
        assessments.assess(geneva, incident, "honesty", "high", "why", "analyst-a")
    with pytest.raises(NotFound):
        assessments.assess(geneva, "no-such-thing", "credibility", "low", "why", "analyst-a")

    with geneva.reading() as connection:
        history = assessments.history(connection, incident)
        (incident_row,) = registers.register(connection, "incidents")
        (witness_row,) = registers.register(connection, "witnesses")
        shown = registers.show(connection, str(made["interview"].id))
        (element_row,) = matrix.matrix(connection)
        (gap,) = matrix.gaps(connection)
    assert [(a.rating, a.analyst) for a in history] == [
        ("medium", "analyst-a"),
        ("high", "analyst-b"),
    ]
    (beside,) = incident_row["assessments"]
    assert (beside["rating"], beside["analyst"], beside["versions"]) == ("high", "analyst-b", 2)
    assert witness_row["assessments"][0]["aspect"] == "reliability"
    assert shown["witness_assessments"][0]["rating"] == "high"
    assert {(a["target_id"], a["aspect"]) for a in element_row["assessments"]} == {
        (incident, "credibility"),
        (witness, "reliability"),
    }
    assert gap["assessments"] == element_row["assessments"]
    assert _evidence(geneva) == evidence


def test_the_command_line_assesses_lists_and_rebuilds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul, perpetrator=("박철", "보위부", "예심과"))
    ship(seoul, geneva)
    geneva.close()
    secret = tmp_path / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    repo = ["--repo", str(tmp_path / "geneva"), "--passphrase-file", str(secret)]
    incident = str(made["incident"].id)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["repository", *args, *repo])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _err = run(
        "assess", incident, "--aspect", "credibility", "--rating", "low",
        "--reasons", "the dates contradict the release certificate", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["version"] == 1
    code, _out, err = run(
        "assess", incident, "--aspect", "credibility", "--rating", "low", "--reasons", " "
    )  # fmt: skip
    assert code == 14 and "reasons" in err
    code, out, _err = run("register", "incidents", "--json")
    (row,) = json.loads(out)
    assert row["assessments"][0]["reasons"] == "the dates contradict the release certificate"
    (person,) = made["people"]
    code, out, _err = run(
        "assess", str(person.id), "--aspect", "credibility", "--rating", "medium",
        "--reasons", "named by rank and unit, not by face",
    )  # fmt: skip
    code, out, _err = run("register", "perpetrators", "--json")
    (perpetrator,) = json.loads(out)
    assert perpetrator["name"] == "박철" and perpetrator["unit"] == "예심과"
    assert perpetrator["assessments"][0]["reasons"] == "named by rank and unit, not by face"
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        held = len(current_rows(reopened))
    code, out, _err = run("rebuild-view", "--check")
    assert code == 0 and "matches" in out
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        with reopened.transaction() as connection:
            connection.execute("DELETE FROM current_records WHERE kind = 'answer'")
    code, out, err = run("rebuild-view", "--check")
    assert code == 75 and "answer" in err
    code, out, _err = run("rebuild-view")
    assert code == 0 and f": {held} " in out
    assert run("rebuild-view", "--check")[0] == 0
    code, out, _err = run("interviews", made["interview"].code)
    assert code == 0 and f"incident {incident} v1" in out
    assert "credibility: low" in out and "package 1, received" in out
    code, out, _err = run("interviews", "no-such-interview")
    assert code == 12
