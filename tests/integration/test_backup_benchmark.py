"""The backup benchmark runs and writes every figure it promises (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "backup_benchmark.py"


def test_quick_run_writes_the_json_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--out", str(out), "--workdir", str(work)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["attachments"], result["attachment_mib"]) == (3, 3)
    for figure in ("check_seconds", "backup_seconds", "restore_seconds"):
        assert result[figure] > 0
    assert list(work.iterdir()) == []
