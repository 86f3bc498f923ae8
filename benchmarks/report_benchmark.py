"""Report benchmark: the statement of a two-hour interview as a PDF.

    .venv/bin/python benchmarks/report_benchmark.py            # 45,000 characters, 200 answers
    .venv/bin/python benchmarks/report_benchmark.py --quick    # a small run (the test uses it)

A synthetic interview (app/reports/synthetic.py) is written through the real services
into a real SQLCipher database in a temporary folder: `--chars` characters of Korean
transcript and `--answers` answers to the default questionnaire. The statement is then
rendered `--runs` times in each language, after what a process loads once (questionnaire,
catalogue, reference data, font: timed apart) and a first, cold rendering,
and the evidence matrix and session log once. Writes JSON (default
benchmarks/results/report.json). Target (issue 6): the statement in under 2 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.crypto.kdf import KdfParams
from app.reports import render_matrix, render_session_log, render_statement
from app.reports.data import load_interview
from app.reports.synthetic import create_sample_interview
from app.services import Services
from app.store.database import Database

KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)
PASSPHRASE = "benchmark 보고서 passphrase, not a secret"


def _pages(pdf: Path) -> int | None:
    try:
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _load_once() -> None:
    """What the first report of a process loads once: the questionnaire (checked), the
    legal catalogue, the reference data and the font (the desk has most already)."""
    from app.legal import default_catalogue
    from app.questionnaire import default_questionnaire
    from app.reference import default_reference
    from app.reports.fonts import report_fonts

    default_questionnaire()
    default_catalogue()
    default_reference()
    report_fonts()


def run(chars: int, answers: int, runs: int, workdir: Path) -> dict[str, object]:
    database = Database.create(workdir / "bench.db", PASSPHRASE, KDF)
    try:
        services = Services(database, actor="benchmark")
        interview = create_sample_interview(services, transcript_chars=chars, answer_count=answers)
        data = load_interview(database, interview.id)
        out = workdir / "statement.pdf"
        loading = _timed(_load_once)
        first = _timed(lambda: render_statement(database, interview.id, out, language="both"))
        result: dict[str, object] = {
            "transcript_characters": sum(len(s.text) for s in data.segments),
            "transcript_segments": len(data.segments),
            "answers": len(data.answers),
            "one_time_loading_seconds": round(loading, 4),
            "first_statement_seconds": round(first, 4),
        }
        for language in ("both", "ko", "en"):
            times = [
                _timed(
                    lambda language=language: render_statement(
                        database, interview.id, out, language=language
                    )
                )
                for _ in range(runs)
            ]
            result[f"statement_{language}"] = {
                "median_seconds": round(statistics.median(times), 4),
                "max_seconds": round(max(times), 4),
                "runs": runs,
                "pages": _pages(out),
                "bytes": out.stat().st_size,
            }
        matrix = workdir / "matrix.pdf"
        result["matrix_seconds"] = round(
            _timed(lambda: render_matrix(database, None, matrix, language="en")), 4
        )
        log = workdir / "sessions.pdf"
        result["session_log_seconds"] = round(
            _timed(lambda: render_session_log(database, interview.id, log, language="ko")), 4
        )
        return result
    finally:
        database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=45_000)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="5,000 characters, 40 answers, 1 run")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "report.json"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.chars, args.answers, args.runs = 5_000, 40, 1
    with tempfile.TemporaryDirectory(prefix="sillok-report-bench-") as folder:
        figures = run(args.chars, args.answers, args.runs, Path(folder))
    result = {
        "benchmark": "report",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "target_seconds": 2.0,
        **figures,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
