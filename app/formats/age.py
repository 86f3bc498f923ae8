"""age v1 (https://age-encryption.org/v1) with X25519 recipients, streaming, strict.

Written from the specification with the `cryptography` primitives, so that a package can be
read by the standard `age` tool and every age file the tool writes to an X25519 recipient
can be read here. Headers are parsed strictly (canonical base64, 64-column bodies, the
header MAC checked before any payload byte is released); the payload is released chunk by
chunk, each only once authenticated, and the end of the stream must be the final chunk with
nothing after it. Passphrase (scrypt), hybrid post-quantum recipients and the ASCII armor
are deliberately not supported: packages and attachments never use them.

Key text is that of `age-keygen`: `AGE-SECRET-KEY-1…` and `age1…` (Bech32).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import shutil
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.formats import bech32
from app.formats.age_header import Header, Stanza, b64decode, b64encode, parse_header
from app.formats.errors import Damaged, KeyInvalid, NotForThisKey, Truncated
from app.formats.streams import ReadStream, WriteStream
from app.i18n import N_

CHUNK = 64 * 1024
TAG = 16
SEALED_CHUNK = CHUNK + TAG
NONCE_SIZE = 16
FILE_KEY_SIZE = 16
X25519_LABEL = b"age-encryption.org/v1/X25519"
RECIPIENT_HRP = "age"
IDENTITY_HRP = "age-secret-key-"


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


class AgeRecipient:
    """An X25519 recipient, written `age1…`."""

    def __init__(self, public_bytes: bytes) -> None:
        if len(public_bytes) != 32:
            raise KeyInvalid(what="age1…", detail=N_("wrong length"))
        self.public_bytes = public_bytes

    @classmethod
    def parse(cls, text: str) -> AgeRecipient:
        """`age1…` text (surrounding whitespace ignored)."""
        text = text.strip()
        try:
            hrp, data = bech32.decode(text)
        except bech32.Bech32Error:
            raise KeyInvalid(what=text[:12] + "…", detail=N_("not an age recipient")) from None
        if hrp != RECIPIENT_HRP or text != text.lower() or len(data) != 32:
            raise KeyInvalid(what=text[:12] + "…", detail=N_("not an age recipient"))
        return cls(data)

    def __str__(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self.public_bytes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AgeRecipient) and other.public_bytes == self.public_bytes

    def __hash__(self) -> int:
        return hash(self.public_bytes)

    def __repr__(self) -> str:
        return f"AgeRecipient({self})"

    @property
    def key_id(self) -> str:
        """Stable short id: the first 16 hex digits of SHA-256 of the `age1…` text."""
        return hashlib.sha256(str(self).encode("ascii")).hexdigest()[:16]

    @property
    def fingerprint(self) -> str:
        """The key id for people to compare aloud: `ABCD-EF01-2345-6789`."""
        key = self.key_id.upper()
        return "-".join(key[i : i + 4] for i in range(0, 16, 4))

    def wrap(self, file_key: bytes) -> Stanza:
        """The X25519 recipient stanza carrying `file_key` to this recipient."""
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self.public_bytes))
        key = _hkdf(shared, share + self.public_bytes, X25519_LABEL)
        body = ChaCha20Poly1305(key).encrypt(bytes(12), file_key, None)
        return Stanza("X25519", (b64encode(share),), body)


class AgeIdentity:
    """An X25519 identity, written `AGE-SECRET-KEY-1…`."""

    def __init__(self, private_key: X25519PrivateKey) -> None:
        self._key = private_key
        self._public = private_key.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> AgeIdentity:
        return cls(X25519PrivateKey.generate())

    @classmethod
    def parse(cls, text: str) -> AgeIdentity:
        """One `AGE-SECRET-KEY-1…` key, or an `age-keygen` file (comments ignored)."""
        lines = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if len(lines) != 1:
            raise KeyInvalid(what="AGE-SECRET-KEY-1…", detail=N_("not exactly one key"))
        try:
            hrp, data = bech32.decode(lines[0])
        except bech32.Bech32Error:
            raise KeyInvalid(what="AGE-SECRET-KEY-1…", detail=N_("not an age key")) from None
        if hrp != IDENTITY_HRP or lines[0] != lines[0].upper() or len(data) != 32:
            raise KeyInvalid(what="AGE-SECRET-KEY-1…", detail=N_("not an age key"))
        return cls(X25519PrivateKey.from_private_bytes(data))

    def secret_text(self) -> str:
        """The `AGE-SECRET-KEY-1…` text (handle as a secret)."""
        return bech32.encode(IDENTITY_HRP, self._key.private_bytes_raw()).upper()

    def keygen_text(self) -> str:
        """A key file as `age-keygen` writes it (usable with `age -d -i`)."""
        return f"# public key: {self.recipient}\n{self.secret_text()}\n"

    @property
    def recipient(self) -> AgeRecipient:
        return AgeRecipient(self._public)

    def unwrap(self, stanza: Stanza) -> bytes | None:
        """The file key if `stanza` is for this identity, None if it is not.

        A malformed X25519 stanza is `Damaged` (the spec's header failure), whoever it is
        for, so that a damaged header is never mistaken for "another recipient".
        """
        if stanza.type != "X25519":
            return None
        if len(stanza.args) != 1:
            raise Damaged(what="", detail=N_("a recipient stanza is malformed"))
        share = b64decode(stanza.args[0])
        if share is None or len(share) != 32 or len(stanza.body) != FILE_KEY_SIZE + TAG:
            raise Damaged(what="", detail=N_("a recipient stanza is malformed"))
        shared = self._key.exchange(X25519PublicKey.from_public_bytes(share)) if share else b""
        if shared == bytes(32):  # cryptography raises instead; kept for clarity
            raise Damaged(what="", detail=N_("a recipient stanza is malformed"))
        key = _hkdf(shared, share + self._public, X25519_LABEL)
        try:
            return ChaCha20Poly1305(key).decrypt(bytes(12), stanza.body, None)
        except InvalidTag:
            return None


def _unwrap(header: Header, identities: Sequence[AgeIdentity], what: str) -> bytes:
    """The file key, with the header MAC checked."""
    file_key = None
    try:
        for stanza in header.stanzas:
            for identity in identities:
                file_key = identity.unwrap(stanza)
                if file_key is not None:
                    break
            if file_key is not None:
                break
    except ValueError:  # cryptography: low-order share gives the all-zero secret
        raise Damaged(what=what, detail=N_("a recipient stanza is malformed")) from None
    except Damaged as error:
        raise Damaged(what=what, detail=error.params["detail"]) from None
    if file_key is None:
        raise NotForThisKey(what=what, detail=N_("no recipient stanza matches the key"))
    mac_key = _hkdf(file_key, b"", b"header")
    expected = hmac.new(mac_key, header.mac_input, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, header.mac):
        raise Damaged(what=what, detail=N_("the header authentication code does not match"))
    return file_key


def _header_bytes(stanzas: Sequence[Stanza], file_key: bytes) -> bytes:
    body = b"age-encryption.org/v1\n" + b"".join(s.encode() for s in stanzas) + b"---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), body, hashlib.sha256).digest()
    return body + b" " + b64encode(mac).encode("ascii") + b"\n"


def _nonce(counter: int, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class Encryptor(io.RawIOBase):
    """Writable file-like: `write()` plaintext, `close()` to seal the final chunk.

    The header is written at once. `close()` does not close `dst`. If the writer is
    abandoned without `close()`, the output has no final chunk and no reader accepts it.
    """

    def __init__(self, dst: WriteStream, recipients: Sequence[AgeRecipient]) -> None:
        super().__init__()
        if not recipients:
            raise KeyInvalid(what="age1…", detail=N_("no recipient given"))
        file_key = os.urandom(FILE_KEY_SIZE)
        nonce = os.urandom(NONCE_SIZE)
        self._dst = dst
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._buffer = bytearray()
        self._counter = 0
        dst.write(_header_bytes([r.wrap(file_key) for r in recipients], file_key) + nonce)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self.closed:
            raise ValueError("write to a closed age Encryptor")
        buffer = self._buffer
        if buffer:
            buffer += data
            view = memoryview(buffer)
            sealed = self._seal_whole_chunks(view)
            view.release()
            del buffer[:sealed]
        else:  # seal straight from the caller's bytes (no copy), keep only the rest
            view = memoryview(data).cast("B")
            buffer += view[self._seal_whole_chunks(view) :]
            view.release()
        return len(data)

    def _seal_whole_chunks(self, view: memoryview) -> int:
        """Seal every chunk of `view` but the last (at least one byte is always kept: the
        last chunk is sealed as final only at close()); how many bytes were sealed."""
        position = 0
        while len(view) - position > CHUNK:
            self._seal(view[position : position + CHUNK], final=False)
            position += CHUNK
        return position

    def _seal(self, chunk: memoryview | bytearray, *, final: bool) -> None:
        self._dst.write(self._aead.encrypt(_nonce(self._counter, final), chunk, None))
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(self._buffer, final=True)
            self._buffer = bytearray()
        super().close()


class Decryptor(io.RawIOBase):
    """Readable file-like that releases only authenticated plaintext.

    The header is read and its MAC checked in the constructor. `what` names the source in
    errors. `granularity`: when the plaintext is known to be a multiple of this many bytes
    (512 for a tar archive), a failing last chunk can be told apart as cut short
    (`Truncated`) or extended (`Damaged`); with 1, a changed and a cut last chunk are
    both `Damaged`, as they cannot be told apart.
    """

    def __init__(
        self,
        src: ReadStream,
        identities: Sequence[AgeIdentity],
        *,
        what: str = N_("the encrypted file"),
        granularity: int = 1,
    ) -> None:
        super().__init__()
        self._src = src
        self._what = what
        self._granularity = granularity
        header = parse_header(src, what)
        file_key = _unwrap(header, identities, what)
        nonce = header.rest[:NONCE_SIZE]
        nonce += _read_exact(src, NONCE_SIZE - len(nonce))
        if len(nonce) < NONCE_SIZE:
            raise Truncated(what=what, detail=N_("the file ends before its content"))
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._counter = 0
        self._lookahead = header.rest[NONCE_SIZE:]
        self._plain = memoryview(b"")
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._plain and not self._done:
            self._plain = memoryview(self._next_chunk())
        count = min(len(target), len(self._plain))
        target[:count] = self._plain[:count]
        self._plain = self._plain[count:]
        return count

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        while not self._plain and not self._done:
            self._plain = memoryview(self._next_chunk())
        out = self._plain[:size].tobytes()
        self._plain = self._plain[size:]
        return out

    def readall(self) -> bytes:
        parts: list[bytes] = []
        while True:
            part = self.read(CHUNK)
            if not part:
                return b"".join(parts)
            parts.append(part)

    def _next_chunk(self) -> bytes:
        sealed = self._lookahead + _read_exact(self._src, SEALED_CHUNK - len(self._lookahead))
        self._lookahead = _read_exact(self._src, 1) if len(sealed) == SEALED_CHUNK else b""
        last = not self._lookahead
        counter = self._counter
        self._counter += 1
        if not sealed:
            raise Truncated(what=self._what, detail=N_("the file ends before its content"))
        plain = self._open(sealed, counter, final=last)
        if plain is not None:
            if last:
                self._done = True
                if not plain and counter > 0:
                    raise Damaged(what=self._what, detail=N_("the last chunk is empty"))
            return plain
        if last and len(sealed) == SEALED_CHUNK and self._open(sealed, counter, final=False):
            raise Truncated(what=self._what, detail=N_("the file ends before its last chunk"))
        if not last and self._open(sealed, counter, final=True) is not None:
            raise Damaged(what=self._what, detail=N_("there are extra bytes after the end"))
        raise self._diagnose(sealed, counter)

    def _open(self, sealed: bytes, counter: int, *, final: bool) -> bytes | None:
        try:
            return self._aead.decrypt(_nonce(counter, final), sealed, None)
        except InvalidTag:
            return None

    def _diagnose(self, sealed: bytes, counter: int) -> Damaged | Truncated:
        """Why a chunk does not authenticate: extended, cut short, or changed."""
        step = self._granularity
        if step > 1:
            for length in range(TAG + step, len(sealed), step):
                if self._open(sealed[:length], counter, final=True) is not None:
                    return Damaged(
                        what=self._what, detail=N_("there are extra bytes after the end")
                    )
            if len(sealed) < TAG or (len(sealed) - TAG) % step:
                return Truncated(what=self._what, detail=N_("the file ends inside a chunk"))
        return Damaged(what=self._what, detail=N_("the encrypted content does not authenticate"))


def _read_exact(src: ReadStream, size: int) -> bytes:
    """Up to `size` bytes: fewer only at the end of `src`."""
    if size <= 0:
        return b""
    first = src.read(size)
    if not first or len(first) == size:
        return first or b""
    parts: list[bytes] = [first]
    missing = size - len(first)
    while missing:
        part = src.read(missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def encrypt_stream(src: ReadStream, dst: WriteStream, recipients: Sequence[AgeRecipient]) -> None:
    """Encrypt all of `src` to `dst` for `recipients`."""
    with Encryptor(dst, recipients) as encryptor:
        shutil.copyfileobj(src, encryptor, 4 * CHUNK)


def decrypt_stream(
    src: ReadStream,
    dst: WriteStream,
    identities: Sequence[AgeIdentity],
    *,
    what: str = N_("the encrypted file"),
) -> None:
    """Decrypt all of `src` to `dst`. On an error `dst` may hold authenticated plaintext
    written before the failure: callers discard it (a later chunk may have failed)."""
    decryptor = Decryptor(src, identities, what=what)
    shutil.copyfileobj(decryptor, dst, 4 * CHUNK)


def rewrap(
    src: ReadStream,
    dst: WriteStream,
    identity: AgeIdentity,
    recipients: Sequence[AgeRecipient],
    *,
    keep_existing: bool = False,
    what: str = N_("the encrypted file"),
) -> None:
    """Copy the age file `src` to `dst` with its file key re-wrapped for `recipients`.

    The header is verified with `identity` (MAC included), a new header is written with
    the new stanzas (after the old ones if `keep_existing`), and the nonce and payload are
    copied byte for byte: no plaintext is ever produced. The payload is not decrypted
    here, so a damaged payload is found when the copy is read, as it would be in `src`.
    """
    header = parse_header(src, what)
    file_key = _unwrap(header, [identity], what)
    stanzas = [*(header.stanzas if keep_existing else ()), *(r.wrap(file_key) for r in recipients)]
    dst.write(_header_bytes(stanzas, file_key) + header.rest)
    shutil.copyfileobj(src, dst, 4 * CHUNK)
