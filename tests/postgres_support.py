"""A throwaway PostgreSQL cluster for the tests: `initdb` and `pg_ctl` in a temporary
0700 folder, listening only on a Unix socket in that folder (no TCP port, so the
xdist workers, one cluster each, never clash), stopped and removed at the end.

PostgreSQL refuses to run as root (CI runs as root): then the cluster runs as the
unprivileged account `sillok-pg` (made with useradd if missing), which owns the folder.
Without PostgreSQL's programs the tests that need it are skipped with the reason, unless
SILLOK_REQUIRE_POSTGRES is set (scripts/test.sh sets it): then they fail.
"""

from __future__ import annotations

import fcntl
import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

ACCOUNT = "sillok-pg"
SUPERUSER = "sillok_admin"


def bindir() -> Path | None:
    """PostgreSQL's server programs (Debian keeps them out of PATH)."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        candidate = Path(out.stdout.strip())
        if (candidate / "pg_ctl").is_file() and (candidate / "initdb").is_file():
            return candidate
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if versions:
        return Path(versions[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def required() -> bool:
    return os.environ.get("SILLOK_REQUIRE_POSTGRES", "") not in ("", "0")


def _as_account(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    # The xdist workers start at once: one makes the account while the others wait.
    with open(Path(tempfile.gettempdir()) / "sillok-pg-account.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            pwd.getpwnam(ACCOUNT)
        except KeyError:
            useradd = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
            subprocess.run(
                [*useradd, ACCOUNT],
                check=True,
                capture_output=True,
            )
    return ["runuser", "-u", ACCOUNT, "--", *command]


@dataclass
class Cluster:
    """A running cluster: its folder (socket there too) and its superuser's conninfo."""

    folder: Path
    bin: Path

    @property
    def socket(self) -> str:
        return str(self.folder)

    def conninfo(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"host={self.socket} dbname={dbname} user={user}"

    def new_database(self) -> str:
        """A fresh empty database (C collation: text sorts as on SQLite); its conninfo
        without a user, as a repository's server.conninfo is written."""
        name = "t_" + secrets.token_hex(6)
        with psycopg.connect(self.conninfo(), autocommit=True) as admin:
            admin.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "  # type: ignore[arg-type]
                "LC_COLLATE 'C' LC_CTYPE 'C'"
            )
        return f"host={self.socket} dbname={name}"

    def login(self, name: str, group: str) -> str:
        """A person's login role, member of one of the repository's group roles."""
        with psycopg.connect(self.conninfo(), autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                admin.execute(f"CREATE ROLE {name} LOGIN IN ROLE {group}")  # type: ignore[arg-type]
        return name


def start(folder: Path | None = None, shared_buffers: str = "16MB") -> Cluster:
    """initdb + pg_ctl start in a fresh 0700 folder; pytest.skip or fail if impossible.
    With `folder` (a benchmark's kept cluster) the cluster there is started again, or made
    there if it has none yet."""
    found = bindir()
    if found is None:
        reason = "PostgreSQL's initdb/pg_ctl not found (Debian package postgresql)"
        if required():
            pytest.fail(reason + " and SILLOK_REQUIRE_POSTGRES is set")
        pytest.skip(reason)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="sillok-pg-"))
    folder.mkdir(mode=0o700, exist_ok=True)
    folder.chmod(0o700)
    if os.geteuid() == 0:
        _as_account(["true"])
        account = pwd.getpwnam(ACCOUNT)
        os.chown(folder, account.pw_uid, account.pw_gid)
    data = folder / "data"
    if not data.exists():
        _initdb(found, data)
    options = (
        f"-c listen_addresses='' -c unix_socket_directories='{folder}' "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        f"-c shared_buffers={shared_buffers} -c max_connections=40"
    )
    subprocess.run(
        _as_account(
            [
                str(found / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    return Cluster(folder, found)


def _initdb(found: Path, data: Path) -> None:
    subprocess.run(
        _as_account(
            [
                str(found / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=reject",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )


def stop(cluster: Cluster, *, remove: bool = True) -> None:
    subprocess.run(
        _as_account(
            [
                str(cluster.bin / "pg_ctl"),
                "-D",
                str(cluster.folder / "data"),
                "-m",
                "immediate" if remove else "fast",  # a kept cluster is checkpointed
                "stop",
            ]
        ),
        check=False,
        capture_output=True,
    )
    if not remove:
        return
    # Removing a cluster of many test databases takes seconds of file deletion: done by a
    # detached `rm` so that no worker waits for it at the end of the run.
    subprocess.Popen(
        ["rm", "-rf", "--", str(cluster.folder)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
