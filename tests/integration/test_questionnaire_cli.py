"""`sillok questionnaire check|coverage` as a legal officer runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.paths import resources_dir

DEFAULT = resources_dir() / "questionnaires" / "default.yaml"


def sillok(*args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"SILLOK_LANGUAGE": language, "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
    )


def test_the_default_questionnaire_passes_check() -> None:
    run = sillok("questionnaire", "check", str(DEFAULT))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no problems (sillok.default" in run.stdout


def test_check_prints_each_problem_with_its_place_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = DEFAULT.read_text(encoding="utf-8")
    text = text.replace("elements: [", "elements: [CAH.7.1.z.9, ", 1)
    broken.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "CAH.7.1.z.9" in row)
    run = sillok("questionnaire", "check", str(broken))
    assert run.returncode == 7
    assert f"{broken}:{line}: [unknown-element]" in run.stdout
    assert "CAH.7.1.z.9 is not in the legal catalogue" in run.stdout
    assert "Traceback" not in run.stderr


def test_check_of_a_missing_file_says_so(tmp_path: Path) -> None:
    run = sillok("questionnaire", "check", str(tmp_path / "none.yaml"))
    assert run.returncode == 7
    assert "none.yaml:1: [yaml]" in run.stdout and "Traceback" not in run.stderr


def test_coverage_lists_every_element_and_strict_passes() -> None:
    run = sillok("questionnaire", "coverage", "--strict")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "CAH.7.1.e.1" in run.stdout and "MOL.28.b.3" in run.stdout
    assert "NO QUESTION" not in run.stdout
    assert "out of scope" in run.stdout  # apartheid, with the reason


def test_coverage_speaks_korean() -> None:
    run = sillok("questionnaire", "coverage", language="ko")
    assert run.returncode == 0, run.stderr
    assert "구금" in run.stdout


def test_reference_lookup_finds_any_spelling() -> None:
    run = sillok("reference", "lookup", "Ch'ŏngjin", "--kind", "places")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("kp.hamgyong-north.chongjin ")
    run = sillok("reference", "lookup", "gwalliso", "--limit", "1", language="ko")
    assert run.returncode == 0 and "관리소" in run.stdout.splitlines()[0]


def test_reference_lookup_without_a_match_says_so() -> None:
    run = sillok("reference", "lookup", "zzqx")
    assert run.returncode == 12
    assert "zzqx" in run.stderr and "Traceback" not in run.stderr
