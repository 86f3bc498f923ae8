"""age: interoperability with the real `age` tool both ways, keys, rewrap, strict reading."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest

from app.formats import age
from app.formats.errors import Damaged, KeyInvalid, NotForThisKey, NotRecognised, Truncated

SIZES = [0, 1, age.CHUNK - 1, age.CHUNK, age.CHUNK + 1, 2 * age.CHUNK, 2 * age.CHUNK + 7]


def _encrypt(data: bytes, *recipients: age.AgeRecipient) -> bytes:
    out = io.BytesIO()
    age.encrypt_stream(io.BytesIO(data), out, list(recipients))
    return out.getvalue()


def _decrypt(blob: bytes, *identities: age.AgeIdentity, granularity: int = 1) -> bytes:
    return age.Decryptor(io.BytesIO(blob), list(identities), granularity=granularity).read()


@pytest.mark.parametrize("size", SIZES)
def test_age_tool_reads_what_we_write(tmp_path: Path, size: int) -> None:
    identity = age.AgeIdentity.generate()
    key = tmp_path / "key.txt"
    key.write_text(identity.keygen_text())
    data = os.urandom(size)
    (tmp_path / "f.age").write_bytes(_encrypt(data, identity.recipient))
    out = subprocess.run(
        ["age", "-d", "-i", str(key), str(tmp_path / "f.age")], capture_output=True, check=True
    )
    assert out.stdout == data


@pytest.mark.parametrize("size", SIZES)
def test_we_read_what_the_age_tool_writes(tmp_path: Path, size: int) -> None:
    subprocess.run(["age-keygen", "-o", str(tmp_path / "k.txt")], capture_output=True, check=True)
    identity = age.AgeIdentity.parse((tmp_path / "k.txt").read_text())
    data = os.urandom(size)
    blob = subprocess.run(
        ["age", "-r", str(identity.recipient)], input=data, capture_output=True, check=True
    ).stdout
    assert _decrypt(blob, identity) == data


def test_keys_round_trip_and_match_age_keygen(tmp_path: Path) -> None:
    subprocess.run(["age-keygen", "-o", str(tmp_path / "k.txt")], capture_output=True, check=True)
    text = (tmp_path / "k.txt").read_text()
    identity = age.AgeIdentity.parse(text)
    public = subprocess.run(
        ["age-keygen", "-y", str(tmp_path / "k.txt")], capture_output=True, check=True, text=True
    ).stdout.strip()
    assert str(identity.recipient) == public
    assert age.AgeRecipient.parse(public) == identity.recipient
    assert identity.secret_text() in text
    assert age.AgeIdentity.parse(identity.secret_text()).recipient == identity.recipient
    assert identity.recipient.key_id == age.AgeRecipient.parse(public).key_id
    assert len(identity.recipient.key_id) == 16
    assert identity.recipient.fingerprint.count("-") == 3


@pytest.mark.parametrize(
    "text",
    ["", "age1", "age1qqqq", "AGE-SECRET-KEY-1QQQQ", "not a key", "age1" + "q" * 58],
)
def test_bad_key_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(KeyInvalid):
        age.AgeRecipient.parse(text)
    with pytest.raises(KeyInvalid):
        age.AgeIdentity.parse(text)


def test_recipient_text_is_not_an_identity() -> None:
    identity = age.AgeIdentity.generate()
    with pytest.raises(KeyInvalid):
        age.AgeIdentity.parse(str(identity.recipient))
    with pytest.raises(KeyInvalid):
        age.AgeRecipient.parse(identity.secret_text())


def test_several_recipients_each_can_read() -> None:
    a, b = age.AgeIdentity.generate(), age.AgeIdentity.generate()
    blob = _encrypt(b"testimony", a.recipient, b.recipient)
    assert _decrypt(blob, a) == _decrypt(blob, b) == b"testimony"
    with pytest.raises(NotForThisKey):
        _decrypt(blob, age.AgeIdentity.generate())


def test_rewrap_adds_a_recipient_and_keeps_the_payload_bytes(tmp_path: Path) -> None:
    device, geneva = age.AgeIdentity.generate(), age.AgeIdentity.generate()
    data = os.urandom(3 * age.CHUNK + 5)
    blob = _encrypt(data, device.recipient)
    for keep in (False, True):
        out = io.BytesIO()
        age.rewrap(io.BytesIO(blob), out, device, [geneva.recipient], keep_existing=keep)
        rewrapped = out.getvalue()
        # the payload (nonce and chunks) is copied byte for byte
        payload = blob[blob.index(b"\n", blob.index(b"\n---") + 1) + 1 :]
        assert rewrapped.endswith(payload)
        assert rewrapped[: -len(payload)] != blob[: -len(payload)]
        key = tmp_path / "geneva.txt"
        key.write_text(geneva.keygen_text())
        (tmp_path / "r.age").write_bytes(rewrapped)
        cli = subprocess.run(
            ["age", "-d", "-i", str(key), str(tmp_path / "r.age")], capture_output=True, check=True
        )
        assert cli.stdout == data
        if keep:
            assert _decrypt(rewrapped, device) == data
        else:
            with pytest.raises(NotForThisKey):
                _decrypt(rewrapped, device)


def test_rewrap_refuses_without_the_key() -> None:
    blob = _encrypt(b"x", age.AgeIdentity.generate().recipient)
    with pytest.raises(NotForThisKey):
        age.rewrap(io.BytesIO(blob), io.BytesIO(), age.AgeIdentity.generate(), [])


def test_a_file_cut_or_changed_is_refused_with_the_right_error() -> None:
    identity = age.AgeIdentity.generate()
    blob = _encrypt(bytes(3 * age.CHUNK + 1024), identity.recipient)
    header_end = blob.index(b"\n", blob.index(b"\n---") + 1) + 1
    with pytest.raises(Truncated):
        _decrypt(blob[:20], identity)
    with pytest.raises(Truncated):
        _decrypt(blob[: header_end + 8], identity)
    with pytest.raises(Truncated):  # cut exactly after a full chunk: no final chunk
        _decrypt(blob[: header_end + 16 + age.SEALED_CHUNK], identity)
    with pytest.raises(Truncated):  # cut inside the last chunk (plaintext is 512-aligned)
        _decrypt(blob[:-100], identity, granularity=512)
    with pytest.raises(Damaged):
        _decrypt(blob + b"\0", identity, granularity=512)
    with pytest.raises(Damaged):
        _decrypt(blob + os.urandom(age.SEALED_CHUNK + 3), identity, granularity=512)
    flipped = bytearray(blob)
    flipped[-5] ^= 1
    with pytest.raises(Damaged):
        _decrypt(bytes(flipped), identity, granularity=512)
    flipped = bytearray(blob)
    flipped[header_end - 10] ^= 1  # inside the MAC line
    with pytest.raises(Damaged):
        _decrypt(bytes(flipped), identity)
    with pytest.raises(NotRecognised):
        _decrypt(b"PK\x03\x04 a zip file, not age", identity)


def test_nothing_is_released_from_a_chunk_that_fails() -> None:
    identity = age.AgeIdentity.generate()
    blob = bytearray(_encrypt(os.urandom(2 * age.CHUNK + 10), identity.recipient))
    blob[-3] ^= 0x80
    decryptor = age.Decryptor(io.BytesIO(bytes(blob)), [identity])
    released = decryptor.read(age.CHUNK) + decryptor.read(age.CHUNK)
    assert len(released) == 2 * age.CHUNK
    with pytest.raises(Damaged):
        decryptor.read(age.CHUNK)


def test_encryptor_is_a_writable_stream() -> None:
    identity = age.AgeIdentity.generate()
    out = io.BytesIO()
    with age.Encryptor(out, [identity.recipient]) as encryptor:
        for piece in (b"a" * 10, b"b" * (age.CHUNK + 3), b"", b"c" * age.CHUNK):
            encryptor.write(piece)
    assert _decrypt(out.getvalue(), identity) == b"a" * 10 + b"b" * (age.CHUNK + 3) + b"c" * (
        age.CHUNK
    )
    with pytest.raises(ValueError):
        encryptor.write(b"late")


@pytest.mark.parametrize(
    "pieces",
    [
        [3 * age.CHUNK],  # whole chunks sealed straight from the caller's bytes
        [2 * age.CHUNK + 5, 7, 4 * age.CHUNK],
        [10, 2 * age.CHUNK, age.CHUNK + 1, 3 * age.CHUNK],
        [age.CHUNK + 1, age.CHUNK - 1, 5 * age.CHUNK + 3],
    ],
)
def test_any_mix_of_write_sizes_reads_back_with_the_age_tool(
    tmp_path: Path, pieces: list[int]
) -> None:
    identity = age.AgeIdentity.generate()
    key = tmp_path / "key.txt"
    key.write_text(identity.keygen_text())
    data = [os.urandom(size) for size in pieces]
    out = io.BytesIO()
    with age.Encryptor(out, [identity.recipient]) as encryptor:
        for piece in data:
            encryptor.write(memoryview(piece) if len(piece) % 2 else piece)
    (tmp_path / "f.age").write_bytes(out.getvalue())
    read = subprocess.run(
        ["age", "-d", "-i", str(key), str(tmp_path / "f.age")], capture_output=True, check=True
    )
    assert read.stdout == b"".join(data)
