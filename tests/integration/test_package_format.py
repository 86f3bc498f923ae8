"""The package container: a round trip, and a tamper matrix where each attack gets its own
error (and exit code), nothing stays in the target folder, and nothing is written outside."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.errors import AlreadyExists, SillokError
from app.formats import age, minisign
from app.formats.errors import (
    BadSignature,
    ContentMismatch,
    Damaged,
    FormatError,
    NotForThisKey,
    NotRecognised,
    Truncated,
    UnsafeArchive,
    UnsupportedFormat,
)
from app.sync import package

ATTACHMENT = os.urandom(3 * age.CHUNK + 777)
RECORDS = "".join(json.dumps({"id": i, "text": "증언 " * 5}) + "\n" for i in range(50)).encode()


@dataclass
class Keys:
    device: minisign.SigningKey
    geneva: age.AgeIdentity


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys(minisign.SigningKey.generate(), age.AgeIdentity.generate())


def _entries() -> list[package.PackageEntry]:
    return [
        package.PackageEntry("records/interviews.jsonl", len(RECORDS), lambda: io.BytesIO(RECORDS)),
        package.PackageEntry("attachments/a1.age", len(ATTACHMENT), lambda: io.BytesIO(ATTACHMENT)),
        package.PackageEntry("withheld.jsonl", 0, lambda: io.BytesIO(b"")),
    ]


HEADER = package.ManifestHeader(
    device_id="device-7",
    sequence=3,
    previous_package_sha256="ab" * 32,
    created_at="2026-11-22T10:00:00Z",
    extra={"audit_head": "cd" * 32},
)


def _write(
    keys: Keys, folder: Path, recipient: age.AgeRecipient | None = None
) -> package.WrittenPackage:
    return package.write_package(
        folder / "p.sillok",
        entries=_entries(),
        header=HEADER,
        signer=keys.device,
        recipient=recipient or keys.geneva.recipient,
    )


def _open(keys: Keys, path: Path, into: Path, **kwargs: object) -> package.OpenedPackage:
    options: dict[str, object] = {
        "identity": keys.geneva,
        "public_key_for": lambda device: keys.device.public_key,
        **kwargs,
    }
    return package.open_package(path, into=into, **options)  # type: ignore[arg-type]


def _members(keys: Keys, path: Path) -> dict[str, bytes]:
    plain = age.Decryptor(io.BytesIO(path.read_bytes()), [keys.geneva]).read()
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def _repack(members: dict[str, bytes | tarfile.TarInfo], recipient: age.AgeRecipient) -> bytes:
    """What an attacker holding only Geneva's public key can make."""
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, content in members.items():
            if isinstance(content, tarfile.TarInfo):
                content.name = name
                tar.addfile(content)
            else:
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    out = io.BytesIO()
    age.encrypt_stream(io.BytesIO(plain.getvalue()), out, [recipient])
    return out.getvalue()


def test_round_trip(keys: Keys, tmp_path: Path) -> None:
    written = _write(keys, tmp_path)
    assert written.sha256 == hashlib.sha256(written.path.read_bytes()).hexdigest()
    assert written.size == written.path.stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == ["p.sillok"]
    opened = _open(keys, written.path, tmp_path / "out")
    assert opened.sha256 == written.sha256
    assert opened.manifest == written.manifest
    manifest = opened.manifest
    assert (manifest.device_id, manifest.sequence) == ("device-7", 3)
    assert manifest.previous_package_sha256 == "ab" * 32
    assert manifest.recipient == str(keys.geneva.recipient)
    assert manifest.recipient_key_id == keys.geneva.recipient.key_id
    assert manifest.signer_key_id == keys.device.public_key.id_text
    assert manifest.extra == {"audit_head": "cd" * 32}
    assert opened.file("attachments/a1.age").read_bytes() == ATTACHMENT
    assert opened.file("records/interviews.jsonl").read_bytes() == RECORDS
    assert "device:device-7 sequence:3" in opened.trusted_comment
    names = {f.name: f for f in manifest.files}
    assert set(names) == {
        "records/interviews.jsonl",
        "attachments/a1.age",
        "withheld.jsonl",
        "SHA256SUMS",
    }
    sums = opened.file("SHA256SUMS").read_bytes()
    assert names["SHA256SUMS"].sha256 == hashlib.sha256(sums).hexdigest()
    assert f"{hashlib.sha256(ATTACHMENT).hexdigest()}  attachments/a1.age\n".encode() in sums


