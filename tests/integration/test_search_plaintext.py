"""The search index lives only inside the encrypted database: after indexing and searching,
neither the searched words, nor the indexed text, nor its index keys (bigrams) appear in
the clear in any file: the database, its -wal and -shm, or the temporary folder."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from app.search import rebuild, search
from app.search.korean import index_columns
from app.services import Services
from app.store.database import Database
from tests.integration.test_search import EXPECTED, SEGMENTS, build_corpus
from tests.support import FAST_KDF, PASSPHRASE

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
# Random bytes contain a given 6-byte string once in 2**48 bytes: far beyond these files.
MIN_NEEDLE_BYTES = 6


def _needles() -> set[str]:
    # Searched words long enough not to occur by chance (strip the quotes first: '"한"' is
    # one syllable, three bytes that random ciphertext contains once in ~16 MiB).
    queries = {query.strip('"') for query, _exact, _expected in EXPECTED}
    found = {query for query in queries if len(query.encode()) >= MIN_NEEDLE_BYTES}
    for text in SEGMENTS.values():
        found.add(text)
        found.add(text[: max(4, len(text) // 3)])
        columns = index_columns(text)
        for keys in (columns.bi, columns.latin):
            if len(keys) >= 8:
                found.add(keys[:12])  # a run of index keys as FTS5 would store them
    return found


def _keys() -> set[str]:
    """Every bigram key on its own, as FTS5 would store it (searched in UTF-8 only: six
    bytes each, which random bytes do not produce by chance)."""
    return {key for text in SEGMENTS.values() for key in index_columns(text).bi.split()}


def _leaks(folder: Path, needles: set[str], encodings: tuple[str, ...] = ENCODINGS) -> list[str]:
    found = []
    patterns = [
        (needle, encoding, needle.encode(encoding))
        for needle in needles
        for encoding in encodings
        if len(needle.encode(encoding)) >= MIN_NEEDLE_BYTES  # shorter ones occur by chance
    ]
    assert patterns
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for needle, encoding, pattern in patterns:
            if pattern in data:
                found.append(f"{path.name}: {needle} ({encoding})")
    return found


def test_no_plaintext_index_or_text_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    for variable in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(variable, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    data = tmp_path / "data"
    database = Database.create(data / "sillok.db", PASSPHRASE, FAST_KDF)
    services: Any = Services(database, actor="test")
    build_corpus(services)
    for query, exact, expected in EXPECTED:
        assert len(search(database, query, exact=exact, limit=50, passages=0).hits) == len(expected)
    rebuild(database)
    assert search(database, "보위부").hits
    # While open (the -wal holds the newest pages), then closed.
    assert {p.name for p in data.iterdir()} >= {"sillok.db", "sillok.db-wal", "sillok.db-shm"}
    needles = _needles()
    assert _leaks(data, needles) == [] and _leaks(temp, needles) == []
    assert _leaks(data, _keys(), ("utf-8",)) == []
    database.close()
    assert _leaks(data, needles) == [] and _leaks(temp, needles) == []
    assert list(temp.iterdir()) == []


def test_the_scan_finds_index_keys_in_a_plain_sqlite_file(tmp_path: Path) -> None:
    """The same scan on an unencrypted FTS5 index with the same keys does find them."""
    import sqlite3

    plain = sqlite3.connect(tmp_path / "plain.db")
    plain.execute("CREATE VIRTUAL TABLE f USING fts5(bi, uni, latin, content='')")
    columns = index_columns(SEGMENTS["A"])
    plain.execute("INSERT INTO f VALUES (?, ?, ?)", (columns.bi, columns.uni, columns.latin))
    plain.commit()
    plain.close()
    # FTS5 stores keys prefix-compressed (by bytes): some, if not all, are there as such.
    assert _leaks(tmp_path, set(columns.bi.split()), ("utf-8",))
