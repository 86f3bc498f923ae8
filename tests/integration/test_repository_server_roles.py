"""The repository on PostgreSQL: roles enforced by the database's grants, the evidence
and the access log append-only, every read of testimony in the access log, and each
refusal a clear error in the user's language (on a real throwaway cluster)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.main import main
from app.i18n import set_language
from app.sync.repository import (
    assessments,
    consolidated,
    devices,
    disclosure,
    disclosure_register,
    imports,
    permissions,
    registers,
)
from app.sync.repository.disclosure import disclose
from app.sync.repository.server_errors import (
    CHANGE_EVIDENCE,
    DISCLOSE,
    READ_ACCESS_LOG,
    READ_DISCLOSURES,
    READ_KEYS,
    READ_TESTIMONY,
    RECORD_ASSESSMENTS,
    AccessRefused,
)
from app.sync.repository.store import Repository
from tests import sync_support
from tests.postgres_support import SUPERUSER, Cluster
from tests.repository_support import (
    GOOD,
    ORGANISATION,
    Laptop,
    interview,
    laptop,
    ship,
    write_csv,
)
from tests.sync_support import (
    GENEVA_PASSPHRASE,
    enrol_device,
    new_device,
    new_repository,
    run_tool,
)


@dataclass
class Team:
    folder: Path
    seoul: Laptop
    cluster: Cluster
    analyst: str
    legal: str
    intake: str
    custodian: str

    def open(self, user: str) -> Repository:
        return Repository.open(self.folder, GENEVA_PASSPHRASE, user=user)


@pytest.fixture
def team(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Team]:
    """A repository on the server holding one interview, and one person in each role."""
    monkeypatch.setenv("PGUSER", SUPERUSER)
    monkeypatch.setattr(sync_support, "SERVER", postgres_cluster.new_database)
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    interview(seoul)
    ship(seoul, geneva)
    geneva.close()
    yield Team(
        tmp_path / "geneva",
        seoul,
        postgres_cluster,
        postgres_cluster.login("kim_analyst", "sillok_analyst"),
        postgres_cluster.login("lee_legal", "sillok_legal"),
        postgres_cluster.login("park_intake", "sillok_intake"),
        postgres_cluster.login("choi_custodian", "sillok_custodian"),
    )
    seoul.database.close()


def _refused(repository: Repository, sql: str) -> AccessRefused:
    with pytest.raises(AccessRefused) as refused, repository.transaction() as connection:
        connection.execute(sql)
    return refused.value


def test_an_analyst_changes_neither_the_evidence_nor_the_access_log(team: Team) -> None:
    with team.open(team.analyst) as analyst:
        with analyst.reading() as connection:  # reads testimony: that is the work
            (incident,) = consolidated.current(connection, "incident")
        # and records its own work beside the evidence
        made = assessments.assess(analyst, incident.id, "credibility", "low", "dates", "kim")
        assert made.version == 1
        for sql in (
            "UPDATE records SET body = '{}'",
            "DELETE FROM records",
            "INSERT INTO records VALUES ('answer', 'x', 1, 0, '{}', 'h', 'd', 1, NULL)",
            "UPDATE current_records SET version = 9",
            "DELETE FROM access_log",
            "UPDATE access_log SET who = 'someone else'",
            "INSERT INTO access_log (what, detail) VALUES ('forged', '')",
        ):
            refused = _refused(analyst, sql)
            assert refused.exit_code == 81
            assert refused.params == {"role": team.analyst, "what": CHANGE_EVIDENCE}, sql


def test_not_even_the_owner_can_rewrite_evidence_or_the_log(team: Team) -> None:
    with team.open(SUPERUSER) as owner:
        for sql in (
            "UPDATE records SET body = '{}'",
            "DELETE FROM packages",
            "TRUNCATE access_log",
            "DELETE FROM access_log",
        ):
            assert _refused(owner, sql).params["what"] == CHANGE_EVIDENCE, sql


def test_every_read_of_testimony_is_logged_and_only_the_legal_officer_reads_the_log(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = team.folder.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    repo = ["--repo", str(team.folder), "--passphrase-file", str(secret)]
    monkeypatch.setenv("PGUSER", team.analyst)  # libpq's default role, as a person's login
    assert main(["repository", "interviews", *repo]) == 0
    assert main(["repository", "register", "incidents", *repo]) == 0
    capsys.readouterr()
    for reader in (team.analyst, team.intake, team.custodian):
        with team.open(reader) as repository:
            refused = _refused(repository, "SELECT * FROM access_log")
            assert refused.params["what"] == READ_ACCESS_LOG
    assert main(["repository", "access-log", *repo]) == 81  # not for the analyst
    assert "may not read the access log" in capsys.readouterr().err
    monkeypatch.setenv("PGUSER", team.legal)
    assert main(["repository", "access-log", "--json", *repo]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["who"], row["what"], row["detail"]) for row in rows] == [
        (team.analyst, "interviews", ""),
        (team.analyst, "register", "incidents"),
    ]
    assert all(row["at"] for row in rows)
    assert main(["repository", "access-log", *repo]) == 0
    assert f"{team.analyst} read register incidents" in capsys.readouterr().out


def test_an_intake_officer_ingests_but_cannot_read_testimony(team: Team) -> None:
    with team.open(team.intake) as intake:
        interview(team.seoul)
        assert ship(team.seoul, intake) > 0  # ingest works without reading testimony
        cases = write_csv(team.folder.parent / "cases.csv", [GOOD])
        assert imports.import_file(intake, cases, ORGANISATION, by=team.intake).accepted
        busan = new_device(team.folder.parent / "busan" / "sillok.db")  # enrols a laptop
        accepted = enrol_device(busan, intake, team.folder.parent / "busan" / "exchange")
        devices.revoke(intake, accepted.bundle.device.device_id, "lost on the way")
        busan.close()
        for read in (
            lambda c: consolidated.current(c, "answer"),
            lambda c: registers.interviews(c),
            lambda c: c.execute("SELECT body FROM records").fetchall(),
            lambda c: c.execute("SELECT facts FROM analysis_facts").fetchall(),  # ingest wrote
        ):
            with pytest.raises(AccessRefused) as refused, intake.reading() as connection:
                read(connection)
            assert refused.value.params == {"role": team.intake, "what": READ_TESTIMONY}


def test_each_refusal_speaks_the_users_language(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = team.folder.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    monkeypatch.setenv("PGUSER", team.intake)
    monkeypatch.setenv("SILLOK_LANGUAGE", "ko")
    code = main(
        ["repository", "interviews", "--repo", str(team.folder), "--passphrase-file", str(secret)]
    )
    err = capsys.readouterr().err
    assert code == 81
    assert team.intake in err and "증언" in err and "may not" not in err


def test_genevas_secret_keys_are_sealed_on_the_server_and_kept_from_analysts(team: Team) -> None:
    with team.open(SUPERUSER) as owner:
        keys = owner.keys
        with owner.reading() as connection:
            held = [bytes(row[0]) for row in connection.execute("SELECT secret FROM geneva_keys")]
    assert held and all(b"AGE-SECRET-KEY" not in secret for secret in held)
    assert keys.package.secret_text().encode() not in b"".join(held)
    assert keys.signing.seed() not in b"".join(held)
    with team.open(team.intake) as intake:  # ingest needs them: the intake role opens them
        assert intake.keys.package.secret_text() == keys.package.secret_text()
    with team.open(team.analyst) as analyst, pytest.raises(AccessRefused) as refused:
        _ = analyst.keys
    assert refused.value.params["what"] == READ_KEYS


def test_a_server_that_cannot_be_reached_is_exit_80_and_changes_nothing(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    conninfo = team.folder / "server.conninfo"
    kept = conninfo.read_bytes()
    conninfo.write_text("host=/nonexistent/socket/folder dbname=sillok\n")
    secret = team.folder.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    monkeypatch.setenv("SILLOK_LANGUAGE", "ko")
    code = main(
        ["repository", "list", "--repo", str(team.folder), "--passphrase-file", str(secret)]
    )
    err = capsys.readouterr().err
    assert code == 80 and "PostgreSQL 서버를 사용할 수 없습니다" in err and str(conninfo) in err
    conninfo.write_bytes(kept)
    with team.open(team.analyst) as analyst:
        assert analyst.repository_id.startswith("repo-")


def test_a_file_repository_has_no_access_log_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_repository(tmp_path / "geneva").close()  # the SQLCipher file
    secret = tmp_path / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    repo = ["--repo", str(tmp_path / "geneva"), "--passphrase-file", str(secret)]
    assert main(["repository", "access-log", *repo]) == 14
    assert "keeps no access log" in capsys.readouterr().err


def test_the_custodian_rebuilds_the_consolidated_view_without_the_owner(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the owner could rebuild it (the rebuild dropped and made an index); the
    custodian, who may write the derived view, must be able to mend it."""
    secret = team.folder.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    monkeypatch.setenv("PGUSER", team.custodian)
    repo = ["--repo", str(team.folder), "--passphrase-file", str(secret)]
    code = main(["repository", "rebuild-view", *repo])
    assert code == 0, capsys.readouterr().err
    assert main(["repository", "rebuild-view", "--check", *repo]) == 0


