"""The custodian needs nothing else (review finding 3): the blocks of
docs/package-format.md marked `<!-- tested: … -->` run exactly as written, with `PATH`
holding only `age`, `tar`, `minisign`, `sha256sum` and the shell essentials they use
(`sh`, `mkdir`, `head`, `base64`; `cd`, `printf`, `umask` and `for` are shell built-ins),
on the files `sillok repository export-keys` writes: the custodian decrypts Geneva's keys,
opens and checks a real ingested package with the device's public key from the export,
decrypts its attachment and its sealed identity, and checks Geneva's receipt."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.formats import age
from app.services import Services
from app.sync import custody
from app.sync.export import export_package
from app.sync.repository.ingest import ingest
from tests.sync_support import GENEVA_PASSPHRASE, enrol_device, new_device, new_repository, witness

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("age", "tar", "minisign", "sha256sum")
ESSENTIALS = ("sh", "mkdir", "head", "base64")


def _blocks() -> dict[str, str]:
    text = (ROOT / "docs" / "package-format.md").read_text("utf-8")
    found = re.findall(r"<!-- tested: ([a-z-]+) -->\n```sh\n(.*?)```", text, re.S)
    return dict(found)


def _bin(folder: Path) -> Path:
    folder.mkdir()
    for tool in (*TOOLS, *ESSENTIALS):
        where = shutil.which(tool)
        if where is None:
            pytest.skip(f"{tool} is not installed")
        (folder / tool).symlink_to(where)
    return folder


def _run(block: str, cwd: Path, bin_folder: Path) -> str:
    done = subprocess.run(
        [str(bin_folder / "sh"), "-e", "-c", block],
        cwd=cwd,
        env={"PATH": str(bin_folder), "HOME": str(cwd), "LC_ALL": "C"},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, (block, done.stderr.decode(errors="replace"))
    return done.stdout.decode("utf-8", errors="replace")


def test_the_documented_steps_need_only_the_four_tools(tmp_path: Path) -> None:
    blocks = _blocks()
    assert set(blocks) == {"open-package", "open-contents", "custodian-keys", "check-receipt"}
    assert not any(re.search(r"\bjq\b", block) for block in blocks.values())
    assert all("umask 077" in blocks[name] for name in ("open-package", "custodian-keys"))
    geneva = new_repository(tmp_path / "geneva")
    database = new_device(tmp_path / "field" / "sillok.db")
    custodian = age.AgeIdentity.generate()
    try:
        enrol_device(database, geneva, tmp_path / "exchange")
        made = witness(
            Services(database, actor="officer-1"),
            tmp_path / "scans",
            attachment=b"%PDF-1.4 release certificate",
        )
        package = export_package(database, tmp_path / "usb", actor="officer-1").path
        done = ingest(geneva, package)
        exported = custody.export_keys(
            geneva, tmp_path / "export", custodians=[custodian.recipient]
        )
    finally:
        database.close()
        geneva.close()
    device_key = exported.folder / custody.device_key_name(done.device_id)
    assert device_key.read_text().startswith("untrusted comment: minisign public key")
    assert not re.search(r"\bjq\b", (exported.folder / "README.txt").read_text("utf-8"))

    desk = tmp_path / "desk"
    desk.mkdir()
    for path in exported.files:
        shutil.copyfile(path, desk / path.name)
    (desk / "custodian-a.txt").write_text(custody.keygen_text(custodian, datetime.now(UTC)))
    shutil.copyfile(package, desk / "device-3-000042.sillok")
    shutil.copyfile(device_key, desk / "device.pub")
    receipts = geneva.folder / "receipts" / done.device_id
    for path in receipts.glob("000001.receipt*"):
        shutil.copyfile(path, desk / path.name)
    tools = _bin(tmp_path / "bin")

    _run(blocks["custodian-keys"], desk, tools)
    for key in ("geneva-key.txt", "geneva-identity-key.txt"):
        assert stat.S_IMODE((desk / key).stat().st_mode) == 0o600  # umask 077
    verified = _run(blocks["open-package"], desk, tools)
    assert f"device:{done.device_id} sequence:1" in verified
    identity = _run(blocks["open-contents"], desk / "opened", tools)
    assert json.loads(identity)["real_name"] == "김순희"
    (plain,) = (desk / "opened" / "attachments").glob("*.plain")
    assert plain.read_bytes() == b"%PDF-1.4 release certificate"
    assert made["attachment"].sha256
    checked = _run(blocks["check-receipt"], desk, tools)
    assert f"{done.device_id} #1" in checked
    assert os.path.exists(desk / "opened" / "manifest.json")

    # `repository list --keys` gives the same key text.
    secret = tmp_path / "geneva.txt"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    listed = subprocess.run(
        [sys.executable, "-m", "app", "repository", "list", "--keys", "--repo",
         str(geneva.folder), "--passphrase-file", str(secret)],
        capture_output=True, text=True, check=False, env={**os.environ, "SILLOK_LANGUAGE": "en"},
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert device_key.read_text() in listed.stdout
