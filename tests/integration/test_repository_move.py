"""`sillok repository move-to-postgres`: a file repository onto a real PostgreSQL
database, every table proved identical by hashes, and nothing changed when they are not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.cli.main import main
from app.errors import InvalidInput
from app.sync.repository import (
    assessments,
    corroboration_decisions,
    imports,
    matrix,
    move,
    registers,
)
from app.sync.repository.server_errors import MoveMismatch
from app.sync.repository.store import Repository
from tests.postgres_support import SUPERUSER, Cluster
from tests.repository_support import GOOD, ORGANISATION, interview, laptop, ship, write_csv
from tests.support import FAST_KDF
from tests.sync_support import GENEVA_PASSPHRASE, new_repository


def _picture(geneva: Repository) -> dict[str, Any]:
    """What an analyst and Geneva's keys see of a repository."""
    with geneva.reading() as connection:
        seen = {
            "interviews": registers.interviews(connection),
            "incidents": registers.register(connection, "incidents"),
            "matrix": matrix.matrix(connection),
            "corroboration": registers.corroborations(connection),
            "current": sorted(
                connection.execute("SELECT * FROM current_records").fetchall(), key=repr
            ),
        }
    seen["repository_id"] = geneva.repository_id
    seen["package_key"] = geneva.keys.package.secret_text()
    seen["signing_key"] = geneva.keys.signing.public_key.to_text()
    return json.loads(json.dumps(seen, default=str, sort_keys=True))


def _file_repository(tmp_path: Path) -> tuple[Repository, Any]:
    geneva = new_repository(tmp_path / "geneva")  # the file store (no backend fixture here)
    assert geneva.store.kind == "sqlcipher"
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul, perpetrator=("박철", "보위부", "예심과"))
    interview(seoul)
    ship(seoul, geneva)
    assessments.assess(geneva, str(made["incident"].id), "credibility", "low", "dates", "kim")
    with geneva.reading() as connection:
        candidate = registers.corroborations(connection)["candidates"][0]
    corroboration_decisions.decide(geneva, candidate["key"], "confirmed", "same year", "kim")
    imports.import_file(geneva, write_csv(tmp_path / "cases.csv", [GOOD]), ORGANISATION, by="kim")
    return geneva, seoul


