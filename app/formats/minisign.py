"""minisign signatures (https://jedisct1.github.io/minisign/), Ed25519, written and read.

Signatures are the prehashed kind minisign makes by default (algorithm `ED`: Ed25519 over
the BLAKE2b-512 of the file), with a trusted comment covered by a second, global signature
(Ed25519 over the signature and the trusted comment). The legacy `Ed` kind (not
prehashed) is refused. Public keys are minisign `.pub` text, so `minisign -Vm FILE -P KEY`
verifies what this module signs, and this module verifies what `minisign -S` signs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.formats.errors import BadSignature, KeyInvalid
from app.i18n import N_

KEY_ALGORITHM = b"Ed"
PREHASHED = b"ED"
LEGACY = b"Ed"
KEY_ID_SIZE = 8
UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def _prehash(message: bytes | BinaryIO) -> bytes:
    digest = hashlib.blake2b(digest_size=64)
    if isinstance(message, bytes | bytearray | memoryview):
        digest.update(message)
    else:
        while block := message.read(1024 * 1024):
            digest.update(block)
    return digest.digest()


def key_id_text(key_id: bytes) -> str:
    """The key id as minisign prints it (a little-endian 64-bit number in hex)."""
    return key_id[::-1].hex().upper()


class PublicKey:
    """A minisign public key: an Ed25519 key and its 8-byte key id."""

    def __init__(self, key_id: bytes, public_bytes: bytes) -> None:
        if len(key_id) != KEY_ID_SIZE or len(public_bytes) != 32:
            raise KeyInvalid(what="minisign", detail=N_("wrong length"))
        self.key_id = key_id
        self.public_bytes = public_bytes
        self._key = Ed25519PublicKey.from_public_bytes(public_bytes)

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """A minisign `.pub` file's text, or only its base64 line (`RWQ…`)."""
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        if len(lines) == 2 and lines[0].startswith(UNTRUSTED):
            lines = lines[1:]
        raw = _b64(lines[0]) if len(lines) == 1 else None
        if raw is None or len(raw) != 2 + KEY_ID_SIZE + 32 or raw[:2] != KEY_ALGORITHM:
            raise KeyInvalid(what="minisign", detail=N_("not a minisign public key"))
        return cls(raw[2:10], raw[10:])

    def base64(self) -> str:
        """The key in one line, as `minisign -P` takes it."""
        return base64.b64encode(KEY_ALGORITHM + self.key_id + self.public_bytes).decode("ascii")

    def to_text(self) -> str:
        """The `.pub` file text minisign writes."""
        return f"{UNTRUSTED}minisign public key {self.id_text}\n{self.base64()}\n"

    @property
    def id_text(self) -> str:
        return key_id_text(self.key_id)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PublicKey)
            and other.key_id == self.key_id
            and other.public_bytes == self.public_bytes
        )

    def __hash__(self) -> int:
        return hash((self.key_id, self.public_bytes))

    def verify(
        self, message: bytes | BinaryIO, signature: str, *, what: str = N_("the signed file")
    ) -> str:
        """The trusted comment if `signature` (minisig text) is this key's over `message`;
        `BadSignature` otherwise, saying what is wrong."""
        lines = signature.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if (
            len(lines) != 4
            or not lines[0].startswith(UNTRUSTED)
            or not lines[2].startswith(TRUSTED)
        ):
            raise BadSignature(what=what, detail=N_("the signature file is malformed"))
        raw = _b64(lines[1])
        global_signature = _b64(lines[3])
        if raw is None or len(raw) != 2 + KEY_ID_SIZE + 64:
            raise BadSignature(what=what, detail=N_("the signature file is malformed"))
        if global_signature is None or len(global_signature) != 64:
            raise BadSignature(what=what, detail=N_("the signature file is malformed"))
        algorithm, key_id, signed = raw[:2], raw[2:10], raw[10:]
        if algorithm == LEGACY:
            raise BadSignature(what=what, detail=N_("a legacy signature, not accepted"))
        if algorithm != PREHASHED:
            raise BadSignature(what=what, detail=N_("an unknown signature algorithm"))
        if key_id != self.key_id:
            raise BadSignature(what=what, detail=N_("made by another key"))
        try:
            self._key.verify(signed, _prehash(message))
        except InvalidSignature:
            raise BadSignature(what=what, detail=N_("the signed content was changed")) from None
        comment = lines[2][len(TRUSTED) :]
        try:
            self._key.verify(global_signature, signed + comment.encode("utf-8"))
        except InvalidSignature:
            raise BadSignature(what=what, detail=N_("the trusted comment was changed")) from None
        return comment


class SigningKey:
    """A minisign secret key (Ed25519 seed and key id). Handle as a secret."""

    def __init__(self, seed: bytes, key_id: bytes) -> None:
        if len(seed) != 32 or len(key_id) != KEY_ID_SIZE:
            raise KeyInvalid(what="minisign", detail=N_("wrong length"))
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        self._key_id = key_id

    @classmethod
    def generate(cls) -> SigningKey:
        """A new key with a random key id, as `minisign -G` makes."""
        return cls(os.urandom(32), os.urandom(KEY_ID_SIZE))

    @classmethod
    def from_seed(cls, seed: bytes, key_id: bytes | None = None) -> SigningKey:
        """The key of a 32-byte Ed25519 seed; without `key_id`, the id is derived from the
        public key (first 8 bytes of its BLAKE2b-512), so the same seed gives the same id."""
        if key_id is None:
            if len(seed) != 32:
                raise KeyInvalid(what="minisign", detail=N_("wrong length"))
            public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
            key_id = hashlib.blake2b(public, digest_size=64).digest()[:KEY_ID_SIZE]
        return cls(seed, key_id)

    def seed(self) -> bytes:
        """The 32 secret bytes (handle as a secret)."""
        return self._private.private_bytes_raw()

    @property
    def key_id(self) -> bytes:
        return self._key_id

    @property
    def public_key(self) -> PublicKey:
        return PublicKey(self._key_id, self._private.public_key().public_bytes_raw())

    def sign(
        self,
        message: bytes | BinaryIO,
        trusted_comment: str,
        *,
        untrusted_comment: str = "signature from minisign secret key",
    ) -> str:
        """The `.minisig` text of a prehashed signature over `message`."""
        if "\n" in trusted_comment or "\r" in trusted_comment:
            raise ValueError("a trusted comment is one line")
        signed = self._private.sign(_prehash(message))
        global_signature = self._private.sign(signed + trusted_comment.encode("utf-8"))
        raw = PREHASHED + self._key_id + signed
        return (
            f"{UNTRUSTED}{untrusted_comment}\n{base64.b64encode(raw).decode('ascii')}\n"
            f"{TRUSTED}{trusted_comment}\n{base64.b64encode(global_signature).decode('ascii')}\n"
        )
