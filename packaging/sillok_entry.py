"""The bundle's entry point: the same `sillok` command as the installed script.

One switch exists for the bundle's smoke test only (scripts/smoke_bundle.sh), outside
the app's own code and command line: with SILLOK_SMOKE=unlock-screen, the desktop app
starts as usual, and once the unlock screen is shown a line is printed

    SILLOK-SMOKE unlock-screen ms=… platform=… qt=… font=… qt_ko=…

and the screen is closed as if the person had pressed Cancel, so the app ends (exit 0).
"""

import os
import sys
import time

STARTED = time.monotonic()


def _report_unlock_screen() -> None:
    from PySide6.QtCore import QCoreApplication, QTimer, qVersion  # noqa: TID251
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from ui.unlock_dialog import UnlockDialog

    app = QApplication(sys.argv[:1])  # run_desktop uses this one

    def probe() -> None:
        shown = [w for w in app.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible()]
        if not shown:
            QTimer.singleShot(5, probe)
            return
        elapsed = round((time.monotonic() - STARTED) * 1000)
        qt_cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        print(
            f"SILLOK-SMOKE unlock-screen ms={elapsed} platform={app.platformName()} "
            f"qt={qVersion()} font={app.font().family()} qt_ko={qt_cancel} "
            f"heading={shown[0].heading.text()}",
            flush=True,
        )
        shown[0].reject()

    QTimer.singleShot(0, probe)


if os.environ.get("SILLOK_SMOKE") == "unlock-screen":
    _report_unlock_screen()

from app.cli.main import main  # noqa: E402

raise SystemExit(main())
