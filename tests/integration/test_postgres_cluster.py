"""The throwaway PostgreSQL cluster the repository tests run on (tests/postgres_support.py):
private to the test process, reachable only through its own socket, and never skipped
in silence where PostgreSQL is required."""

from __future__ import annotations

import os
import pwd
import stat

import psycopg
import pytest

from tests import postgres_support
from tests.postgres_support import Cluster


def test_the_cluster_is_private_and_listens_on_no_port(postgres_cluster: Cluster) -> None:
    mode = postgres_cluster.folder.stat()
    assert stat.S_IMODE(mode.st_mode) == 0o700
    if os.geteuid() == 0:  # PostgreSQL refuses root: the cluster runs as its own account
        assert pwd.getpwuid(mode.st_uid).pw_name == postgres_support.ACCOUNT
    with psycopg.connect(postgres_cluster.conninfo(), autocommit=True) as admin:
        assert admin.execute("SHOW listen_addresses").fetchone() == ("",)
        assert admin.execute("SHOW unix_socket_directories").fetchone() == (
            str(postgres_cluster.folder),
        )
        if os.geteuid() == 0:
            server_user = admin.execute("SELECT pg_catalog.current_setting('data_directory')")
            data = server_user.fetchone()[0]
            assert pwd.getpwuid(os.stat(data).st_uid).pw_name == postgres_support.ACCOUNT


def test_without_postgresql_the_tests_skip_unless_it_is_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(postgres_support, "bindir", lambda: None)
    monkeypatch.delenv("SILLOK_REQUIRE_POSTGRES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="initdb/pg_ctl not found"):
        postgres_support.start()
    monkeypatch.setenv("SILLOK_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="SILLOK_REQUIRE_POSTGRES"):
        postgres_support.start()
