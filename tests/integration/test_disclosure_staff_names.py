"""Redaction of the staff's names (review 2026-12-06 T3): the statement printed in a
disclosure named the interviewer and the interpreter, and no category could withhold
them. `staff_names` takes out the interviewer, the interpreter, who recorded the consent
and who was present at each session, from the records and the statements."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain import Session
from app.sync.repository.disclosure import disclose
from tests.repository_support import interview, laptop, ship
from tests.sync_support import GENEVA_PASSPHRASE, new_repository, open_package_by_hand, run_tool

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""

INTERVIEWER = "officer-kimjiyoung"  # the helper names the interviewer after the laptop
INTERPRETER = "통역사 한미영"
SUPPORT = "동행인 박수진"


def _texts(package: Path, tmp: Path) -> dict[str, str]:
    (tmp / "geneva.pub").write_text((tmp / "geneva" / "public" / "geneva.pub").read_text())
    out = tmp / f"opened-{package.stem}"
    open_package_by_hand(package, tmp / "court-key.txt", tmp / "geneva.pub", out)
    texts = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in out.rglob("*")
        if p.is_file()
    }
    for pdf in out.rglob("*.pdf"):
        texts[f"{pdf.relative_to(out).as_posix()} (text)"] = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    return texts


def test_staff_names_are_withheld_from_the_records_and_the_statement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "kimjiyoung")
    made = interview(field)
    services = field.services
    services.interviews.update(
        services.interviews.get(made["interview"].id).replace(interpreter=INTERPRETER)
    )
    services.sessions.create(
        Session(
            interview_id=made["interview"].id,
            number=1,
            started_at=datetime.now(UTC),
            present=[INTERVIEWER, INTERPRETER, SUPPORT],
        )
    )
    ship(field, geneva)
    run_tool("age-keygen", "-o", str(tmp_path / "court-key.txt"))
    recipient = next(
        line.split(": ", 1)[1]
        for line in (tmp_path / "court-key.txt").read_text().splitlines()
        if line.startswith("# public key: ")
    )
    code = made["interview"].code

    plain = disclose(
        geneva, recipient=recipient, recipient_name="mechanism", out=tmp_path / "plain.sillok",
        made_by="legal officer 1",
    )  # fmt: skip
    shown = _texts(plain.path, tmp_path)
    assert INTERVIEWER in shown[f"statements/{code}.pdf (text)"]
    assert INTERPRETER in shown[f"statements/{code}.pdf (text)"]

    redacted = disclose(
        geneva, recipient=recipient, recipient_name="mechanism", out=tmp_path / "staff.sillok",
        made_by="legal officer 1", redactions=["staff_names"],
    )  # fmt: skip
    texts = _texts(redacted.path, tmp_path)
    for name in (INTERVIEWER, INTERPRETER, SUPPORT):
        assert [file for file, text in texts.items() if name in text] == []
    assert "[withheld: staff_names]" in texts[f"statements/{code}.pdf (text)"]
    assert "[withheld: staff_names]" in texts[f"records/{code}.jsonl"]
    log = json.loads(texts["redaction-log.json"])
    assert {(i["kind"], i["field"]) for i in log["items"]} == {
        ("interview", "interviewer"),
        ("interview", "interpreter"),
        ("consent", "recorded_by"),
        ("session", "present"),
    }
    assert {i["category"] for i in log["items"]} == {"staff_names"}

    # the command line offers it too
    repo = str(geneva.folder)
    geneva.close()
    secret = tmp_path / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    (tmp_path / "court.age-recipient").write_text(recipient + "\n")
    assert main(
        ["repository", "disclose", "--recipient-file", str(tmp_path / "court.age-recipient"),
         "--recipient-name", "mechanism", "--out", str(tmp_path / "cli.sillok"),
         "--redact", "staff_names", "--repo", repo, "--passphrase-file", str(secret), "--json"]
    ) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["redacted"] == 4
