"""`sillok repository export-keys`: Geneva's keys for custodians, read back with only the
standard tools (age, age-keygen, tar, minisign, sha256sum, jq, base64), as
docs/package-format.md promises for twenty years from now."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.services import Services
from app.sync.export import export_package
from app.sync.repository.ingest import ingest
from tests.support import PASSPHRASE
from tests.sync_support import (
    GENEVA_PASSPHRASE,
    enrol_device,
    new_device,
    new_repository,
    open_package_by_hand,
    run_tool,
    witness,
)

SCAN = b"%PDF-1.4 " + os.urandom(70_000) + "석방증 사본".encode()


def sillok(*args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SILLOK_LANGUAGE": language}
    env.pop("SILLOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def geneva(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A repository that has ingested one real package (identity, attachment, receipt)."""
    root = tmp_path_factory.mktemp("custody")
    repository = new_repository(root / "geneva")
    database = new_device(root / "field" / "sillok.db")
    try:
        enrol_device(database, repository, root / "exchange")
        made = witness(Services(database, actor="officer-1"), root / "scans", attachment=SCAN)
        exported = export_package(database, root / "usb", actor="officer-1")
        ingest(repository, exported.path, receipt_out=root / "usb" / "receipt.json")
    finally:
        database.close()
        repository.close()
    (root / "geneva.txt").write_text(GENEVA_PASSPHRASE + "\n")
    return {
        "root": root,
        "repo": root / "geneva",
        "secret": root / "geneva.txt",
        # The package as the repository keeps it after ingest (byte for byte as received).
        "package": next((root / "geneva" / "packages").rglob("*.sillok")),
        "receipt": root / "usb" / "receipt.json",
        "request": root / "exchange" / "request-0.json",
        "attachment": Path(f"attachments/{made['attachment'].id}.age"),
    }


