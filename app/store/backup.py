"""Consistent, still-encrypted backups, and restoring one.

A backup is a pair of files: `<name>` (a SQLCipher copy made with `sqlcipher_export` inside
one read transaction, so it is a single consistent point in time, keyed with the same key)
and `<name>.keys` (a copy of the key file, so the same passphrase opens it). Restoring
checks the backup with the passphrase first, then copies the pair into place; it never
overwrites an existing database.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.crypto import keyfile
from app.errors import AlreadyExists
from app.files import atomic_write, fsync_directory
from app.store.check import run_check
from app.store.database import Database, side_files


def backup(database: Database, destination: Path) -> Path:
    """Write a consistent encrypted copy of `database` to `destination` (+ `.keys`)."""
    destination = Path(destination)
    destination_keys = keyfile.keyfile_path(destination)
    for existing in (destination, destination_keys):
        if existing.exists():
            raise AlreadyExists(path=str(existing))
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    with database.reading() as connection:
        try:
            connection.execute(
                "ATTACH DATABASE ? AS backup KEY ?", (str(partial), f"x'{database.key.hex()}'")
            )
            try:
                connection.execute("BEGIN")
                connection.execute("SELECT sqlcipher_export('backup')")
                version = connection.execute("PRAGMA main.user_version").fetchone()[0]
                connection.execute(f"PRAGMA backup.user_version = {int(version)}")
                connection.execute("COMMIT")
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                connection.execute("DETACH DATABASE backup")
        except BaseException:
            for leftover in (partial, *side_files(partial)):
                leftover.unlink(missing_ok=True)
            raise
    source_keys = keyfile.keyfile_path(database.path)
    atomic_write(destination_keys, source_keys.read_bytes(), exclusive=True)
    partial.replace(destination)
    fsync_directory(destination.parent)
    return destination


def restore(backup_path: Path, target: Path, passphrase: str) -> None:
    """Put a backup in place at `target` after proving a copy of it opens and passes the
    check. The backup itself is only read."""
    backup_path, target = Path(backup_path), Path(target)
    target_keys = keyfile.keyfile_path(target)
    for existing in (target, target_keys, *side_files(target)):
        if existing.exists():
            raise AlreadyExists(path=str(existing))
    keyfile.unlock(keyfile.keyfile_path(backup_path), passphrase)  # fail early, copy nothing
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staged = target.with_name(f".{target.name}.restoring")
    staged_keys = keyfile.keyfile_path(staged)
    try:
        shutil.copyfile(backup_path, staged)
        shutil.copyfile(keyfile.keyfile_path(backup_path), staged_keys)
        with Database.open(staged, passphrase) as opened:
            run_check(opened).raise_if_failed()
        staged_keys.replace(target_keys)
        staged.replace(target)
        fsync_directory(target.parent)
    finally:
        for leftover in (staged, staged_keys, *side_files(staged)):
            leftover.unlink(missing_ok=True)
