"""`sillok report statement|matrix|sessions` as an interviewer runs them: a PDF written,
by interview code or id; clear errors (and their exit codes) otherwise, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.reports.synthetic import create_sample_interview
from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def sillok(*args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"SILLOK_LANGUAGE": language, "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("field")
    db = folder / "sillok.db"
    with Database.create(db, PASSPHRASE, FAST_KDF) as database:
        interview = create_sample_interview(Services(database, actor="test"))
    secret = folder / "secret"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return db, secret, str(interview.id)


@pytest.mark.parametrize(
    ("kind", "interview"), [("statement", "SLK-DEMO-2026"), ("sessions", "id"), ("matrix", None)]
)
def test_each_report_is_written(
    field: tuple[Path, Path, str], tmp_path: Path, kind: str, interview: str | None
) -> None:
    db, secret, interview_id = field
    out = tmp_path / f"{kind}.pdf"
    chosen = ["--interview", interview_id if interview == "id" else interview] if interview else []
    run = sillok(
        "report",
        kind,
        "--db",
        str(db),
        "--passphrase-file",
        str(secret),
        *chosen,
        "--out",
        str(out),
        language="ko",
    )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "저장했습니다" in run.stdout


def test_errors_are_clear_and_keep_their_exit_codes(
    field: tuple[Path, Path, str], tmp_path: Path
) -> None:
    db, secret, _ = field
    base = ("report", "statement", "--db", str(db), "--passphrase-file", str(secret))
    missing = sillok(*base, "--interview", "SLK-NONE-0000", "--out", str(tmp_path / "a.pdf"))
    assert missing.returncode == 12 and "SLK-NONE-0000" in missing.stderr
    existing = tmp_path / "b.pdf"
    existing.write_bytes(b"keep")
    kept = sillok(*base, "--interview", "SLK-DEMO-2026", "--out", str(existing))
    assert kept.returncode == 9 and existing.read_bytes() == b"keep"
    nowhere = sillok(
        *base,
        "--interview",
        "SLK-DEMO-2026",
        "--out",
        str(tmp_path / "no" / "such" / "c.pdf"),
        language="ko",
    )
    assert nowhere.returncode == 47 and "저장하지 못했습니다" in nowhere.stderr
    for run in (missing, kept, nowhere):
        assert "Traceback" not in run.stderr
