"""Constants and helpers the tests share."""

from __future__ import annotations

from pathlib import Path

from app.crypto.kdf import KdfParams

PASSPHRASE = "봄날 압록강 건너 correct horse battery"
"""A strong passphrase with Hangul in it, as interviewers may choose."""

FAST_KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)
"""The smallest parameters the key file accepts (64 MiB): real Argon2id, quick tests."""


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory` with the SHA-256 of its bytes."""
    import hashlib

    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }
