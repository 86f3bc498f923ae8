"""Every exit code an error of ours can end the command line with is in the README's
table (the codes are part of the command-line contract)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import app
from app.errors import SillokError

README = Path(__file__).resolve().parents[2] / "README.md"


def _subclasses(cls: type[SillokError]) -> set[type[SillokError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _documented() -> set[int]:
    codes: set[int] = set()
    for first, last in re.findall(r"^\| (\d+)(?:[–-](\d+))? +\|", README.read_text(), re.M):
        codes.update(range(int(first), int(last or first) + 1))
    return codes


def test_every_exit_code_of_ours_is_documented() -> None:
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if module.name != "app.__main__":
            importlib.import_module(module.name)
    used = {error.exit_code for error in _subclasses(SillokError)}
    assert {54, 55, 56, 57, 58} <= used
    assert used - _documented() == set()
