"""Screenshots of the welcome dialog in Korean and English, offscreen, from the real
widget: docs/screenshots/welcome-ko.png and welcome-en.png.

    .venv/bin/python scripts/screenshots_welcome.py [OUT_DIR]

The data folder shown is a typical interviewer's (not this machine's home folder).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.application import use_hangul_font  # noqa: E402
from ui.language import switch_language  # noqa: E402
from ui.welcome_dialog import WelcomeDialog  # noqa: E402

EXAMPLE_DATA = Path("/home/interviewer/.local/share/Sillok")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    family = use_hangul_font(app)
    if family is None:
        print("screenshots: no Hangul font installed (fonts-nanum)", file=sys.stderr)
        return 1
    dialog = WelcomeDialog(EXAMPLE_DATA / "sillok.db", EXAMPLE_DATA / "demo" / "sillok-demo.db")
    dialog.resize(640, 10)
    dialog.show()
    for language in ("ko", "en"):
        switch_language(language)
        app.processEvents()
        layout = dialog.layout()
        dialog.resize(640, layout.totalHeightForWidth(640) if layout else 600)
        app.processEvents()
        path = out / f"welcome-{language}.png"
        if not dialog.grab().save(str(path)):
            print(f"screenshots: could not write {path}", file=sys.stderr)
            return 1
        print(f"wrote {path} ({family})")
    dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
