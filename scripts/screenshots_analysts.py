"""Screenshots of the analysts' desk and the disclosure wizard, in Korean and English,
offscreen, from the real windows on a real repository: docs/screenshots/
analysts-interviews-{ko,en}.png, analysts-search-{ko,en}.png, analysts-matrix-{ko,en}.png
and analysts-disclosure-{ko,en}.png.

    .venv/bin/python scripts/screenshots_analysts.py [OUT_DIR]

The repository is the one the desk's tests use (tests/analysts_support.py): two laptops
record synthetic interviews through the real services and ship real packages.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import grab  # noqa: E402

from tests.analysts_support import IMPRISONMENT, TORTURE, desk_scene  # noqa: E402
from tests.sync_support import GENEVA_PASSPHRASE, run_tool  # noqa: E402
from ui.analysts.disclosure_wizard import DisclosureWizard  # noqa: E402
from ui.analysts.session import RepositorySession  # noqa: E402
from ui.analysts.window import AnalystsWindow  # noqa: E402
from ui.application import use_hangul_font  # noqa: E402
from ui.language import switch_language  # noqa: E402
from ui.tasks import SynchronousTaskRunner  # noqa: E402


def _row(model: object, key: str, value: object) -> int:
    rows = getattr(model, "rows")  # noqa: B009 - RowsModel.rows
    return next(n for n, row in enumerate(rows) if row[key] == value)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    use_hangul_font(app)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = folder
        scene = desk_scene(Path(folder))
        run_tool("age-keygen", "-o", str(Path(folder) / "court-key.txt"))
        runner = SynchronousTaskRunner()
        session = RepositorySession(runner, scene["folder"])
        session.user = "analyst-geneva"
        session.open(GENEVA_PASSPHRASE, "analyst-geneva")
        window = AnalystsWindow(session, settings_path=Path(folder) / "settings.json")
        window.resize(1400, 860)
        window.show()
        try:
            for language in ("ko", "en"):
                switch_language(language)
                QApplication.processEvents()  # the language change reaches every widget
                tab = window.interviews
                window.tabs.setCurrentWidget(tab)
                tab.table.selectRow(_row(tab.model, "code", scene["codes"]["first"]))
                tab.records.expandAll()
                grab(window, out / f"analysts-interviews-{language}.png")

                search = window.search
                window.tabs.setCurrentWidget(search)
                search.query.setText("보위부에서")
                search.run_search()
                search.results.setCurrentIndex(search.lines.index(1, 0))
                grab(window, out / f"analysts-search-{language}.png")

                matrix = window.matrix
                window.tabs.setCurrentWidget(matrix)
                matrix.element_table.selectRow(_row(matrix.elements, "element", IMPRISONMENT))
                matrix.axis.setCurrentIndex(matrix.axis.findData("facility"))
                matrix.cell_table.selectRow(0)
                matrix.cell_table.activated.emit(matrix.cells.index(0, 0))
                grab(window, out / f"analysts-matrix-{language}.png")

                wizard = DisclosureWizard(session, window)
                wizard.recipient.name.setText("International mechanism")
                wizard.recipient.key_file.setText(str(Path(folder) / "court-key.txt"))
                wizard.recipient.out.setText(str(Path(folder) / f"shot-{language}.sillok"))
                wizard.show()
                wizard.next()
                wizard.selection.elements.setText(TORTURE)
                wizard.next()
                wizard.redaction.boxes["person_names"].setChecked(True)
                wizard.redaction.boxes["units"].setChecked(True)
                wizard.next()
                wizard.resize(760, 540)
                grab(wizard, out / f"analysts-disclosure-{language}.png")
                wizard.close()
                wizard.deleteLater()
        finally:
            window.close()
            runner.shutdown(final=session.close_on_worker)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
