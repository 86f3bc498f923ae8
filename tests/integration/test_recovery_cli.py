"""Recovery end to end with the real command line: a laptop made with `sillok init`,
enrolled (slot added), its passphrase forgotten, a request, Geneva's answer with the
custodians' key decrypted by the standard `age`, the response loaded: the new passphrase
opens the same interviews, the old one is refused, and both audit trails say so."""

from __future__ import annotations

import re
from pathlib import Path

from app.services import Services
from app.store.database import Database
from tests.integration.test_sync_cli import FINGERPRINT, run
from tests.recovery_support import NEW_PASSPHRASE
from tests.support import PASSPHRASE, record_interview
from tests.sync_support import GENEVA_PASSPHRASE, run_tool


def _interviews(db: Path, passphrase: str) -> list[tuple[str, str]]:
    with Database.open(db, passphrase) as database, database.reading() as connection:
        return connection.execute("SELECT id, code FROM interviews ORDER BY id").fetchall()


def test_forgotten_passphrase_recovered_through_geneva(tmp_path: Path) -> None:
    names = ("old.txt", "new.txt", "geneva.txt")
    old_secret, new_secret, geneva_secret = (tmp_path / name for name in names)
    old_secret.write_text(PASSPHRASE + "\n")
    new_secret.write_text(NEW_PASSPHRASE + "\n")
    geneva_secret.write_text(GENEVA_PASSPHRASE + "\n")
    db = tmp_path / "field" / "sillok.db"
    device = ("--db", str(db), "--passphrase-file", str(old_secret))
    geneva = ("--repo", str(tmp_path / "geneva"), "--passphrase-file", str(geneva_secret))
    usb = tmp_path / "usb"
    usb.mkdir()

    assert run("init", *device).returncode == 0
    assert run("repository", "init", *geneva).returncode == 0
    assert run("enrol-request", *device, "--out", str(usb / "enrol.json")).returncode == 0
    enrolled = run("repository", "enrol", *geneva, str(usb / "enrol.json"), "--out", str(usb / "b"))
    assert enrolled.returncode == 0, enrolled.stderr
    device_fp, geneva_fp = re.findall(FINGERPRINT, enrolled.stdout)
    accepted = run("enrol-accept", *device, str(usb / "b"), "--geneva-fingerprint", geneva_fp)
    assert accepted.returncode == 0, accepted.stderr
    assert "recovery" in db.with_name("sillok.db.keys").read_text()
    with Database.open(db, PASSPHRASE) as database:
        record_interview(Services(database, actor="officer-1"))
    before = _interviews(db, PASSPHRASE)
    assert len(before) == 1

    # Geneva's custodians hold the recovery key, encrypted to their own age key.
    custodian = tmp_path / "safe" / "custodian.txt"
    custodian.parent.mkdir()
    run_tool("age-keygen", "-o", str(custodian))
    recipient = run_tool("age-keygen", "-y", str(custodian)).strip()
    keys = tmp_path / "keys"
    exported = run("repository", "export-keys", *geneva, "--out", str(keys), "--to", recipient)
    assert exported.returncode == 0, exported.stderr
    recovery_key = tmp_path / "safe" / "geneva-recovery-key.txt"
    run_tool(
        "age", "-d", "-i", str(custodian), "-o", str(recovery_key),
        str(keys / "geneva-recovery-key.txt.age"),
    )  # fmt: skip

    # The passphrase is forgotten: the laptop writes a request (no passphrase needed).
    forgotten = ("--db", str(db))
    asked = run(
        "recovery-request", *forgotten, "--out", str(usb / "request.json"),
        "--requested-by", "김 조사관, legal officer",
        "--reason", "passphrase forgotten after leave",
        "--new-passphrase-file", str(new_secret),
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    request_fp, device_on_laptop, geneva_on_laptop = re.findall(FINGERPRINT, asked.stdout)
    assert (device_on_laptop, geneva_on_laptop) == (device_fp, geneva_fp)

    # Geneva answers, with the fingerprint read out by phone; a wrong one is refused.
    def recover(fingerprint: str, out: str) -> object:
        return run(
            "repository", "recover", *geneva, str(usb / "request.json"), "--out", str(usb / out),
            "--identity", str(recovery_key), "--request-fingerprint", fingerprint,
            "--approved-by", "Geneva duty officer",
        )  # fmt: skip

    wrong = recover("AAAA-AAAA-AAAA-AAAA-AAAA", "response.json")
    assert wrong.returncode == 61 and "fingerprint" in wrong.stderr  # type: ignore[attr-defined]
    assert not (usb / "response.json").exists()
    answered = recover(request_fp, "response.json")
    assert answered.returncode == 0, answered.stderr  # type: ignore[attr-defined]
    assert device_fp in answered.stdout and geneva_fp in answered.stdout  # type: ignore[attr-defined]
    again = recover(request_fp, "response-2.json")
    assert again.returncode == 64 and not (usb / "response-2.json").exists()  # type: ignore[attr-defined]
    register = run("repository", "recoveries", *geneva)
    assert "김 조사관" in register.stdout and "passphrase forgotten" in register.stdout
    assert "Geneva duty officer" in register.stdout

    # The laptop loads it with the new passphrase; the old one stops working.
    loaded = run(
        "recovery-complete", *forgotten, str(usb / "response.json"),
        "--passphrase-file", str(new_secret),
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert request_fp in loaded.stdout and geneva_fp in loaded.stdout
    assert run("check", *device).returncode == 3
    checked = run("check", "--db", str(db), "--passphrase-file", str(new_secret))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert _interviews(db, NEW_PASSPHRASE) == before
    with Database.open(db, NEW_PASSPHRASE) as database, database.reading() as connection:
        kinds = [r[0] for r in connection.execute("SELECT entity_type FROM audit_log ORDER BY seq")]
    assert "recovery_slot" in kinds and kinds[-1] == "recovery"
    replayed = run(
        "recovery-complete", *forgotten, str(usb / "response.json"),
        "--passphrase-file", str(new_secret),
    )  # fmt: skip
    assert replayed.returncode == 65 and "Traceback" not in replayed.stderr