def test_progress_reports_and_cancels_without_a_trace(keys: Keys, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    package.write_package(
        tmp_path / "ok.sillok",
        entries=_entries(),
        header=HEADER,
        signer=keys.device,
        recipient=keys.geneva.recipient,
        progress=lambda d, t, _label: seen.append((d, t)),
    )
    assert seen[-1][0] == seen[-1][1] == len(RECORDS) + len(ATTACHMENT)

    class Cancelled(Exception):
        pass

    def cancel(done: int, _total: int | None, _label: str) -> None:
        if done > 100_000:
            raise Cancelled

    with pytest.raises(Cancelled):
        package.write_package(
            tmp_path / "cancelled.sillok",
            entries=_entries(),
            header=HEADER,
            signer=keys.device,
            recipient=keys.geneva.recipient,
            progress=cancel,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.sillok"]
    _write(keys, tmp_path)
    with pytest.raises(AlreadyExists):
        _write(keys, tmp_path)


Attack = Callable[[Keys, Path], bytes]
"""Given the keys and a good package, the bytes of the attacked package."""


def _flip(offset: Callable[[bytes], int]) -> Attack:
    def attack(_keys: Keys, path: Path) -> bytes:
        data = bytearray(path.read_bytes())
        data[offset(bytes(data))] ^= 0x04
        return bytes(data)

    return attack


def _swap_base64(offset: Callable[[bytes], int]) -> Attack:
    """Change one base64 character of the header into another valid one."""

    def attack(_keys: Keys, path: Path) -> bytes:
        data = bytearray(path.read_bytes())
        index = offset(bytes(data))
        data[index] = ord("A") if data[index] != ord("A") else ord("B")
        return bytes(data)

    return attack


def _cut(offset: Callable[[bytes], int]) -> Attack:
    return lambda _keys, path: path.read_bytes()[: offset(path.read_bytes())]


def _payload_start(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n---") + 1) + 1


def _members_attack(change: Callable[[Keys, dict[str, bytes | tarfile.TarInfo]], None]) -> Attack:
    def attack(keys: Keys, path: Path) -> bytes:
        members: dict[str, bytes | tarfile.TarInfo] = dict(_members(keys, path))
        change(keys, members)
        return _repack(members, keys.geneva.recipient)

    return attack


def _resign(keys: Keys, members: dict[str, bytes | tarfile.TarInfo], data: bytes) -> None:
    members["manifest.json"] = data
    manifest = package.read_manifest(data)
    members["manifest.json.minisig"] = keys.device.sign(
        data, package.trusted_comment(manifest)
    ).encode()


def _edit_manifest(change: Callable[[dict[str, object]], None], resign: bool) -> Attack:
    def edit(keys: Keys, members: dict[str, bytes | tarfile.TarInfo]) -> None:
        fields = json.loads(members["manifest.json"])  # type: ignore[arg-type]
        change(fields)
        data = (json.dumps(fields, indent=2) + "\n").encode()
        if resign:
            _resign(keys, members, data)
        else:
            members["manifest.json"] = data

    return _members_attack(edit)


def _other_signer(keys: Keys, members: dict[str, bytes | tarfile.TarInfo]) -> None:
    data = members["manifest.json"]
    assert isinstance(data, bytes)
    manifest = package.read_manifest(data)
    members["manifest.json.minisig"] = (
        minisign.SigningKey.generate().sign(data, package.trusted_comment(manifest)).encode()
    )


def _for_another_key(keys: Keys, path: Path) -> bytes:
    """A package signed for another recipient, re-encrypted to Geneva (a forwarded package)."""
    other = age.AgeIdentity.generate()
    forwarded = package.write_package(
        path.parent / "other.sillok",
        entries=_entries(),
        header=HEADER,
        signer=keys.device,
        recipient=other.recipient,
    )
    out = io.BytesIO()
    with forwarded.path.open("rb") as src:
        age.rewrap(src, out, other, [keys.geneva.recipient])
    forwarded.path.unlink()
    return out.getvalue()


def _link(kind: bytes, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo()
    info.type, info.linkname = kind, target
    return info


def _huge(keys: Keys, path: Path) -> bytes:
    members = _members(keys, path)
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    raw = bytearray(plain.getvalue())
    # a member declaring 8 GiB inside a small package
    from app.formats.archive import ustar_header

    header = bytearray(ustar_header("attachments/bomb", 0, 0))
    header[124:136] = b"77777777777\0"
    header[148:156] = b" " * 8
    header[148:156] = f"{sum(header):06o}".encode() + b"\0 "
    raw[:0] = bytes(header)
    out = io.BytesIO()
    age.encrypt_stream(io.BytesIO(bytes(raw)), out, [keys.geneva.recipient])
    return out.getvalue()


ATTACKS: dict[str, tuple[Attack, type[FormatError]]] = {
    "not an age file": (lambda _k, _p: b"PK\x03\x04" + os.urandom(4000), NotRecognised),
    "age file holding no tar": (
        lambda k, _p: _encrypted(b"just text " * 100, k.geneva.recipient),
        NotRecognised,
    ),
    "future age version": (
        lambda _k, p: p.read_bytes().replace(b"org/v1", b"org/v2", 1),
        UnsupportedFormat,
    ),
    # A changed recipient stanza is, cryptographically, a stanza for someone else (age's
    # "no match"): the error says so, and that the header may be damaged.
    "flip in header stanza share": (_swap_base64(lambda d: 40), NotForThisKey),
    "flip in header stanza body": (_swap_base64(lambda d: d.index(b"\n---") - 5), NotForThisKey),
    "non-base64 in header stanza": (
        lambda _k, p: p.read_bytes().replace(b"X25519 ", b"X25519 ~", 1),
        Damaged,
    ),
    "flip in header stanza type": (_flip(lambda d: 26), NotForThisKey),
    "flip in header MAC": (_swap_base64(lambda d: _payload_start(d) - 5), Damaged),
    "flip in payload nonce": (_flip(lambda d: _payload_start(d) + 3), Damaged),
    "flip in first chunk": (_flip(lambda d: _payload_start(d) + 16 + 1000), Damaged),
    "flip in a middle chunk": (
        _flip(lambda d: _payload_start(d) + 16 + age.SEALED_CHUNK + 5),
        Damaged,
    ),
    "flip in last chunk": (_flip(lambda d: len(d) - 300), Damaged),
    "flip in last tag": (_flip(lambda d: len(d) - 1), Damaged),
    "cut in header": (_cut(lambda d: 60), Truncated),
    "cut before nonce ends": (_cut(lambda d: _payload_start(d) + 7), Truncated),
    "cut in first chunk": (_cut(lambda d: _payload_start(d) + 16 + 5000), Truncated),
    "cut at a chunk boundary": (
        _cut(lambda d: _payload_start(d) + 16 + age.SEALED_CHUNK),
        Truncated,
    ),
    "cut in last chunk": (_cut(lambda d: len(d) - 100), Truncated),
    "cut one byte": (_cut(lambda d: len(d) - 1), Truncated),
    "one byte appended": (lambda _k, p: p.read_bytes() + b"\0", Damaged),
    "block appended": (lambda _k, p: p.read_bytes() + os.urandom(4096), Damaged),
    "chunk appended": (lambda _k, p: p.read_bytes() + os.urandom(age.SEALED_CHUNK), Damaged),
    "wrong recipient": (lambda k, p: _write_for(k, p, age.AgeIdentity.generate()), NotForThisKey),
    "signed for another recipient": (_for_another_key, NotForThisKey),
    "re-signed by another key": (_members_attack(_other_signer), BadSignature),
    "manifest edited": (_edit_manifest(lambda f: f.update(sequence=2), resign=False), BadSignature),
    "trusted comment swapped": (
        _members_attack(
            lambda k, m: m.update(
                {"manifest.json.minisig": k.device.sign(m["manifest.json"], "x").encode()}  # type: ignore[arg-type]
            )
        ),
        BadSignature,
    ),
    "signature missing": (
        _members_attack(lambda k, m: m.pop("manifest.json.minisig")),
        BadSignature,
    ),
    "manifest missing": (_members_attack(lambda k, m: m.pop("manifest.json")), NotRecognised),
    "manifest not json": (
        _members_attack(lambda k, m: m.update({"manifest.json": b"{nope"})),
        NotRecognised,
    ),
    "manifest with a duplicate key": (
        _members_attack(
            lambda k, m: m.update(
                {"manifest.json": m["manifest.json"][:-2] + b',"sequence": 9}\n'}  # type: ignore[operator]
            )
        ),
        NotRecognised,
    ),
    "newer manifest version": (
        _edit_manifest(lambda f: f.update(format_version=2), resign=False),
        UnsupportedFormat,
    ),
    "extra file": (_members_attack(lambda k, m: m.update({"extra.txt": b"hi"})), ContentMismatch),
    "missing file": (_members_attack(lambda k, m: m.pop("attachments/a1.age")), ContentMismatch),
    "changed file": (
        _members_attack(lambda k, m: m.update({"records/interviews.jsonl": b"{}\n"})),
        ContentMismatch,
    ),
    "edited SHA256SUMS": (
        _members_attack(lambda k, m: m.update({"SHA256SUMS": b"0" * 64 + b"  x\n"})),
        ContentMismatch,
    ),
    "listed file removed and re-signed": (
        _edit_manifest(lambda f: f["files"].pop(0), resign=True),  # type: ignore[attr-defined]
        ContentMismatch,
    ),
    "path traversal": (
        _members_attack(lambda k, m: m.update({"../../escape": b"x"})),
        UnsafeArchive,
    ),
    "absolute path": (_members_attack(lambda k, m: m.update({"/tmp/escape": b"x"})), UnsafeArchive),
    "symlink": (
        _members_attack(lambda k, m: m.update({"link": _link(tarfile.SYMTYPE, "/etc")})),
        UnsafeArchive,
    ),
    "hard link": (
        _members_attack(lambda k, m: m.update({"hard": _link(tarfile.LNKTYPE, "SHA256SUMS")})),
        UnsafeArchive,
    ),
    "huge declared size": (_huge, UnsafeArchive),
}


def _encrypted(data: bytes, recipient: age.AgeRecipient) -> bytes:
    out = io.BytesIO()
    age.encrypt_stream(io.BytesIO(data), out, [recipient])
    return out.getvalue()


def _write_for(keys: Keys, path: Path, identity: age.AgeIdentity) -> bytes:
    other = package.write_package(
        path.parent / "x.sillok",
        entries=_entries(),
        header=HEADER,
        signer=keys.device,
        recipient=identity.recipient,
    )
    data = other.path.read_bytes()
    other.path.unlink()
    return data


@pytest.fixture(scope="module")
def good(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(keys, tmp_path_factory.mktemp("good")).path


@pytest.mark.parametrize("name", list(ATTACKS))
def test_tamper_matrix(keys: Keys, good: Path, tmp_path: Path, name: str) -> None:
    attack, expected = ATTACKS[name]
    work = tmp_path / "work"
    work.mkdir()
    (work / "p.sillok").write_bytes(good.read_bytes())
    bad = tmp_path / "bad.sillok"
    bad.write_bytes(attack(keys, work / "p.sillok"))
    into = tmp_path / "into"
    with pytest.raises(expected) as caught:
        _open(keys, bad, into)
    error = caught.value
    assert type(error) is expected, f"{name}: {type(error).__name__} {error}"
    assert 20 <= error.exit_code <= 26
    assert error.message() and "{" not in error.message()
    assert not into.exists()
    assert {p.name for p in tmp_path.iterdir()} == {"work", "bad.sillok"}
    assert not (tmp_path.parent / "escape").exists()


def test_each_rejection_has_its_own_exit_code() -> None:
    codes = {cls: cls.exit_code for _attack, cls in ATTACKS.values()}
    assert codes[NotRecognised] == codes[UnsupportedFormat] == 20
    others = [c for k, c in codes.items() if k not in (NotRecognised, UnsupportedFormat)]
    assert sorted(others) == [21, 22, 23, 24, 25, 26]


def test_unknown_device_error_passes_through_and_cleans_up(
    keys: Keys, good: Path, tmp_path: Path
) -> None:
    class UnknownDevice(SillokError):
        exit_code = 99

    def refuse(device: str) -> minisign.PublicKey:
        raise UnknownDevice(detail=device)

    into = tmp_path / "into"
    into.mkdir()
    with pytest.raises(UnknownDevice):
        _open(keys, good, into, public_key_for=refuse)
    assert into.exists() and not any(into.iterdir())


def test_a_used_target_folder_is_refused(keys: Keys, good: Path, tmp_path: Path) -> None:
    (tmp_path / "into").mkdir()
    (tmp_path / "into" / "x").write_text("x")
    with pytest.raises(AlreadyExists):
        _open(keys, good, tmp_path / "into")
    assert (tmp_path / "into" / "x").read_text() == "x"
