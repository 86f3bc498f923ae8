"""minisign: our signatures verified by the real tool, the tool's verified by us, tampering."""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

import pytest

from app.formats import minisign
from app.formats.errors import BadSignature, KeyInvalid


def _cli_key(tmp_path: Path) -> tuple[Path, Path]:
    secret, public = tmp_path / "cli.key", tmp_path / "cli.pub"
    subprocess.run(
        ["minisign", "-G", "-W", "-s", str(secret), "-p", str(public)],
        capture_output=True,
        check=True,
    )
    return secret, public


def test_minisign_verifies_our_signature(tmp_path: Path) -> None:
    key = minisign.SigningKey.generate()
    message = tmp_path / "manifest.json"
    message.write_bytes(b'{"a": 1}\n' * 1000)
    (tmp_path / "manifest.json.minisig").write_text(key.sign(message.read_bytes(), "hi 안녕"))
    (tmp_path / "k.pub").write_text(key.public_key.to_text())
    for args in (["-P", key.public_key.base64()], ["-p", str(tmp_path / "k.pub")]):
        done = subprocess.run(
            ["minisign", "-Vm", str(message), *args], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "Trusted comment: hi 안녕" in done.stdout
    message.write_bytes(message.read_bytes() + b" ")
    done = subprocess.run(["minisign", "-Vm", str(message), "-P", key.public_key.base64()])
    assert done.returncode != 0


def test_we_verify_a_minisign_signature(tmp_path: Path) -> None:
    secret, public = _cli_key(tmp_path)
    message = tmp_path / "file.bin"
    message.write_bytes(bytes(range(256)) * 300)
    subprocess.run(
        ["minisign", "-S", "-s", str(secret), "-m", str(message), "-t", "made by the tool"],
        capture_output=True,
        check=True,
    )
    key = minisign.PublicKey.parse(public.read_text())
    signature = (tmp_path / "file.bin.minisig").read_text()
    assert key.verify(message.read_bytes(), signature) == "made by the tool"
    with message.open("rb") as stream:
        assert key.verify(stream, signature) == "made by the tool"
    assert key.to_text().splitlines()[1] == public.read_text().splitlines()[1]
    with pytest.raises(BadSignature):
        key.verify(message.read_bytes()[:-1], signature)


def test_tampering_is_named() -> None:
    key = minisign.SigningKey.generate()
    signature = key.sign(b"data", "comment")
    lines = signature.splitlines()
    with pytest.raises(BadSignature, match="changed"):
        key.public_key.verify(b"datA", signature)
    with pytest.raises(BadSignature, match="trusted comment"):
        key.public_key.verify(b"data", "\n".join([*lines[:2], "trusted comment: other", lines[3]]))
    with pytest.raises(BadSignature, match="another key"):
        minisign.SigningKey.generate().public_key.verify(b"data", signature)
    same_id = minisign.SigningKey.from_seed(bytes(32), key.key_id)
    with pytest.raises(BadSignature, match="changed"):
        same_id.public_key.verify(b"data", signature)
    raw = bytearray(base64.b64decode(lines[1]))
    raw[:2] = b"Ed"
    legacy = "\n".join([lines[0], base64.b64encode(bytes(raw)).decode(), *lines[2:]])
    with pytest.raises(BadSignature, match="legacy"):
        key.public_key.verify(b"data", legacy)
    for broken in ("", "untrusted comment: x\n", signature.replace("trusted comment", "comment")):
        with pytest.raises(BadSignature, match="malformed"):
            key.public_key.verify(b"data", broken)


def test_keys_from_seed_are_stable() -> None:
    key = minisign.SigningKey.generate()
    again = minisign.SigningKey.from_seed(key.seed(), key.key_id)
    assert again.public_key == key.public_key
    derived = minisign.SigningKey.from_seed(key.seed())
    assert derived.key_id == minisign.SigningKey.from_seed(key.seed()).key_id
    assert minisign.PublicKey.parse(key.public_key.to_text()) == key.public_key
    assert minisign.PublicKey.parse(key.public_key.base64()) == key.public_key
    signature = key.sign(io.BytesIO(b"stream"), "c")
    assert key.public_key.verify(b"stream", signature) == "c"


@pytest.mark.parametrize("text", ["", "RWQ", "untrusted comment: x\nRWQAAAA", "x\ny\nz"])
def test_bad_public_key_text(text: str) -> None:
    with pytest.raises(KeyInvalid):
        minisign.PublicKey.parse(text)
