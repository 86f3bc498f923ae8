"""Consistent, still-encrypted backups, and restoring one.

A backup is `<name>` (a SQLCipher copy made with `sqlcipher_export` inside one read
transaction, so it is a single consistent point in time, keyed with the same key),
`<name>.keys` (a copy of the key file, so the same passphrase opens it) and
`<name>.attachments/` (the attachment files, copied byte for byte: each is already
age-encrypted). The folder is copied after the database snapshot, and attachment files
are written before their records, so every attachment the snapshot names is in the copy.
Everything is written under temporary names, flushed to disk, then renamed; the database
comes last, so a backup that has its database is complete.

Restoring checks the backup with the passphrase first, stages a copy of all three beside
the target, runs the full `check` on the staged copy, then renames them into place; it
never overwrites anything. Attachment files that are missing or damaged in the backup do
not stop the restore (the testimony matters more): the database is restored and
`AttachmentsNotRestored` (exit 39) names what is missing.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from app.crypto import keyfile
from app.errors import AlreadyExists, CheckFailed, SillokError, StorageFull
from app.files import atomic_write, create_private, fsync_directory, write_all
from app.i18n import N_
from app.store.attachments import folder_for
from app.store.check import ATTACHMENTS, Finding, run_check
from app.store.database import Database, side_files

CHUNK = 1024 * 1024


class AttachmentsNotRestored(SillokError):
    exit_code = 39
    template = N_(
        "The database was restored into {path}, but {count} attachment file(s) are missing "
        "or damaged in the backup: {detail}. The records are there; look for the folder "
        "{folder} made with the same backup and tell Geneva."
    )


def backup(database: Database, destination: Path) -> Path:
    """Write a consistent encrypted copy of `database` to `destination` (+ `.keys`,
    + `.attachments/`)."""
    destination = Path(destination)
    destination_keys = keyfile.keyfile_path(destination)
    destination_files = folder_for(destination)
    for existing in (destination, destination_keys, destination_files):
        if existing.exists() or existing.is_symlink():
            raise AlreadyExists(path=str(existing))
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = destination.with_name(f".{destination.name}.partial")
    partial_files = folder_for(partial)
    partial.unlink(missing_ok=True)
    shutil.rmtree(partial_files, ignore_errors=True)
    create_private(partial)  # 0600; SQLite keeps that mode for the attached copy
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
    keys_written = False
    try:
        copy_folder(folder_for(database.path), partial_files)
        source_keys = keyfile.keyfile_path(database.path)
        atomic_write(destination_keys, source_keys.read_bytes(), exclusive=True)
        keys_written = True
        partial_files.rename(destination_files)
        partial.replace(destination)
        fsync_directory(destination.parent)
    except BaseException:
        for leftover in (partial, *side_files(partial)):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(partial_files, ignore_errors=True)
        if keys_written and not destination.exists():
            destination_keys.unlink(missing_ok=True)
            shutil.rmtree(destination_files, ignore_errors=True)
        raise
    return destination


def copy_folder(source: Path, target: Path) -> int:
    """Copy the attachment files (`*.age`, regular files; temporaries and links skipped)
    of `source` into the new folder `target`, each fsynced; returns how many. A missing
    `source` gives an empty `target`."""
    target.mkdir(mode=0o700)
    count = 0
    names = sorted(os.listdir(source)) if source.is_dir() else []
    try:
        for name in names:
            path = source / name
            if name.startswith(".") or not name.endswith(".age") or path.is_symlink():
                continue
            if not path.is_file():
                continue
            _copy_file(path, target / name)
            count += 1
        fsync_directory(target)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise StorageFull(detail=os.strerror(error.errno)) from error
        raise
    return count


def _copy_file(source: Path, target: Path) -> None:
    with open(source, "rb") as reader:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            while chunk := reader.read(CHUNK):
                write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)


def restore(backup_path: Path, target: Path, passphrase: str) -> None:
    """Put a backup in place at `target` after proving a copy of it opens and passes the
    check. The backup itself is only read."""
    backup_path, target = Path(backup_path), Path(target)
    target_keys = keyfile.keyfile_path(target)
    target_files = folder_for(target)
    for existing in (target, target_keys, target_files, *side_files(target)):
        if existing.exists() or existing.is_symlink():
            raise AlreadyExists(path=str(existing))
    keyfile.unlock(keyfile.keyfile_path(backup_path), passphrase)  # fail early, copy nothing
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staged = target.with_name(f".{target.name}.restoring")
    staged_keys = keyfile.keyfile_path(staged)
    staged_files = folder_for(staged)
    backup_files = folder_for(backup_path)
    shutil.rmtree(staged_files, ignore_errors=True)
    missing: list[Finding] = []
    try:
        shutil.copyfile(backup_path, staged)
        shutil.copyfile(keyfile.keyfile_path(backup_path), staged_keys)
        copy_folder(backup_files, staged_files)
        with Database.open(staged, passphrase) as opened:
            report = run_check(opened)
        missing = [f for f in report.findings if f.check == ATTACHMENTS]
        damaged = [f for f in report.findings if f.check != ATTACHMENTS]
        if damaged:
            raise CheckFailed(detail="; ".join(f"{f.check}: {f.detail}" for f in damaged))
        staged_files.rename(target_files)
        staged_keys.replace(target_keys)
        staged.replace(target)
        fsync_directory(target.parent)
    except BaseException:
        if not target.exists():  # the database is the last to move: undo the others
            target_keys.unlink(missing_ok=True)
            shutil.rmtree(target_files, ignore_errors=True)
        raise
    finally:
        for leftover in (staged, staged_keys, *side_files(staged)):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(staged_files, ignore_errors=True)
    if missing:
        raise AttachmentsNotRestored(
            path=str(target),
            count=len(missing),
            detail="; ".join(f.detail for f in missing),
            folder=str(backup_files),
        )
