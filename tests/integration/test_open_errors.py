"""Opening a database: each failure has its own error, and none changes a byte on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.crypto import keyfile
from app.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    KeyFileDamaged,
    KeyFileMissing,
    SchemaTooNew,
    WrongPassphrase,
)
from app.store import migrate
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE, snapshot


@pytest.fixture
def closed_db(db_path: Path) -> Path:
    with Database.create(db_path, PASSPHRASE, FAST_KDF) as database:
        with database.transaction() as connection:
            connection.execute("INSERT INTO meta VALUES ('note', '함경북도 회령')")
    return db_path


def test_reopens_with_the_right_passphrase(closed_db: Path) -> None:
    with Database.open(closed_db, PASSPHRASE) as database:
        assert database.schema_version == migrate.latest_version()
        with database.reading() as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'note'").fetchone()
    assert row == ("함경북도 회령",)


def test_wrong_passphrase_changes_nothing(closed_db: Path) -> None:
    before = snapshot(closed_db.parent)
    with pytest.raises(WrongPassphrase) as raised:
        Database.open(closed_db, "not the passphrase at all")
    assert raised.value.exit_code == 3
    assert snapshot(closed_db.parent) == before


def test_missing_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        Database.open(tmp_path / "nothing.db", PASSPHRASE)


def test_missing_key_file_changes_nothing(closed_db: Path) -> None:
    keyfile.keyfile_path(closed_db).unlink()
    before = snapshot(closed_db.parent)
    with pytest.raises(KeyFileMissing):
        Database.open(closed_db, PASSPHRASE)
    assert snapshot(closed_db.parent) == before


def test_flipped_byte_in_key_file_is_damage(closed_db: Path) -> None:
    key_path = keyfile.keyfile_path(closed_db)
    data = bytearray(key_path.read_bytes())
    data[len(data) // 2] ^= 0x20
    key_path.write_bytes(bytes(data))
    before = snapshot(closed_db.parent)
    with pytest.raises(KeyFileDamaged):
        Database.open(closed_db, PASSPHRASE)
    assert snapshot(closed_db.parent) == before


@pytest.mark.parametrize("offset", [0, 5, 17, 100, 2000, 4095, 4096 + 10, -1])
def test_flipped_byte_in_page_one_or_two_is_damage(closed_db: Path, offset: int) -> None:
    """Pages read at open: a flip anywhere there (salt, header, schema) is DatabaseDamaged."""
    data = bytearray(closed_db.read_bytes())
    data[offset] ^= 0x01
    closed_db.write_bytes(bytes(data))
    before = snapshot(closed_db.parent)
    try:
        database = Database.open(closed_db, PASSPHRASE)
    except DatabaseDamaged:
        pass
    else:
        # A flip in a page that opening does not read (the last page may belong to any
        # table or index) must show up at the check instead.
        from app.store.check import run_check

        try:
            assert not run_check(database).ok
        finally:
            database.close()
    assert snapshot(closed_db.parent) == before


def test_database_of_another_key_file_is_refused(closed_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "sillok.db"
    Database.create(other, PASSPHRASE, FAST_KDF).close()
    shutil.copyfile(keyfile.keyfile_path(other), keyfile.keyfile_path(closed_db))
    before = snapshot(closed_db.parent)
    with pytest.raises(DatabaseDamaged):
        Database.open(closed_db, PASSPHRASE)
    assert snapshot(closed_db.parent) == before


def test_schema_newer_than_this_app_changes_nothing(closed_db: Path) -> None:
    with Database.open(closed_db, PASSPHRASE) as database:
        database.connection.execute(f"PRAGMA user_version = {migrate.latest_version() + 1}")
    before = snapshot(closed_db.parent)
    with pytest.raises(SchemaTooNew) as raised:
        Database.open(closed_db, PASSPHRASE)
    assert raised.value.exit_code == 6
    assert str(migrate.latest_version() + 1) in raised.value.message()
    assert snapshot(closed_db.parent) == before


def test_damaged_and_wrong_passphrase_messages_differ(closed_db: Path) -> None:
    messages = {WrongPassphrase().message(), DatabaseDamaged(path="x", detail="y").message()}
    assert len(messages) == 2


def test_plain_sqlite_is_refused_as_unsafe(tmp_path: Path) -> None:
    """A library that is not SQLCipher 4 (here the standard sqlite3) is never used."""
    import sqlite3

    from app.errors import UnsupportedLibrary
    from app.store.connection import _require_sqlcipher4_with_fts5

    plain = sqlite3.connect(tmp_path / "plain.db")
    try:
        with pytest.raises(UnsupportedLibrary) as raised:
            _require_sqlcipher4_with_fts5(plain)
    finally:
        plain.close()
    assert raised.value.exit_code == 8 and "SQLCipher 4" in raised.value.message()
