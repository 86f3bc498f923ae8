"""The store benchmark script runs and writes every figure it promises (no timing is
asserted here: figures are compared by people, on the same machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "store_benchmark.py"


def test_small_run_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "store.json"
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--interviews",
            "3",
            "--answers",
            "10",
            "--saves",
            "20",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["population"]["interviews"] == 3
    for engine in ("save_sqlcipher", "save_plain_sqlite"):
        assert result[engine]["saves"] == 20
        assert 0 < result[engine]["p50_ms"] <= result[engine]["p99_ms"]
    assert result["unlock_seconds_median"] > 0 and result["database_open_seconds_median"] > 0
    assert result["save_ratio_p99"] > 0
    # The temporary databases are gone: nothing left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.json"]


QUESTIONNAIRE_SCRIPT = SCRIPT.with_name("questionnaire_benchmark.py")


def test_questionnaire_benchmark_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "questionnaire.json"
    subprocess.run(
        [sys.executable, str(QUESTIONNAIRE_SCRIPT), "--runs", "5", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    generated = result["generated"]
    assert (generated["questions"], generated["instances"]) == (300, 20)
    assert generated["visible_question_slots"] > 200
    for case in (
        generated["evaluate_and_coverage"],
        result["default_questionnaire"]["evaluate_coverage_suggest"],
    ):
        assert case["runs"] == 5 and 0 < case["p50_ms"] <= case["max_ms"]
    assert result["default_questionnaire"]["questions"] >= 300


SEARCH_SCRIPT = SCRIPT.with_name("search_benchmark.py")


def test_search_benchmark_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "search.json"
    subprocess.run(
        [
            sys.executable,
            str(SEARCH_SCRIPT),
            "--quick",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["corpus"]["transcripts"] == 3 and result["corpus"]["text_chars"] >= 9000
    assert result["index_build_seconds"] > 0
    assert result["db_bytes_with_index"] > result["db_bytes_without_index"] > 0
    assert result["db_size_multiple_of_text"] > result["index_size_multiple_of_text"] > 0
    latency = result["latency_top20_with_snippets"]
    assert set(latency) == {"1_syllable", "2_syllable", "3plus_syllable", "variant"}
    for figures in latency.values():
        assert figures["queries"] > 0 and 0 < figures["p50_ms"] <= figures["p95_ms"]
        assert figures["mean_hits"] > 0  # the corpus holds every term searched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search.json"]


def test_desk_benchmark_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "desk.json"
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "desk_benchmark.py"
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [sys.executable, str(script), "--quick", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
        env=environment,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["interviews"] == 100
    assert result["read_rows"]["median_ms"] > 0
    assert set(result["sort"]) == {"code", "date", "interviewer", "status", "progress", "coverage"}


def test_search_quality_benchmark_writes_recall_and_precision(tmp_path: Path) -> None:
    """Every class has a truth to compare with, and on the small corpus the search finds
    exactly it (recall and precision 1.0: anything less is a regression to look at)."""
    out = tmp_path / "quality.json"
    subprocess.run(
        [
            sys.executable,
            str(SEARCH_SCRIPT.with_name("search_quality.py")),
            "--quick",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["corpus"]["interviews"] == 8
    classes = result["classes"]
    assert {"1_syllable", "variant_agency", "particles", "nfd_query", "multi_word"} <= set(classes)
    for name, figures in classes.items():
        assert figures["recall"] == figures["precision"] == 1.0, (name, figures["queries"])
        assert (
            0 < figures["first_page_with_count_p50_ms"] <= figures["first_page_with_count_p95_ms"]
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quality.json"]