def _custodian(folder: Path, name: str) -> tuple[Path, str]:
    """A custodian's own key, made by age-keygen: (key file, age1… recipient)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / f"{name}.txt"
    run_tool("age-keygen", "-o", str(key))
    return key, run_tool("age-keygen", "-y", str(key)).strip()


def _export(geneva: dict[str, Path], out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return sillok(
        "repository",
        "export-keys",
        "--repo",
        str(geneva["repo"]),
        "--passphrase-file",
        str(geneva["secret"]),
        "--out",
        str(out),
        *options,
    )


def test_custodians_open_packages_and_identities_with_age_alone(
    geneva: dict[str, Path], tmp_path: Path
) -> None:
    first, first_recipient = _custodian(tmp_path / "safe-a", "custodian")
    second, second_recipient = _custodian(tmp_path / "safe-b", "custodian")
    keys = tmp_path / "keys"
    done = _export(geneva, keys, "--to", first_recipient, "--to", second_recipient)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in keys.iterdir())
    assert [n for n in names if not n.startswith("device-")] == [
        "README.txt",
        "geneva-identity-key.txt.age",
        "geneva-package-key.txt.age",
        "geneva-recovery-key.txt.age",
        "geneva-signing.pub",
    ]
    assert len([n for n in names if n.startswith("device-") and n.endswith(".pub")]) == 1
    for name in (
        "geneva-package-key.txt.age",
        "geneva-identity-key.txt.age",
        "geneva-recovery-key.txt.age",
    ):
        data = (keys / name).read_bytes()
        assert data.startswith(b"age-encryption.org/v1\n")
        assert b"AGE-SECRET-KEY" not in data and b"# public key" not in data
        assert stat.S_IMODE((keys / name).stat().st_mode) == 0o600

    # From here on: no project code, only the standard tools, as README.txt says.
    # Either custodian alone can decrypt.
    work = tmp_path / "work"
    work.mkdir()
    run_tool(
        "age", "-d", "-i", str(first), "-o", str(work / "geneva-key.txt"),
        str(keys / "geneva-package-key.txt.age"),
    )  # fmt: skip
    run_tool(
        "age", "-d", "-i", str(second), "-o", str(work / "geneva-identity-key.txt"),
        str(keys / "geneva-identity-key.txt.age"),
    )  # fmt: skip
    lines = (work / "geneva-key.txt").read_text().splitlines()
    assert lines[0].startswith("# created: 20") and lines[1].startswith("# public key: age1")
    assert lines[2].startswith("AGE-SECRET-KEY-1") and len(lines) == 3
    package_recipient = (geneva["repo"] / "public" / "package.age-recipient").read_text().strip()
    derived = run_tool("age-keygen", "-y", str(work / "geneva-key.txt")).strip()
    assert derived == package_recipient == lines[1].removeprefix("# public key: ")

    # The device's public key, from its enrolment request (minisign format).
    device_key = run_tool("jq", "-r", ".signed.signing_public_key", str(geneva["request"]))
    (work / "device.pub").write_text("untrusted comment: device\n" + device_key)
    opened = work / "opened"
    verified = open_package_by_hand(
        geneva["package"], work / "geneva-key.txt", work / "device.pub", opened
    )
    manifest = json.loads((opened / "manifest.json").read_text())
    assert manifest["recipient"] == derived
    assert "sequence:1" in verified

    # The attachment inside it, and the sealed identity, with the exported keys.
    run_tool(
        "age", "-d", "-i", "../geneva-key.txt", "-o", "scan.pdf", str(geneva["attachment"]),
        cwd=opened,
    )  # fmt: skip
    assert (opened / "scan.pdf").read_bytes() == SCAN
    identity = run_tool(
        "bash", "-o", "pipefail", "-c",
        "head -n 1 records/sealed_identity.jsonl | jq -r .sealed | base64 -d "
        "| age -d -i ../geneva-identity-key.txt",
        cwd=opened,
    )  # fmt: skip
    assert json.loads(identity)["real_name"] == "김순희"
    # The package key does not open the identity (two keys, two custodial duties).
    wrong = subprocess.run(
        "head -n 1 records/sealed_identity.jsonl | jq -r .sealed | base64 -d "
        "| age -d -i ../geneva-key.txt",
        shell=True,
        cwd=opened,
        capture_output=True,
    )
    assert wrong.returncode != 0 and "김순희".encode() not in wrong.stdout

    # Geneva's receipt checks with the exported signing public key.
    run_tool(
        "bash", "-o", "pipefail", "-c",
        f"jq -cjS .signed {geneva['receipt']} > body && "
        f"jq -rj .minisig {geneva['receipt']} > body.minisig && "
        f"minisign -Vm body -p {keys / 'geneva-signing.pub'}",
        cwd=work,
    )  # fmt: skip

    # The README names every file, both custodians and the exact commands, in both languages.
    readme = (keys / "README.txt").read_text()
    for needle in (
        first_recipient,
        second_recipient,
        package_recipient,
        "age -d -i custodian.txt -o geneva-key.txt geneva-package-key.txt.age",
        "minisign -Vm manifest.json -p ../device-DEVICE.pub",
        "sha256sum --strict -c SHA256SUMS",
        "umask 077",
        "Geneva's package key",
        "제네바 패키지 키",
    ):
        assert needle in readme, needle


def test_plain_export_needs_the_flag_warns_and_is_private(
    geneva: dict[str, Path], tmp_path: Path
) -> None:
    keys = tmp_path / "keys"
    missing = _export(geneva, keys)
    assert missing.returncode == 2 and not keys.exists()

    done = _export(geneva, keys, "--plain")
    assert done.returncode == 0, done.stderr
    assert "WARNING" in done.stderr and "UNENCRYPTED" in done.stderr
    for name in ("geneva-package-key.txt", "geneva-identity-key.txt"):
        assert stat.S_IMODE((keys / name).stat().st_mode) == 0o600
    assert "WARNING" in (keys / "README.txt").read_text()
    # age opens a package with the plain file directly.
    tar = tmp_path / "p.tar"
    run_tool(
        "age",
        "-d",
        "-i",
        str(keys / "geneva-package-key.txt"),
        "-o",
        str(tar),
        str(geneva["package"]),
    )
    assert "manifest.json.minisig" in run_tool("tar", "-t", "-f", str(tar))

    # Never overwritten: a second export into the same folder is refused, files unchanged.
    before = {p.name: p.read_bytes() for p in keys.iterdir()}
    again = _export(geneva, keys, "--plain")
    assert again.returncode == 9 and "already exists" in again.stderr
    assert {p.name: p.read_bytes() for p in keys.iterdir()} == before


def test_refusals_are_clear_and_write_nothing(geneva: dict[str, Path], tmp_path: Path) -> None:
    custodian, recipient = _custodian(tmp_path / "safe", "custodian")
    keys = tmp_path / "keys"

    wrong = tmp_path / "wrong.txt"
    wrong.write_text(PASSPHRASE + "\n")  # the laptop's, not Geneva's
    refused = sillok(
        "repository", "export-keys", "--repo", str(geneva["repo"]), "--passphrase-file",
        str(wrong), "--out", str(keys), "--to", recipient,
    )  # fmt: skip
    assert refused.returncode == 3 and "passphrase is not correct" in refused.stderr
    assert not keys.exists()

    for bad, exit_code, words in (
        ("age1notarecipient", 27, "cannot be used"),
        (str(custodian), 27, "age-keygen -y"),  # the custodian's SECRET key file
        (str(tmp_path / "nowhere.pub"), 27, "cannot be used"),
        ((geneva["repo"] / "public" / "package.age-recipient").read_text().strip(), 14, "own"),
    ):
        done = _export(geneva, keys, "--to", bad)
        assert done.returncode == exit_code, (bad, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr
        assert "AGE-SECRET-KEY-1" not in done.stderr
        assert not keys.exists()

    # A recipients file (as `age -R` reads) works too; in Korean the messages are Korean.
    (tmp_path / "custodians.pub").write_text(f"# custodian A\n{recipient}\n")
    keys.mkdir()
    (keys / "geneva-signing.pub").write_text("someone else's file")
    clash = _export(geneva, keys, "--to", str(tmp_path / "custodians.pub"))
    assert clash.returncode == 9
    assert sorted(p.name for p in keys.iterdir()) == ["geneva-signing.pub"]
    assert (keys / "geneva-signing.pub").read_text() == "someone else's file"
    korean = sillok(
        "repository", "export-keys", "--repo", str(tmp_path / "none"), "--passphrase-file",
        str(geneva["secret"]), "--out", str(tmp_path / "k2"), "--to", recipient, language="ko",
    )  # fmt: skip
    assert korean.returncode == 37 and "저장소" in korean.stderr