def test_the_legal_officer_discloses_and_an_analyst_is_refused_before_any_work(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The legal officer keeps the register of disclosures; a disclosure is signed with
    Geneva's key, which the legal officer's role could not read, so no working role could
    disclose on a server. An analyst may not disclose: refused before anything is read."""
    run_tool("age-keygen", "-o", str(tmp_path / "court-key.txt"))
    recipient = next(
        line.split(": ", 1)[1]
        for line in (tmp_path / "court-key.txt").read_text().splitlines()
        if line.startswith("# public key: ")
    )
    with team.open(team.legal) as legal:
        made = disclose(
            legal, recipient=recipient, recipient_name="mechanism",
            out=tmp_path / "by-legal.sillok", made_by=team.legal,
        )  # fmt: skip
        assert made.number == 1 and made.path.exists()

    def no_work(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a statement was printed for a role that may not disclose")

    monkeypatch.setattr(disclosure, "statement_pdf", no_work)
    with team.open(team.analyst) as analyst, pytest.raises(AccessRefused) as refused:
        disclose(
            analyst, recipient=recipient, recipient_name="mechanism",
            out=tmp_path / "by-analyst.sillok", made_by=team.analyst,
        )  # fmt: skip
    # in the words of what was refused (not "use Geneva's keys"), review m6
    assert refused.value.params == {"role": team.analyst, "what": DISCLOSE}
    assert not (tmp_path / "by-analyst.sillok").exists()


def test_a_custodians_assessment_is_refused_in_the_words_of_assessments(team: Team) -> None:
    """Review m6: any refused INSERT was "change the evidence or the access log"; the
    custodian (who reads testimony but records no assessment) is told that assessments
    are the analysts' to record, in the person's language, with the refusal's exit code."""
    with team.open(team.custodian) as custodian:
        with custodian.reading() as connection:
            (incident,) = consolidated.current(connection, "incident")
        with pytest.raises(AccessRefused) as refused:
            assessments.assess(custodian, incident.id, "credibility", "low", "dates", "choi")
    assert refused.value.exit_code == 81
    assert refused.value.params == {"role": team.custodian, "what": RECORD_ASSESSMENTS}
    assert "assessments are the analysts'" in refused.value.message()
    set_language("ko")
    try:
        assert "평가" in refused.value.message() and "may not" not in refused.value.message()
    finally:
        set_language("en")
    with team.open(team.analyst) as analyst, pytest.raises(AccessRefused) as refused:
        disclosure_register.register(analyst)
    assert refused.value.params == {"role": team.analyst, "what": READ_DISCLOSURES}


def test_the_desk_asks_once_what_each_role_may_do(team: Team, tmp_path: Path) -> None:
    """What the analysts' desk asks when it opens: the actions each role would be refused,
    with the words of the refusal; a file repository allows everything."""
    expected = {
        team.analyst: {permissions.DISCLOSING, permissions.DISCLOSURES, permissions.ACCESS_LOG},
        team.legal: set(),
        team.custodian: {
            permissions.ASSESS,
            permissions.DECIDE_SAME_WITNESS,
            permissions.DECIDE,
            permissions.DISCLOSING,
            permissions.DISCLOSURES,
            permissions.ACCESS_LOG,
        },
    }
    for role, refused in expected.items():
        with team.open(role) as repository:
            allowed = permissions.allowed(repository)
        assert allowed.role == role and allowed.refused == refused, role
    with team.open(team.analyst) as analyst:
        allowed = permissions.allowed(analyst)
    assert allowed.why(permissions.DISCLOSING) == DISCLOSE
    assert allowed.why(permissions.ASSESS) is None
    file_store = new_repository(tmp_path / "on-file")
    try:
        assert permissions.allowed(file_store).refused == frozenset()
    finally:
        file_store.close()
