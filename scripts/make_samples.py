"""Make the sample page images in docs/samples/ from a SYNTHETIC interview.

    .venv/bin/python scripts/make_samples.py

Writes a synthetic interview (app/reports/synthetic.py; every name and event invented)
through the real services into a real encrypted database in a temporary folder, renders
the statement (Korean and English), the evidence matrix and the session log, and turns a
few pages into small PNGs with poppler's `pdftoppm`. Nothing else is kept.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.crypto.kdf import KdfParams  # noqa: E402
from app.i18n import build  # noqa: E402
from app.reports import render_matrix, render_session_log, render_statement  # noqa: E402
from app.reports.synthetic import create_sample_interview  # noqa: E402
from app.services import Services  # noqa: E402
from app.store.database import Database  # noqa: E402

SAMPLES = ROOT / "docs" / "samples"
RESOLUTION = "60"  # dots per inch: readable, and each page stays small
KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)


def pages(pdf: Path, name: str, wanted: list[int]) -> list[Path]:
    made = []
    for page in wanted:
        stem = SAMPLES / f"{name}-p{page}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                RESOLUTION,
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                "-aa",
                "yes",
                "-aaVector",
                "yes",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        made.append(stem.with_suffix(".png"))
    return made


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return next(
        int(line.split()[1]) for line in info.stdout.splitlines() if line.startswith("Pages:")
    )


def main() -> int:
    build.compile_all()
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for old in SAMPLES.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="sillok-samples-") as folder:
        work = Path(folder)
        database = Database.create(work / "sample.db", "sample 표본 passphrase 2026", KDF)
        try:
            services = Services(database, actor="samples")
            interview = create_sample_interview(services)
            create_sample_interview(services, code="SLK-DEMO-0002")
            made: list[Path] = []
            both = render_statement(database, interview.id, work / "both.pdf", language="both")
            made += pages(both, "statement-both", [1, 3, page_count(both)])
            korean = render_statement(database, interview.id, work / "ko.pdf", language="ko")
            made += pages(korean, "statement-ko", [1])
            matrix = render_matrix(database, None, work / "matrix.pdf", language="ko")
            made += pages(matrix, "matrix-ko", [1, 3])
            log = render_session_log(database, interview.id, work / "log.pdf", language="en")
            made += pages(log, "sessions-en", [1])
        finally:
            database.close()
    for path in made:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
