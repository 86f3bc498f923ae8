"""Where Sillok keeps its files by default (platformdirs: the user data folder)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "Sillok"


def data_dir() -> Path:
    """Linux: ~/.local/share/Sillok; Windows: %LOCALAPPDATA%\\Sillok; macOS:
    ~/Library/Application Support/Sillok."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / "sillok.db"


def install_root() -> Path:
    """The folder that holds `resources/` and `translations/`: the checkout, or, in the
    PyInstaller bundle, its `_internal/` folder (`sys._MEIPASS`)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    return install_root() / "resources"


def translations_dir() -> Path:
    return install_root() / "translations"
