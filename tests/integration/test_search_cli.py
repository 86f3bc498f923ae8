"""`sillok search` and `sillok corroborate` as an analyst runs them, on a real database."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.services import Services
from app.store.database import Database
from tests.integration.test_search import build_corpus
from tests.support import FAST_KDF, PASSPHRASE


@pytest.fixture
def made(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "field" / "sillok.db"
    with Database.create(path, PASSPHRASE, FAST_KDF) as database:
        corpus = build_corpus(Services(database, actor="test"))
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return {"db": path, "secret": secret, "corpus": corpus}


def sillok(made: dict[str, Any], *args: str, language: str = "en") -> Run:
    """The command in this process (quick); `process=True` runs it as a real one."""
    argv = [args[0], "--db", str(made["db"]), "--passphrase-file", str(made["secret"]), *args[1:]]
    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("SILLOK_LANGUAGE")
    os.environ["SILLOK_LANGUAGE"] = language
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        if old is None:
            os.environ.pop("SILLOK_LANGUAGE")
        else:
            os.environ["SILLOK_LANGUAGE"] = old
    return Run(code, out.getvalue(), err.getvalue())


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def test_a_real_process(made: dict[str, Any]) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "search",
            "--db",
            str(made["db"]),
            "--passphrase-file",
            str(made["secret"]),
            "보위부",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"SILLOK_LANGUAGE": "ko", "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 0, run.stderr
    assert "찾은 표기: " in run.stdout and "bowibu" in run.stdout
    assert run.stdout.rstrip().endswith("면담 2건 중 1–2")


def test_search_prints_hits_with_marks_and_targets(made: dict[str, Any]) -> None:
    run = sillok(made, "search", "회령", "--exact")
    assert run.returncode == 0, run.stderr
    segment = made["corpus"]["segments"]["U"]
    assert f"segment:{segment.id}:0-2" in run.stdout
    assert "[회령] 보위부 구류장에서 맞았다" in run.stdout
    assert run.stdout.rstrip().endswith("1–3 of 3 interviews")  # the facility is one too
    korean = sillok(made, "search", "강", language="ko")
    assert korean.returncode == 0 and "[강을] 건널 때" in korean.stdout
    assert "(구절 2개)" in korean.stdout
    assert korean.stdout.rstrip().endswith("면담 1건 중 1–1")


def test_search_errors_have_their_codes(made: dict[str, Any]) -> None:
    assert sillok(made, "search", "  ").returncode == 40
    bad_date = sillok(made, "search", "강", "--from", "2014-13", language="ko")
    assert bad_date.returncode == 41 and "날짜는 2014" in bad_date.stderr
    assert sillok(made, "search", "강", "--interview", "SLK-NONE-NONE").returncode == 42
    assert sillok(made, "corroborate", "--confirm", "facility:ref:none").returncode == 43
    with Database.open(made["db"], PASSPHRASE) as database, database.transaction() as c:
        c.execute("DROP TABLE search_fts")
    broken = sillok(made, "search", "강")
    assert broken.returncode == 44 and "--rebuild" in broken.stderr


def test_corroborate_lists_and_records(made: dict[str, Any]) -> None:
    with Database.open(made["db"], PASSPHRASE) as database:
        services = Services(database, actor="test")
        first, second = made["corpus"]["incidents"]
        services.incidents.update(first.replace(facility_id=second.facility_id))
    listing = sillok(made, "corroborate")
    assert listing.returncode == 0, listing.stderr
    key = f"facility:name:{'전거리교화소'}"
    assert key in listing.stdout and "same facility: 전거리 교화소  [to review]" in listing.stdout
    recorded = sillok(made, "corroborate", "--confirm", key, "--note", "같은 시설")
    assert recorded.returncode == 0, recorded.stderr
    korean = sillok(made, "corroborate", language="ko")
    assert "같은 시설: 전거리 교화소  [확인함]" in korean.stdout


def test_the_count_is_exact_and_pages_follow(made: dict[str, Any]) -> None:
    """`--limit 1` shows one interview and says how many match (2); `--offset 1` the other."""
    first = sillok(made, "search", "보위부", "--limit", "1")
    assert first.returncode == 0, first.stderr
    assert "1–1 of 2 interviews" in first.stdout
    second = sillok(made, "search", "보위부", "--limit", "1", "--offset", "1")
    assert "2–2 of 2 interviews" in second.stdout
    codes = [i.code for i in made["corpus"]["interviews"]]
    shown = [[c for c in codes if c in run.stdout] for run in (first, second)]
    assert sorted(shown[0] + shown[1]) == sorted(codes) and len(shown[0]) == 1
    beyond = sillok(made, "search", "보위부", "--offset", "5")
    assert beyond.stdout.rstrip().endswith("No more interviews: 2 match in all.")


def test_one_interview_is_one_interview(made: dict[str, Any]) -> None:
    """English takes the singular for one interview; Korean has one form."""
    run = sillok(made, "search", "강")
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().endswith("1–1 of 1 interview")
    assert sillok(made, "search", "강", language="ko").stdout.rstrip().endswith("면담 1건 중 1–1")


def test_a_closed_pipe_ends_quietly(made: dict[str, Any]) -> None:
    """`sillok search … | head -1`: the reader is gone before the results are written."""
    assert sillok(made, "search", "강").returncode == 0  # indexed: nothing more on stderr
    reader, writer = os.pipe()
    os.close(reader)
    try:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "search",
                "--db",
                str(made["db"]),
                "--passphrase-file",
                str(made["secret"]),
                "보위부",
            ],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env={"SILLOK_LANGUAGE": "en", "PATH": "/usr/bin:/bin"},
            cwd=Path(__file__).resolve().parents[2],
        )
    finally:
        os.close(writer)
    assert run.stderr == ""
    assert run.returncode == 0
