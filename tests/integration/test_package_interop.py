"""A package opened with only the standard tools, as docs/package-format.md tells a person
to do it in twenty years: `age`, `tar`, `minisign`, `sha256sum`; and the reverse, a package
made with only those tools, opened by Sillok."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from app.formats import age, minisign
from app.formats.errors import BadSignature
from app.sync import package
from tests.sync_support import open_package_by_hand
from tests.sync_support import run_tool as _run

ATTACHMENT = os.urandom(150_000)
RECORDS = '{"id": "i-1", "place": "요덕"}\n'.encode()


def test_standard_tools_open_a_package(tmp_path: Path) -> None:
    # Geneva's key is made by age-keygen; the project only reads its recipient.
    _run("age-keygen", "-o", str(tmp_path / "geneva-key.txt"))
    geneva = age.AgeIdentity.parse((tmp_path / "geneva-key.txt").read_text())
    device = minisign.SigningKey.generate()
    (tmp_path / "device.pub").write_text(device.public_key.to_text())
    written = package.write_package(
        tmp_path / "device-3-000001.sillok",
        entries=[
            package.PackageEntry(
                "records/interviews.jsonl", len(RECORDS), lambda: io.BytesIO(RECORDS)
            ),
            package.PackageEntry(
                "attachments/a1.age", len(ATTACHMENT), lambda: io.BytesIO(ATTACHMENT)
            ),
        ],
        header=package.ManifestHeader("device-3", 1, None, "2026-11-22T10:00:00Z"),
        signer=device,
        recipient=geneva.recipient,
    )

    # From here on: only the command-line tools, as in the documentation.
    out = tmp_path / "opened"
    verified = open_package_by_hand(
        written.path, tmp_path / "geneva-key.txt", tmp_path / "device.pub", out
    )
    assert "Trusted comment: sillok-package v1 device:device-3 sequence:1" in verified
    checked = _run("sha256sum", "--strict", "-c", "SHA256SUMS", cwd=out)
    assert checked.count(": OK") == 2
    _run("age", "-d", "-i", "geneva-key.txt", "-o", "package.tar", written.path.name, cwd=tmp_path)
    # Every file's hash and size as the signed manifest lists them (SHA256SUMS included).
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["recipient"] == str(geneva.recipient)
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == {"records/interviews.jsonl", "attachments/a1.age", "SHA256SUMS"}
    for name, entry in listed.items():
        line = _run("sha256sum", name, cwd=out)
        assert line.split()[0] == entry["sha256"]
        assert (out / name).stat().st_size == entry["size"]
    assert (out / "attachments" / "a1.age").read_bytes() == ATTACHMENT
    names = _run("tar", "-t", "-f", "package.tar", cwd=tmp_path).split()
    assert names[-2:] == ["manifest.json", "manifest.json.minisig"]
    # The package hash that the next package names as its previous one.
    assert _run("sha256sum", written.path.name, cwd=tmp_path).split()[0] == written.sha256

    # A changed manifest is caught by minisign itself.
    (out / "manifest.json").write_bytes(
        (out / "manifest.json").read_bytes().replace(b'"sequence": 1', b'"sequence": 2')
    )
    done = subprocess.run(
        ["minisign", "-Vm", "manifest.json", "-p", "../device.pub"], cwd=out, capture_output=True
    )
    assert done.returncode != 0


def test_a_package_made_with_only_the_standard_tools_opens(tmp_path: Path) -> None:
    """The documentation is complete: a person can build a package by hand."""
    _run("age-keygen", "-o", str(tmp_path / "geneva-key.txt"))
    geneva = age.AgeIdentity.parse((tmp_path / "geneva-key.txt").read_text())
    recipient = _run("age-keygen", "-y", str(tmp_path / "geneva-key.txt")).strip()
    _run("minisign", "-G", "-W", "-s", str(tmp_path / "dev.key"), "-p", str(tmp_path / "dev.pub"))
    public = minisign.PublicKey.parse((tmp_path / "dev.pub").read_text())
    work = tmp_path / "work"
    (work / "records").mkdir(parents=True)
    (work / "records" / "r.jsonl").write_bytes(RECORDS)
    sums = _run("sha256sum", "records/r.jsonl", cwd=work)
    (work / "SHA256SUMS").write_text(sums)
    files = [
        {
            "name": n,
            "size": (work / n).stat().st_size,
            "sha256": hashlib.sha256((work / n).read_bytes()).hexdigest(),
        }
        for n in ("records/r.jsonl", "SHA256SUMS")
    ]
    key_id = hashlib.sha256(recipient.encode()).hexdigest()[:16]
    manifest = {
        "format": "sillok-package",
        "format_version": 1,
        "device_id": "hand-made",
        "sequence": 1,
        "previous_package_sha256": None,
        "recipient": recipient,
        "recipient_key_id": key_id,
        "signer_key_id": public.id_text,
        "created_at": "2026-11-22T10:00:00Z",
        "files": files,
        "extra": {},
    }
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    comment = f"sillok-package v1 device:hand-made sequence:1 recipient:{key_id}"
    _run(
        "minisign",
        "-S",
        "-s",
        str(tmp_path / "dev.key"),
        "-m",
        "manifest.json",
        "-t",
        comment,
        cwd=work,
    )
    _run(
        "tar",
        "--format=ustar",
        "-c",
        "-f",
        "../p.tar",
        "records/r.jsonl",
        "SHA256SUMS",
        "manifest.json",
        "manifest.json.minisig",
        cwd=work,
    )
    _run("age", "-r", recipient, "-o", "p.sillok", "p.tar", cwd=tmp_path)

    opened = package.open_package(
        tmp_path / "p.sillok",
        identity=geneva,
        public_key_for=lambda _d: public,
        into=tmp_path / "into",
    )
    assert opened.file("records/r.jsonl").read_bytes() == RECORDS
    assert opened.manifest.device_id == "hand-made"
    # And our stream reader reads what age and tar made, byte for byte.
    with (tmp_path / "p.sillok").open("rb") as src:
        assert age.Decryptor(src, [geneva]).read() == (tmp_path / "p.tar").read_bytes()
    # Signed by another key than the registered one: refused.
    with pytest.raises(BadSignature):
        package.open_package(
            tmp_path / "p.sillok",
            identity=geneva,
            public_key_for=lambda _d: minisign.SigningKey.generate().public_key,
            into=tmp_path / "into2",
        )
