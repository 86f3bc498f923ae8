"""The report benchmark script runs and writes every figure it promises (no timing is
asserted: figures are compared by people, on the same machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "report_benchmark.py"


def test_quick_run_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["transcript_characters"] >= 5_000
    assert result["answers"] == 40
    for language in ("both", "ko", "en"):
        figures = result[f"statement_{language}"]
        assert figures["median_seconds"] > 0 and figures["pages"] >= 2
    assert result["matrix_seconds"] > 0 and result["session_log_seconds"] > 0
