"""The sync commands as a person runs them: real processes, exit codes, fingerprints."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support import PASSPHRASE
from tests.sync_support import GENEVA_PASSPHRASE, new_device, new_repository

FINGERPRINT = r"[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SILLOK_LANGUAGE": "en"}
    env.pop("SILLOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_enrol_export_ingest_receipt_from_the_command_line(tmp_path: Path) -> None:
    field_secret = tmp_path / "field.txt"
    field_secret.write_text(PASSPHRASE + "\n")
    geneva_secret = tmp_path / "geneva.txt"
    geneva_secret.write_text(GENEVA_PASSPHRASE + "\n")
    db = str(tmp_path / "field" / "sillok.db")
    repo = str(tmp_path / "geneva")
    device = ("--db", db, "--passphrase-file", str(field_secret))
    geneva = ("--repo", repo, "--passphrase-file", str(geneva_secret))

    # Made in-process with the quick KDF (the commands themselves are `init` and
    # `repository init`, tested below for a refusal); every later command opens them.
    new_device(Path(db)).close()
    new_repository(Path(repo)).close()
    again_init = run("repository", "init", *geneva)
    assert again_init.returncode == 9 and "Traceback" not in again_init.stderr
    refused = run("export", *device, "--out", str(tmp_path / "usb"))
    assert refused.returncode == 28 and "enrol-request" in refused.stderr

    request = run("enrol-request", *device, "--out", str(tmp_path / "request.json"))
    assert request.returncode == 0, request.stderr
    device_fp = re.search(FINGERPRINT, request.stdout)[0]
    enrolled = run(
        "repository",
        "enrol",
        *geneva,
        str(tmp_path / "request.json"),
        "--out",
        str(tmp_path / "bundle.json"),
    )
    assert enrolled.returncode == 0, enrolled.stderr
    assert device_fp in enrolled.stdout
    geneva_fp = re.findall(FINGERPRINT, enrolled.stdout)[1]
    wrong = run(
        "enrol-accept",
        *device,
        str(tmp_path / "bundle.json"),
        "--geneva-fingerprint",
        "AAAA-AAAA-AAAA-AAAA-AAAA",
    )
    assert wrong.returncode == 29
    accepted = run(
        "enrol-accept", *device, str(tmp_path / "bundle.json"), "--geneva-fingerprint", geneva_fp
    )
    assert accepted.returncode == 0, accepted.stderr
    assert device_fp in accepted.stdout and geneva_fp in accepted.stdout

    exported = run("export", *device, "--out", str(tmp_path / "usb"))
    assert exported.returncode == 0, exported.stderr
    package = next((tmp_path / "usb").glob("*.sillok"))
    assert run("repository", "verify", *geneva, str(package)).returncode == 0
    receipt = tmp_path / "usb" / "receipt"
    ingested = run("repository", "ingest", *geneva, str(package), "--receipt-out", str(receipt))
    assert ingested.returncode == 0, ingested.stderr
    again = run("repository", "ingest", *geneva, str(package))
    assert again.returncode == 0 and "already held" in again.stdout

    forged = json.loads(receipt.read_text())
    forged["signed"]["records"] += 1
    (tmp_path / "forged").write_text(json.dumps(forged))
    bad = run("receipt", *device, str(tmp_path / "forged"))
    assert bad.returncode == 36 and "Traceback" not in bad.stderr
    good = run("receipt", *device, str(receipt))
    assert good.returncode == 0, good.stderr

    listed = run("repository", "list", *geneva)
    assert listed.returncode == 0 and "packages: 1" in listed.stdout
    changed = bytearray(package.read_bytes())
    changed[len(changed) // 2] ^= 0xFF
    package.write_bytes(bytes(changed))
    damaged = run("repository", "ingest", *geneva, str(package))
    assert damaged.returncode == 21 and "Traceback" not in damaged.stderr
