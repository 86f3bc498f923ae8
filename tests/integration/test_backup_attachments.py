"""Backups carry the attachment files, restore puts them back, and `check` notices an
attachment whose encrypted file is missing or damaged: real files, real processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.services import Services
from app.store.attachments import file_for, folder_for
from app.store.check import run_check
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE, SKETCH_MAP, record_interview

MARK = "회령 집결소 약도 사진".encode()
PHOTO = b"\xff\xd8\xff\xe0" + os.urandom(200_000) + MARK


def sillok(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SILLOK_LANGUAGE": "en"}
    env.pop("SILLOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def field(tmp_path: Path) -> dict[str, Any]:
    """A database with two real attachments: the sketch map and a photo."""
    db = tmp_path / "data" / "sillok.db"
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    with Database.create(db, PASSPHRASE, FAST_KDF) as database:
        services = Services(database, actor="officer-1")
        made = record_interview(services, with_text=False)
        source = tmp_path / "camera" / "photo.jpg"
        source.parent.mkdir()
        source.write_bytes(PHOTO)
        photo = services.attachments.add(made["interview"].id, source, "photo")
        source.unlink()
    return {"db": db, "secret": secret, "map": made["attachment"], "photo": photo}


def _with_passphrase(field: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    return sillok(*args, "--passphrase-file", str(field["secret"]))


def test_backup_delete_restore_reads_the_attachments_back(
    field: dict[str, Any], tmp_path: Path
) -> None:
    db: Path = field["db"]
    copy = tmp_path / "usb" / "sillok-2026-11-22.db"
    done = _with_passphrase(field, "backup", "--db", str(db), "--out", str(copy))
    assert done.returncode == 0, done.stderr
    assert "2 encrypted files" in done.stdout
    originals = {p.name: p.read_bytes() for p in folder_for(db).iterdir()}
    copied = {p.name: p.read_bytes() for p in folder_for(copy).iterdir()}
    assert copied == originals and len(copied) == 2  # byte for byte, still encrypted
    # Nothing left under a temporary name, nothing in the clear.
    assert sorted(p.name for p in copy.parent.iterdir()) == [
        "sillok-2026-11-22.db",
        "sillok-2026-11-22.db.attachments",
        "sillok-2026-11-22.db.keys",
    ]
    for path in copy.parent.rglob("*"):
        if path.is_file():
            assert MARK not in path.read_bytes() and SKETCH_MAP not in path.read_bytes()

    shutil.rmtree(db.parent)  # the laptop's data is gone
    restored = tmp_path / "new" / "sillok.db"
    done = _with_passphrase(field, "restore", "--from", str(copy), "--db", str(restored))
    assert done.returncode == 0, done.stderr
    with Database.open(restored, PASSPHRASE) as database:
        services = Services(database, actor="officer-1")
        assert services.attachments.read(field["photo"]) == PHOTO
        assert services.attachments.read(field["map"]) == SKETCH_MAP
    checked = _with_passphrase(field, "check", "--db", str(restored))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ok      attachments" in checked.stdout


def test_check_reports_a_missing_and_a_damaged_file(field: dict[str, Any]) -> None:
    db: Path = field["db"]
    file_for(db, field["photo"].id).unlink()
    sketch = file_for(db, field["map"].id)
    data = bytearray(sketch.read_bytes())
    data[-40] ^= 0x01  # inside the last payload chunk
    sketch.write_bytes(bytes(data))

    checked = _with_passphrase(field, "check", "--db", str(db))
    assert checked.returncode == 7, checked.stderr
    assert "Traceback" not in checked.stderr
    lines = [line for line in checked.stdout.splitlines() if line.startswith("FAILED")]
    assert len(lines) == 2, checked.stdout
    assert f"photo.jpg ({field['photo'].id}): the encrypted file" in checked.stdout
    assert "is missing" in checked.stdout
    assert f"sketch-map.png ({field['map'].id}): the encrypted file is damaged" in checked.stdout
    # Every other check still passes: only the attachments are named.
    for name in ("sqlcipher", "sqlite", "audit-chain", "records-vs-audit"):
        assert f"ok      {name}" in checked.stdout

    # A file that decrypts, but to other content than recorded (swapped files), is found too.
    with Database.open(db, PASSPHRASE) as database:
        services = Services(database, actor="officer-1")
        source = db.parent / "other.png"
        source.write_bytes(b"another picture")
        other = services.attachments.add(field["map"].interview_id, source, "photo")
        source.unlink()
        shutil.copyfile(file_for(db, other.id), sketch)
        found = {f.detail for f in run_check(database).findings}
    assert any("not to the content recorded" in detail for detail in found), found


def test_restore_without_an_attachment_restores_the_database_and_says_so(
    field: dict[str, Any], tmp_path: Path
) -> None:
    copy = tmp_path / "usb" / "backup.db"
    assert (
        _with_passphrase(field, "backup", "--db", str(field["db"]), "--out", str(copy)).returncode
        == 0
    )
    file_for(copy, field["photo"].id).unlink()  # lost from the backup

    restored = tmp_path / "new" / "sillok.db"
    done = _with_passphrase(field, "restore", "--from", str(copy), "--db", str(restored))
    assert done.returncode == 39, done.stderr
    assert "photo.jpg" in done.stderr and "Traceback" not in done.stderr
    assert restored.exists() and folder_for(restored).is_dir()
    with Database.open(restored, PASSPHRASE) as database:
        services = Services(database, actor="officer-1")
        assert services.attachments.read(field["map"]) == SKETCH_MAP
        assert [f.check for f in run_check(database).findings] == ["attachments"]
    assert not list(restored.parent.glob(".*"))  # no staged leftovers


def test_backup_and_restore_never_overwrite_an_attachments_folder(
    field: dict[str, Any], tmp_path: Path
) -> None:
    copy = tmp_path / "usb" / "backup.db"
    folder_for(copy).mkdir(parents=True)
    done = _with_passphrase(field, "backup", "--db", str(field["db"]), "--out", str(copy))
    assert done.returncode == 9 and "attachments" in done.stderr
    assert sorted(p.name for p in copy.parent.iterdir()) == ["backup.db.attachments"]
    folder_for(copy).rmdir()
    assert (
        _with_passphrase(field, "backup", "--db", str(field["db"]), "--out", str(copy)).returncode
        == 0
    )

    target = tmp_path / "new" / "sillok.db"
    folder_for(target).mkdir(parents=True)
    done = _with_passphrase(field, "restore", "--from", str(copy), "--db", str(target))
    assert done.returncode == 9
    assert sorted(p.name for p in target.parent.iterdir()) == ["sillok.db.attachments"]
