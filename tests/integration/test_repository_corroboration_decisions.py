"""Analysts confirm or reject candidate corroborations and contradictions in the Geneva
repository: each decision a new row beside the evidence (who, when, why, on which
versions of which statements), the latest holding, the earlier ones kept; the evidence
untouched; a statement changed since a decision says so. On the SQLCipher file and on
PostgreSQL (conftest.py), with the server's roles enforced by its grants."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.errors import InvalidInput
from app.i18n import set_language
from app.sync.repository import corroboration_decisions, registers
from app.sync.repository.analysis_errors import CorroborationNotFound
from app.sync.repository.server_errors import (
    CHANGE_EVIDENCE,
    DECIDE_CORROBORATION,
    READ_TESTIMONY,
    AccessRefused,
)
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests import sync_support
from tests.postgres_support import SUPERUSER, Cluster
from tests.repository_support import (
    Laptop,
    drop_schema_6,
    facility,
    interview,
    laptop,
    schema_version,
    ship,
)
from tests.sync_support import GENEVA_PASSPHRASE, new_repository

TORTURE, IMPRISONMENT = "CAH.7.1.f.1", "CAH.7.1.e.1"
UNIT = ("보위부", "회령시 보위부 예심과")


def _scene(tmp_path: Path) -> tuple[Repository, dict[str, Laptop], dict[str, Any]]:
    """Two witnesses on two laptops name the same interrogator (a candidate by person);
    one witness puts the same detention in 2014 and in 2016 (a contradiction)."""
    geneva = new_repository(tmp_path / "geneva")
    seoul, busan = laptop(tmp_path, geneva, "seoul"), laptop(tmp_path, geneva, "busan")
    first = interview(seoul, element=IMPRISONMENT, facility=facility(seoul))
    made = {
        "saw": interview(seoul, element=TORTURE, perpetrator=("박철호", *UNIT)),
        "also": interview(busan, element=TORTURE, perpetrator=("박 철호", *UNIT)),
        "first": first,
        "again": interview(
            seoul,
            element=IMPRISONMENT,
            facility=facility(seoul),
            interviewee=first["interviewee"],
            year=2016,
        ),
    }
    ship(seoul, geneva)
    ship(busan, geneva)
    return geneva, {"seoul": seoul, "busan": busan}, made


def _found(geneva: Repository) -> dict[str, Any]:
    with geneva.reading() as connection:
        return registers.corroborations(connection)


def _person(found: dict[str, Any]) -> dict[str, Any]:
    (person,) = [c for c in found["candidates"] if c["reason"] == "person"]
    return person


def _evidence(geneva: Repository) -> list[tuple[Any, ...]]:
    """Every record version held with the hash of its body as stored, every package, and
    the consolidated view: what no decision may change."""
    with geneva.reading() as connection:
        records = [
            (*row[:5], hashlib.sha256((row[5] or "").encode()).hexdigest())
            for row in connection.execute(
                "SELECT kind, record_id, version, deleted, body_sha256, body FROM records "
                "ORDER BY kind, record_id, version, deleted"
            )
        ]
        packages = connection.execute(
            "SELECT device_id, sequence, sha256 FROM packages ORDER BY device_id, sequence"
        ).fetchall()
        view = connection.execute(
            "SELECT kind, record_id, version, deleted FROM current_records ORDER BY kind, record_id"
        ).fetchall()
    return [*records, *map(tuple, packages), *map(tuple, view)]


@pytest.mark.usefixtures("repository_backend")
def test_analysts_confirm_reject_and_every_decision_stays(tmp_path: Path) -> None:
    geneva, fields, _made = _scene(tmp_path)
    found = _found(geneva)
    person = _person(found)
    (contradiction,) = found["contradictions"]
    for item in [*found["candidates"], contradiction]:
        assert (item["status"], item["decision"], item["history"]) == ("open", None, [])
    assert contradiction["key"].startswith("contradiction:")
    before = _evidence(geneva)

    corroboration_decisions.decide(
        geneva, person["key"], "confirmed", "the same interrogator, unit and year", "kim"
    )
    made = corroboration_decisions.decide(
        geneva, person["key"], "rejected", "two men of that name served in the unit", "lee"
    )
    assert (made.verdict, made.analyst, made.kind) == ("rejected", "lee", "corroboration")
    corroboration_decisions.decide(
        geneva, contradiction["key"], "confirmed", "2014 or 2016: ask again", "kim"
    )

    found = _found(geneva)
    person = _person(found)
    assert person["status"] == "rejected"
    assert person["decision"]["analyst"] == "lee" and person["decision"]["at"]
    assert person["decision"]["reasons"] == "two men of that name served in the unit"
    assert [(d["verdict"], d["analyst"]) for d in person["history"]] == [
        ("confirmed", "kim"),
        ("rejected", "lee"),
    ]
    (contradiction,) = found["contradictions"]
    assert contradiction["status"] == "confirmed"
    assert contradiction["decision"]["kind"] == "contradiction"
    others = [c for c in found["candidates"] if c["key"] != person["key"]]
    assert others and all(c["status"] == "open" for c in others)

    # Refusals change nothing; the evidence was never touched.
    with pytest.raises(InvalidInput):
        corroboration_decisions.decide(geneva, person["key"], "confirmed", "  ", "kim")
    with pytest.raises(InvalidInput):
        corroboration_decisions.decide(geneva, person["key"], "perhaps", "why not", "kim")
    with pytest.raises(CorroborationNotFound) as gone:
        corroboration_decisions.decide(geneva, "person:nobody", "confirmed", "x", "kim")
    assert gone.value.exit_code == 43
    assert _evidence(geneva) == before
    with geneva.reading() as connection:
        (count,) = connection.execute("SELECT count(*) FROM corroboration_decisions").fetchone()
    assert count == 3
    geneva.close()
    for field in fields.values():
        field.database.close()


@pytest.mark.usefixtures("repository_backend")
def test_a_statement_changed_since_the_decision_says_so(tmp_path: Path) -> None:
    geneva, fields, made = _scene(tmp_path)
    key = _person(_found(geneva))["key"]
    corroboration_decisions.decide(geneva, key, "confirmed", "same man, same unit", "kim")
    assert _person(_found(geneva))["status"] == "confirmed"

    # Seoul amends one of the two statements: the decision was made on the earlier version.
    seoul = fields["seoul"]
    incident = seoul.services.incidents.get(made["saw"]["incident"].id)
    seoul.services.incidents.update(incident.replace(summary="두 달 동안 매일 조사"))
    ship(seoul, geneva)
    person = _person(_found(geneva))
    assert person["key"] == key and person["status"] == "earlier_version"
    assert person["decision"]["verdict"] == "confirmed"
    assert person["decision"]["statements"][str(incident.id)] == 1
    corroboration_decisions.decide(geneva, key, "confirmed", "the amendment changes nothing", "kim")
    person = _person(_found(geneva))
    assert person["status"] == "confirmed" and len(person["history"]) == 2

    # A third witness names him too: the candidate holds more statements than were decided.
    busan = fields["busan"]
    interview(busan, element=TORTURE, perpetrator=("박철호", *UNIT))
    ship(busan, geneva)
    person = _person(_found(geneva))
    assert person["status"] == "reopened" and person["witnesses"] == 3
    geneva.close()
    for field in fields.values():
        field.database.close()


@pytest.mark.usefixtures("repository_backend")
def test_a_place_and_dates_candidate_joined_by_a_statement_keeps_its_decisions(
    tmp_path: Path,
) -> None:
    """Such a candidate's key names its statements: when one joins, the key is new, and
    the decisions on the earlier key show with it, reopened, not lost from view."""
    geneva, fields, _made = _scene(tmp_path)

    def place() -> dict[str, Any]:
        (found,) = [c for c in _found(geneva)["candidates"] if c["reason"] == "date_and_place"]
        return found

    before = place()
    corroboration_decisions.decide(geneva, before["key"], "confirmed", "one spring", "kim")
    busan = fields["busan"]
    interview(busan, element=TORTURE)  # the same place and year, a new witness
    ship(busan, geneva)
    now = place()
    assert now["key"] != before["key"] and now["witnesses"] == before["witnesses"] + 1
    assert now["status"] == "reopened" and now["decision"]["reasons"] == "one spring"
    assert [d["key"] for d in now["history"]] == [before["key"]]
    assert _found(geneva)["no_longer_listed"] == []
    corroboration_decisions.decide(geneva, now["key"], "confirmed", "and a fourth", "lee")
    now = place()
    assert now["status"] == "confirmed"
    assert [d["analyst"] for d in now["history"]] == ["kim", "lee"]
    geneva.close()
    for field in fields.values():
        field.database.close()


def _cli(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    secret = repo.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    code = main(["repository", *args, "--repo", str(repo), "--passphrase-file", str(secret)])
    return code, capsys.readouterr().out


@pytest.mark.usefixtures("repository_backend")
def test_the_command_line_decides_and_shows_the_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    geneva, fields, _made = _scene(tmp_path)
    key = _person(_found(geneva))["key"]
    geneva.close()
    repo = tmp_path / "geneva"
    code, out = _cli(
        repo, capsys, "corroboration", "decide", key, "--confirm", "--reasons", "same man", "--json"
    )
    assert code == 0, out
    assert json.loads(out)["verdict"] == "confirmed"
    code, out = _cli(repo, capsys, "corroboration", "decide", key, "--reasons", "no verdict")
    assert code == 14
    code, out = _cli(repo, capsys, "corroboration", "decide", "person:nobody", "--reject",
                     "--reasons", "x")  # fmt: skip
    assert code == 43
    code, out = _cli(repo, capsys, "corroboration", "--json")
    person = _person(json.loads(out))
    assert person["status"] == "confirmed"
    assert [d["reasons"] for d in person["history"]] == ["same man"]
    code, out = _cli(repo, capsys, "corroboration")
    assert code == 0 and "confirmed" in out and key in out
    for field in fields.values():
        field.database.close()


@pytest.mark.usefixtures("repository_backend")
def test_a_store_of_schema_5_gains_the_decisions_table_when_opened(tmp_path: Path) -> None:
    geneva, fields, _made = _scene(tmp_path)
    drop_schema_6(geneva)
    geneva.close()
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        assert schema_version(reopened) == SCHEMA_VERSION == 12
        key = _person(_found(reopened))["key"]
        corroboration_decisions.decide(reopened, key, "confirmed", "same man", "kim")
        assert _person(_found(reopened))["status"] == "confirmed"
        if reopened.store.kind == "postgres":  # append-only there too, even for the owner
            with pytest.raises(AccessRefused) as refused, reopened.transaction() as connection:
                connection.execute("UPDATE corroboration_decisions SET verdict = 'rejected'")
            assert refused.value.params["what"] == CHANGE_EVIDENCE
    for field in fields.values():
        field.database.close()


@pytest.fixture
def server_scene(tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("PGUSER", SUPERUSER)
    monkeypatch.setattr(sync_support, "SERVER", postgres_cluster.new_database)
    geneva, fields, _made = _scene(tmp_path)
    key = _person(_found(geneva))["key"]
    geneva.close()
    yield tmp_path / "geneva", key, postgres_cluster
    for field in fields.values():
        field.database.close()


def test_on_the_server_analysts_and_legal_officers_decide_and_no_one_else(
    server_scene: Any,
) -> None:
    folder, key, cluster = server_scene
    analyst = cluster.login("kim_analyst", "sillok_analyst")
    legal = cluster.login("lee_legal", "sillok_legal")
    intake = cluster.login("park_intake", "sillok_intake")
    with Repository.open(folder, GENEVA_PASSPHRASE, user=analyst) as repository:
        corroboration_decisions.decide(repository, key, "confirmed", "same man", analyst)
        for sql in (
            "UPDATE corroboration_decisions SET verdict = 'rejected'",
            "DELETE FROM corroboration_decisions",
        ):
            with pytest.raises(AccessRefused) as refused, repository.transaction() as connection:
                connection.execute(sql)
            assert refused.value.params == {"role": analyst, "what": CHANGE_EVIDENCE}, sql
    with Repository.open(folder, GENEVA_PASSPHRASE, user=legal) as repository:
        corroboration_decisions.decide(repository, key, "rejected", "two men", legal)
        person = _person(_found(repository))
        assert [d["analyst"] for d in person["history"]] == [analyst, legal]
    with Repository.open(folder, GENEVA_PASSPHRASE, user=intake) as repository:
        with pytest.raises(AccessRefused) as refused:
            corroboration_decisions.decide(repository, key, "confirmed", "x", intake)
        assert refused.value.params == {"role": intake, "what": READ_TESTIMONY}
        with pytest.raises(AccessRefused) as refused, repository.transaction() as connection:
            connection.execute(
                "INSERT INTO corroboration_decisions (key, kind, verdict, statements, reasons, "
                "analyst, at) VALUES ('k', 'corroboration', 'confirmed', '{}', 'r', 'p', 'now')"
            )
        assert refused.value.params == {"role": intake, "what": DECIDE_CORROBORATION}
        set_language("ko")
        assert "확인하거나 기각하는 결정을 기록할 권한이 없습니다" in refused.value.message()
    with Repository.open(folder, GENEVA_PASSPHRASE, user=analyst) as repository:
        person = _person(_found(repository))
        assert len(person["history"]) == 2 and person["status"] == "rejected"
