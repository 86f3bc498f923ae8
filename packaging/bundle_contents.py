"""What goes into the desktop bundle, and what is left out, in one place.

Read by `sillok.spec` (PyInstaller) and by tests/integration/test_bundle_smoke.py, which
checks that every file named here exists in a checkout (after `python -m app.i18n.build`).
Paths are relative to the repository root; destinations are relative to the bundle's
`_internal/` folder (`sys._MEIPASS`), where `app/paths.py` looks when frozen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NAME = "sillok"
ENTRY = "packaging/sillok_entry.py"
ICON_PNG = "resources/icons/sillok-256.png"
ICON_ICO = "resources/icons/sillok.ico"
ICON_ICNS = "resources/icons/sillok.icns"

DATAS: list[tuple[str, str]] = [
    # Questionnaires, legal catalogue, reference data, icons: read through app.paths.
    ("resources", "resources"),
    # Compiled catalogues (built by `python -m app.i18n.build`, never committed).
    ("translations/ko/LC_MESSAGES/messages.mo", "translations/ko/LC_MESSAGES"),
    ("translations/en/LC_MESSAGES/messages.mo", "translations/en/LC_MESSAGES"),
    # Migrations, read with importlib.resources from the app.store.migrations package.
    ("app/store/migrations", "app/store/migrations"),
]
"""(source, destination folder) pairs, as PyInstaller's `datas`."""

QT_TRANSLATIONS = ("qtbase_ko.qm",)
"""Qt's own catalogues kept (standard dialog buttons in Korean); the other 98 are dropped."""

HIDDEN_IMPORTS = [
    # `sillok` with no command finds the desktop through the `sillok.desktop` entry point,
    # which PyInstaller cannot see: name it.
    "ui.application",
    # PDF reports (app/reports, merged from another branch) draw with reportlab.
    "reportlab.pdfgen.canvas",
    "reportlab.pdfbase.ttfonts",
    "reportlab.platypus",
]

METADATA = ["sillok"]
"""Distributions whose metadata (entry points) the app reads at run time."""

EXCLUDES = [
    # Development tools that hooks would otherwise drag in (pydantic.mypy → mypy).
    "mypy",
    "ast_serialize",
    "hypothesis",
    "pytest",
    "_pytest",
    "setuptools",
    "pkg_resources",
    "pip",
    "wheel",
    # Not used by the app: plain SQLite must never be loaded by mistake; only SQLCipher.
    "sqlite3",
    "tkinter",
    # (PIL stays: reportlab imports it for every PDF.)
    # Qt modules the app does not use.
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtConcurrent",
    "PySide6.QtXml",
]

QT_PLUGINS_KEPT: dict[str, set[str] | None] = {
    # X11 (and Wayland through XWayland), and offscreen; Windows and macOS their own.
    "platforms": {
        "libqxcb.so",
        "libqoffscreen.so",
        "qwindows.dll",
        "qoffscreen.dll",
        "libqcocoa.dylib",
        "libqoffscreen.dylib",
    },
    # Hangul input methods (ibus, and the compose fallback): interviewers type Korean.
    "platforminputcontexts": None,
    "xcbglintegrations": None,
    "imageformats": {"libqsvg.so", "libqjpeg.so", "qsvg.dll", "qjpeg.dll"}
    | {"libqsvg.dylib", "libqjpeg.dylib"},
    "iconengines": None,
    "platformthemes": {"libqxdgdesktopportal.so"},
    "styles": None,  # the native look on Windows and macOS
}
"""Qt plugin folders kept, each with the files kept (None: all of them). Every other
plugin folder (wayland, eglfs, tls, network information…) is left out."""


def keep_qt_plugin(destination: str) -> bool:
    """Whether a bundled file under PySide6/Qt/plugins/ is kept (others are passed)."""
    parts = Path(destination).parts
    if "plugins" not in parts:
        return True
    index = parts.index("plugins")
    if parts[:index] != ("PySide6", "Qt") or len(parts) < index + 3:
        return True
    folder, name = parts[index + 1], parts[-1]
    if folder not in QT_PLUGINS_KEPT:
        return False
    wanted = QT_PLUGINS_KEPT[folder]
    return wanted is None or name in wanted


def keep_qt_translation(destination: str) -> bool:
    parts = Path(destination).parts
    if parts[:3] != ("PySide6", "Qt", "translations"):
        return True
    return parts[-1] in QT_TRANSLATIONS


def keep(destination: str) -> bool:
    """The one filter the spec applies to PyInstaller's binaries and datas."""
    return keep_qt_plugin(destination) and keep_qt_translation(destination)


def source_paths() -> list[Path]:
    """Every repository file or folder the spec names (the test checks they exist)."""
    named = [ENTRY, ICON_PNG, ICON_ICO, ICON_ICNS, *(source for source, _ in DATAS)]
    return [ROOT / path for path in named]


def prune_dependencies(
    binaries: list[tuple[str, str, str]], imports_of: Callable[[str], set[str]]
) -> list[tuple[str, str, str]]:
    """Drop shared libraries that only the left-out plugins needed.

    PyInstaller gathers every plugin's libraries before the spec can drop plugins (the
    GTK theme alone brings cairo, pango, gdk-pixbuf…). Roots are the extension modules,
    the plugins kept and anything outside the library folders; a library is kept when a
    root needs it (`imports_of(path)`: the sonames a file needs, transitively).
    """

    def is_library(destination: str) -> bool:
        return "/" not in destination or destination.startswith("PySide6/Qt/lib/")

    def candidate(entry: tuple[str, str, str]) -> bool:
        return entry[2] in ("BINARY", "SYMLINK") and is_library(entry[0])

    roots = [entry for entry in binaries if not candidate(entry)]
    needed: set[str] = set()
    for _destination, source, _kind in roots:
        needed |= imports_of(source)
    return [
        entry
        for entry in binaries
        if entry in roots or Path(entry[0]).name in needed or entry[0].startswith("libpython")
    ]
