"""The command line, run as a user would: a real process, real files, exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE, record_interview, snapshot

SILLOK = shutil.which("sillok", path=str(Path(sys.executable).parent))


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SILLOK_LANGUAGE": "en"}
    env.pop("SILLOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def made_by_init(tmp_path: Path, secret: Path) -> Path:
    """A database made by a real `sillok init` (Argon2id calibrated to this machine)."""
    db = tmp_path / "data" / "sillok.db"
    result = run("init", "--db", str(db), "--passphrase-file", str(secret))
    assert result.returncode == 0, result.stderr
    with Database.open(db, PASSPHRASE) as database:
        record_interview(Services(database, actor="officer-1"))
    return db


@pytest.fixture
def initialised(tmp_path: Path) -> Path:
    """The same database made in process with the smallest key-derivation parameters: the
    key file carries them, so each command unlocks it in a fraction of a second. `init`
    itself is tested through `made_by_init`."""
    db = tmp_path / "data" / "sillok.db"
    with Database.create(db, PASSPHRASE, FAST_KDF) as database:
        record_interview(Services(database, actor="officer-1"))
    return db


def test_version_from_the_console_script_and_the_module() -> None:
    assert SILLOK is not None
    console = subprocess.run([SILLOK, "--version"], capture_output=True, text=True, check=True)
    assert console.stdout.strip() == f"sillok {__version__}"
    assert run("--version").stdout.strip() == f"sillok {__version__}"


def test_init_then_check_passes(made_by_init: Path, secret: Path) -> None:
    result = run("check", "--db", str(made_by_init), "--passphrase-file", str(secret))
    assert result.returncode == 0, result.stderr
    for name in ("sqlcipher", "sqlite", "fts:search_fts", "audit-chain", "records-vs-audit"):
        assert f"ok      {name}" in result.stdout
    assert "audit trail: 19 entries" in result.stdout  # no identity before enrolment


def test_passphrase_from_standard_input(initialised: Path) -> None:
    result = run(
        "check", "--db", str(initialised), "--passphrase-file", "-", stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 0, result.stderr


def test_no_terminal_and_no_file_is_a_clear_error(initialised: Path) -> None:
    result = run("check", "--db", str(initialised), stdin="")
    assert result.returncode == 14
    assert "--passphrase-file" in result.stderr and "Traceback" not in result.stderr


def test_wrong_passphrase_exit_code_and_no_change(initialised: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the right passphrase at all\n", encoding="utf-8")
    before = snapshot(initialised.parent)
    result = run("check", "--db", str(initialised), "--passphrase-file", str(wrong))
    assert result.returncode == 3
    assert "passphrase is not correct" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(initialised.parent) == before


def test_weak_passphrase_is_refused_and_nothing_created(tmp_path: Path) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("password1\n", encoding="utf-8")
    result = run(
        "init", "--db", str(tmp_path / "new" / "sillok.db"), "--passphrase-file", str(weak)
    )
    assert result.returncode == 11
    assert not (tmp_path / "new").exists()


def test_damaged_key_file_and_database_are_named(initialised: Path, secret: Path) -> None:
    keys = initialised.with_name("sillok.db.keys")
    original = keys.read_bytes()
    damaged = bytearray(original)
    damaged[200] ^= 0x04
    keys.write_bytes(bytes(damaged))
    result = run("check", "--db", str(initialised), "--passphrase-file", str(secret))
    assert result.returncode == 4 and "key file" in result.stderr
    assert "Traceback" not in result.stderr
    keys.write_bytes(original)

    data = bytearray(initialised.read_bytes())
    data[4096 + 300] ^= 0x01  # inside page 2
    initialised.write_bytes(bytes(data))
    result = run("check", "--db", str(initialised), "--passphrase-file", str(secret))
    assert result.returncode == 5 and "damaged" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_names_the_tampered_audit_entry(initialised: Path, secret: Path) -> None:
    with Database.open(initialised, PASSPHRASE) as database:
        database.connection.execute("DROP TRIGGER audit_log_no_update")
        database.connection.execute("UPDATE audit_log SET at = '2001-01-01' WHERE seq = 9")
    result = run("check", "--db", str(initialised), "--passphrase-file", str(secret))
    assert result.returncode == 7
    assert "first broken audit entry: 9" in result.stdout
    assert "entry 9 is broken" in result.stderr


def test_backup_and_restore(initialised: Path, secret: Path, tmp_path: Path) -> None:
    copy = tmp_path / "usb" / "sillok-2026-11-22.db"
    result = run(
        "backup", "--db", str(initialised), "--out", str(copy), "--passphrase-file", str(secret)
    )
    assert result.returncode == 0, result.stderr
    assert copy.exists() and copy.with_name(copy.name + ".keys").exists()

    restored = tmp_path / "restored" / "sillok.db"
    result = run(
        "restore", "--from", str(copy), "--db", str(restored), "--passphrase-file", str(secret)
    )
    assert result.returncode == 0, result.stderr
    with Database.open(initialised, PASSPHRASE) as a, Database.open(restored, PASSPHRASE) as b:
        dump = "SELECT body FROM answers ORDER BY id"
        assert a.connection.execute(dump).fetchall() == b.connection.execute(dump).fetchall()
        assert len(a.connection.execute(dump).fetchall()) == 5
    result = run("check", "--db", str(restored), "--passphrase-file", str(secret))
    assert result.returncode == 0, result.stdout + result.stderr

    # Restoring over an existing database is refused and changes nothing.
    before = snapshot(restored.parent)
    result = run(
        "restore", "--from", str(copy), "--db", str(restored), "--passphrase-file", str(secret)
    )
    assert result.returncode == 9
    assert snapshot(restored.parent) == before


def test_passwd_rewraps_only_the_key(initialised: Path, secret: Path) -> None:
    database_bytes = initialised.read_bytes()
    new = "새로운 암호 문장도 충분히 길어야 합니다"
    result = run(
        "passwd",
        "--db",
        str(initialised),
        "--passphrase-file",
        "-",
        "--new-passphrase-file",
        "-",
        stdin=f"{PASSPHRASE}\n{new}\n",
    )
    assert result.returncode == 0, result.stderr
    assert initialised.read_bytes() == database_bytes
    assert run("check", "--db", str(initialised), "--passphrase-file", str(secret)).returncode == 3
    assert (
        run(
            "check", "--db", str(initialised), "--passphrase-file", "-", stdin=new + "\n"
        ).returncode
        == 0
    )


def test_no_subcommand_finds_the_desktop_through_its_entry_point() -> None:
    from app.cli.main import _desktop
    from ui.application import run_desktop

    assert _desktop() is run_desktop
