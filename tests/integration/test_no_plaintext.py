"""Nothing typed into Sillok appears in the clear in any file it writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.crypto import keyfile
from app.services import Services
from app.store.backup import backup
from app.store.database import Database
from tests.support import (
    ENGLISH_SENTENCES,
    FAST_KDF,
    IDENTITY_SENTENCES,
    KOREAN_SENTENCES,
    PASSPHRASE,
    record_interview,
)

SECRETS = (*KOREAN_SENTENCES, *ENGLISH_SENTENCES, *IDENTITY_SENTENCES)


def _encodings(text: str) -> list[bytes]:
    # Whole sentences and a distinctive fragment of each, in every encoding SQLite and
    # Python use (UTF-8, UTF-16 either way round).
    fragments = {text, text[: max(4, len(text) // 3)]}
    return [f.encode(e) for f in fragments for e in ("utf-8", "utf-16-le", "utf-16-be")]


def _leaks(directory: Path) -> list[str]:
    found = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in SECRETS:
            if any(encoded in data for encoded in _encodings(secret)):
                found.append(f"{path.name}: {secret}")
    return found


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*") if p.is_file())


def test_sentences_never_on_disk_in_the_clear(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    db_path = data_dir / "sillok.db"
    database = Database.create(db_path, PASSPHRASE, FAST_KDF)
    record_interview(Services(database, actor="officer-1"))

    # While open: the -wal and -shm files hold the latest pages.
    assert any(name.endswith("-wal") for name in _files(data_dir))
    assert _leaks(data_dir) == []

    backup(database, data_dir / "backups" / "sillok-backup.db")
    database.close()

    # Everything the app wrote: database, key file, backup and its key file.
    assert {"sillok.db", "sillok.db.keys", "sillok-backup.db", "sillok-backup.db.keys"} <= set(
        _files(data_dir)
    )
    assert _leaks(data_dir) == []
    assert PASSPHRASE.encode() not in keyfile.keyfile_path(db_path).read_bytes()


def test_the_scan_would_find_plaintext(tmp_path: Path) -> None:
    """The same scan on a plain file with one sentence in it does find it."""
    (tmp_path / "plain.txt").write_bytes(KOREAN_SENTENCES[1].encode("utf-16-le"))
    assert _leaks(tmp_path) == [f"plain.txt: {KOREAN_SENTENCES[1]}"]


def test_reopened_database_gives_the_sentences_back(tmp_path: Path, services: Any) -> None:
    """The scan above is meaningful: the text is stored, only encrypted."""
    made = record_interview(services)
    database = services.context.database
    path = database.path
    database.close()
    with Database.open(path, PASSPHRASE) as reopened:
        texts = {
            a.value.text
            for a in Services(reopened, "x").answers.for_interview(made["interview"].id)
        }
    assert set(KOREAN_SENTENCES) | set(ENGLISH_SENTENCES) == texts
