"""minisign signatures (Ed25519, prehashed "ED" with BLAKE2b-512). (API draft.)"""

from __future__ import annotations

from typing import BinaryIO


class PublicKey:
    key_id: bytes

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """A minisign `.pub` file's text, or just its base64 line."""
        raise NotImplementedError

    def to_text(self) -> str:
        raise NotImplementedError

    def verify(self, message: bytes | BinaryIO, signature: str) -> str:
        """The trusted comment, or `BadSignature`."""
        raise NotImplementedError


class SigningKey:
    @classmethod
    def generate(cls) -> SigningKey:
        raise NotImplementedError

    @classmethod
    def from_seed(cls, seed: bytes, key_id: bytes | None = None) -> SigningKey:
        raise NotImplementedError

    def seed(self) -> bytes:
        raise NotImplementedError

    @property
    def public_key(self) -> PublicKey:
        raise NotImplementedError

    def sign(self, message: bytes | BinaryIO, trusted_comment: str) -> str:
        raise NotImplementedError
