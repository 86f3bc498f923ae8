"""The age reader against every vector of the C2SP age test kit (tests/vectors/age-testkit,
vendored with its licence so a fresh clone runs them).

Each vector says what a reader must do: succeed (releasing exactly the plaintext whose
SHA-256 is given), or fail at the header, at the header MAC, at the payload, or find no
matching identity. Vectors for recipient types that Sillok deliberately does not read
(scrypt passphrases, hybrid post-quantum keys) and for the ASCII armor are skipped with
that reason when they expect success or need a key of that type; see
docs/package-format.md, "age".
"""

from __future__ import annotations

import hashlib
import io
import zlib
from pathlib import Path

import pytest

from app.formats import age
from app.formats.errors import (
    Damaged,
    FormatError,
    NotForThisKey,
    NotRecognised,
    Truncated,
    UnsupportedFormat,
)

TESTKIT = Path(__file__).resolve().parents[2] / "vectors" / "age-testkit"
VECTORS = (
    sorted(p.name for p in TESTKIT.iterdir() if p.name != "LICENSE") if TESTKIT.is_dir() else []
)
UNRELATED = age.AgeIdentity.generate()


def _parse(path: Path) -> tuple[dict[str, list[str]], bytes]:
    data = path.read_bytes()
    head, _, body = data.partition(b"\n\n")
    fields: dict[str, list[str]] = {}
    for line in head.decode().splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    if fields.get("compressed") == ["zlib"]:
        body = zlib.decompress(body)
    return fields, body


def test_the_test_kit_is_there() -> None:
    assert len(VECTORS) > 100, f"age test kit missing at {TESTKIT}"


@pytest.mark.parametrize("name", VECTORS)
def test_vector(name: str) -> None:
    fields, body = _parse(TESTKIT / name)
    expect = fields["expect"][0]
    keys = fields.get("identity", [])
    x25519 = [age.AgeIdentity.parse(k) for k in keys if k.startswith("AGE-SECRET-KEY-1")]
    if "passphrase" in fields:
        pytest.skip("scrypt (passphrase) recipients are deliberately not supported")
    if len(x25519) < len(keys) and (expect == "success" or not x25519):
        pytest.skip("hybrid post-quantum recipients are deliberately not supported")
    if fields.get("armored") == ["yes"]:
        # The reader takes binary age files only: armored input must never be accepted.
        if expect == "success":
            pytest.skip("the ASCII armor is deliberately not supported (packages are binary)")
        with pytest.raises(NotRecognised):
            age.Decryptor(io.BytesIO(body), x25519 or [UNRELATED]).read()
        return
    identities = x25519 or [UNRELATED]
    if expect == "success":
        out = age.Decryptor(io.BytesIO(body), identities).read()
        assert hashlib.sha256(out).hexdigest() == fields["payload"][0]
        return
    expected: tuple[type[FormatError], ...] = {
        "no match": (NotForThisKey,),
        "HMAC failure": (Damaged,),
        "header failure": (Damaged, Truncated, NotRecognised, UnsupportedFormat),
        "payload failure": (Damaged, Truncated),
    }[expect]
    released = bytearray()
    with pytest.raises(expected) as caught:
        decryptor = age.Decryptor(io.BytesIO(body), identities)
        while chunk := decryptor.read(age.CHUNK):
            released += chunk
    if expect != "payload failure":
        assert not released
    assert caught.value.message()
    if "payload" in fields:  # only authenticated chunks before the failure were released
        assert len(released) % age.CHUNK == 0
