"""The core never imports Qt or ui/: it is a library the CLI, the desktop app, the
Geneva tools and the tests all use the same way."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _offenders(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root.parent)} imports {name}"
        for path in sorted(root.rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]


def test_app_imports_no_qt_and_no_ui() -> None:
    # `sillok` with no subcommand finds the desktop through an entry point, not an import.
    assert _offenders(APP) == []


def test_the_rule_would_catch_an_import(tmp_path: Path) -> None:
    fake = tmp_path / "app"
    fake.mkdir()
    (fake / "leak.py").write_text("from PySide6.QtWidgets import QWidget\nimport ui.tasks\n")
    assert _offenders(fake) == [
        "app/leak.py imports PySide6.QtWidgets",
        "app/leak.py imports ui.tasks",
    ]


FORMATS_MAY_IMPORT = ("app.formats", "app.errors", "app.i18n")
"""The open formats know nothing of Sillok: its errors and messages only."""
STORE_MAY_NOT_IMPORT = ("app.sync", "app.services", "app.desk", "app.search", "app.cli")
"""The store is the bottom floor of the records: nothing above it runs back into it."""


def _app_imports(folder: str) -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(APP.parent)), name)
        for path in sorted((APP / folder).rglob("*.py"))
        for name in _imports(path)
        if name == "app" or name.startswith("app.")
    ]


def test_the_open_formats_import_nothing_of_sillok() -> None:
    assert [
        (path, name)
        for path, name in _app_imports("formats")
        if not name.startswith(FORMATS_MAY_IMPORT)
    ] == []


def test_no_import_runs_back_up_into_the_store() -> None:
    assert [
        (path, name)
        for path, name in _app_imports("store")
        if name.startswith(STORE_MAY_NOT_IMPORT)
    ] == []
