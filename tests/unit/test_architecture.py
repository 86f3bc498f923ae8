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
