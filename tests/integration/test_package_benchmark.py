"""The package benchmark runs in quick mode and writes every figure it promises (timings
are compared by people on one machine, never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "package_benchmark.py"


def test_quick_run_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "package.json"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--out", str(out), "--workdir", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["records"], result["attachments_mib"]) == (200, 4)
    assert result["package_bytes"] > result["data_bytes"] > 4 * 1024 * 1024
    for side in ("write", "open"):
        figures = result[side]
        assert figures["ours_seconds_median"] > 0 and figures["baseline_seconds_median"] > 0
        assert figures["throughput_ratio"] > 0
        assert 0 < figures["peak_rss_mib"] < 1024
    assert result["write"]["throughput_ratio_same_durability"] > 0
    assert set(result["per_round"][0]) == {"ours_write", "base_write", "ours_open", "base_open"}
    # Everything the benchmark made is gone.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package.json"]
