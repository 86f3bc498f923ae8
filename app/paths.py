"""Where Sillok keeps its files by default (platformdirs: the user data folder)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Sillok"


def data_dir() -> Path:
    """Linux: ~/.local/share/Sillok; Windows: %LOCALAPPDATA%\\Sillok; macOS:
    ~/Library/Application Support/Sillok."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / "sillok.db"


def resources_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "resources"
