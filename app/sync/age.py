"""age v1 (https://age-encryption.org/v1), X25519 recipients, streaming. (API draft.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO


class AgeRecipient:
    """An X25519 recipient (`age1…`)."""

    @classmethod
    def parse(cls, text: str) -> AgeRecipient:
        raise NotImplementedError

    def __str__(self) -> str:
        raise NotImplementedError

    @property
    def key_id(self) -> str:
        """Stable short id: first 16 hex digits of SHA-256 of the `age1…` text."""
        raise NotImplementedError


class AgeIdentity:
    """An X25519 identity (`AGE-SECRET-KEY-1…`)."""

    @classmethod
    def generate(cls) -> AgeIdentity:
        raise NotImplementedError

    @classmethod
    def parse(cls, text: str) -> AgeIdentity:
        raise NotImplementedError

    def secret_text(self) -> str:
        raise NotImplementedError

    @property
    def recipient(self) -> AgeRecipient:
        raise NotImplementedError


class Encryptor:
    """Writable file-like: `write()` plaintext, `close()` to finish the last chunk."""

    def __init__(self, dst: BinaryIO, recipients: Sequence[AgeRecipient]) -> None:
        raise NotImplementedError


class Decryptor:
    """Readable file-like releasing only authenticated plaintext."""

    def __init__(self, src: BinaryIO, identities: Sequence[AgeIdentity]) -> None:
        raise NotImplementedError


def encrypt_stream(src: BinaryIO, dst: BinaryIO, recipients: Sequence[AgeRecipient]) -> None:
    raise NotImplementedError


def decrypt_stream(src: BinaryIO, dst: BinaryIO, identities: Sequence[AgeIdentity]) -> None:
    raise NotImplementedError


def rewrap(
    src: BinaryIO,
    dst: BinaryIO,
    identity: AgeIdentity,
    recipients: Sequence[AgeRecipient],
    *,
    keep_existing: bool = False,
) -> None:
    """Re-wrap the file key for `recipients` in a new header; payload bytes copied as is."""
    raise NotImplementedError