def test_a_file_repository_moves_to_postgres_losslessly(
    tmp_path: Path,
    postgres_cluster: Cluster,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    geneva, seoul = _file_repository(tmp_path)
    before = _picture(geneva)
    geneva.close()
    secret = tmp_path / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    conninfo = postgres_cluster.new_database()
    monkeypatch.setenv("PGUSER", SUPERUSER)
    repo = ["--repo", str(tmp_path / "geneva"), "--passphrase-file", str(secret)]
    code = main(["repository", "move-to-postgres", *repo, "--server", conninfo])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "records: " in out and "geneva_keys: " in out and "repository.db.moved" in out

    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as moved:
        assert moved.store.kind == "postgres"
        assert _picture(moved) == before
        # The repository goes on: a new package, a new assessment numbered after the moved.
        interview(seoul)
        assert ship(seoul, moved) > 0
        (made,) = [i for i in registers.interviews(moved.connection) if i["versions"] == 1][:1]
        assert assessments.assess(moved, made["id"], "reliability", "high", "ok", "kim").version
        with moved.reading() as connection:
            assert connection.execute("SELECT max(id) FROM assessments").fetchone() == (2,)
            found = registers.corroborations(connection)
        # (the decisions moved with the rest: _picture) The new interview joins the same
        # place and year: the candidate's decision is shown with it, to be made again.
        candidate = found["candidates"][0]
        assert candidate["status"] == "reopened"
        assert [d["verdict"] for d in candidate["history"]] == ["confirmed"]
        corroboration_decisions.decide(moved, candidate["key"], "rejected", "no", "lee")
        with moved.reading() as connection:
            decided = "SELECT max(id) FROM corroboration_decisions"
            assert connection.execute(decided).fetchone() == (2,)
    # The file store is kept aside, and opens as it was.
    aside = tmp_path / "geneva-aside"
    aside.mkdir()
    for name in ("repository.db.moved", "repository.db.moved.keys"):
        (tmp_path / "geneva" / name).rename(aside / name.replace(".moved", ""))
    with Repository.open(aside, GENEVA_PASSPHRASE) as kept:
        assert _picture(kept)["interviews"] == before["interviews"]
    seoul.database.close()


def test_a_difference_on_the_server_rolls_everything_back(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    geneva, seoul = _file_repository(tmp_path)
    conninfo = postgres_cluster.new_database()
    monkeypatch.setenv("PGUSER", SUPERUSER)
    copy = move._copy

    def lossy(source: Any, store: Any, table: str, columns: list[str]) -> None:
        copy(source, store, table, columns)
        if table == "current_records":  # a row lost on the way (the fault to catch)
            store.server.raw.execute("DELETE FROM current_records WHERE kind = 'answer'")

    monkeypatch.setattr(move, "_copy", lossy)
    with pytest.raises(MoveMismatch) as refused:
        move.move_to_postgres(geneva, GENEVA_PASSPHRASE, conninfo, FAST_KDF)
    assert refused.value.exit_code == 82 and "current_records" in str(refused.value)
    folder = tmp_path / "geneva"
    assert not (folder / "server.conninfo").exists() and not (folder / "server.keys").exists()
    with psycopg.connect(conninfo) as server:
        assert server.execute("SELECT to_regclass('meta')").fetchone() == (None,)
    geneva.close()
    with Repository.open(folder, GENEVA_PASSPHRASE) as again:
        assert again.store.kind == "sqlcipher" and registers.interviews(again.connection)
    seoul.database.close()


def test_a_table_the_move_does_not_know_is_refused_not_left_behind(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    with geneva.transaction() as connection:
        connection.execute("CREATE TABLE later_notes (note TEXT)")
    monkeypatch.setenv("PGUSER", SUPERUSER)
    with pytest.raises(MoveMismatch, match="later_notes"):
        move.move_to_postgres(geneva, GENEVA_PASSPHRASE, postgres_cluster.new_database(), FAST_KDF)
    assert (tmp_path / "geneva" / "repository.db").is_file()
    geneva.close()


def test_the_command_line_makes_a_repository_on_the_server(
    tmp_path: Path,
    postgres_cluster: Cluster,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    monkeypatch.setenv("PGUSER", SUPERUSER)
    repo = ["--repo", str(tmp_path / "geneva"), "--passphrase-file", str(secret)]
    server = ["--server", postgres_cluster.new_database()]
    assert main(["repository", "init", *repo, *server]) == 0
    assert "Geneva's fingerprint" in capsys.readouterr().out
    folder = tmp_path / "geneva"
    assert not (folder / "repository.db").exists()
    for name in ("server.conninfo", "server.keys"):
        assert (folder / name).stat().st_mode & 0o777 == 0o600
    assert "password" not in (folder / "server.conninfo").read_text()
    assert main(["repository", "list", *repo]) == 0
    # Moving it again is refused: it is on the server already.
    assert main(["repository", "move-to-postgres", *repo, *server]) == 9


def test_a_connection_string_with_a_password_is_refused_before_anything_is_written(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGUSER", SUPERUSER)
    conninfo = postgres_cluster.new_database() + " password=hunter2-secret"
    with pytest.raises(InvalidInput) as refused:
        Repository.init(
            tmp_path / "geneva", GENEVA_PASSPHRASE, kdf_params=FAST_KDF, server=conninfo
        )
    assert refused.value.exit_code == 14 and "hunter2" not in refused.value.message()
    assert not (tmp_path / "geneva").exists()
    with psycopg.connect(conninfo) as server:
        assert server.execute("SELECT to_regclass('meta')").fetchone() == (None,)
