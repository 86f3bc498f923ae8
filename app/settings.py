"""The desk's settings: language, auto-lock delay, default interviewer name.

Stored as JSON in the user config folder. Nothing sensitive belongs here (no code, no
witness, no path of an export): only preferences, validated on load. A missing or damaged
file gives the defaults, and the damaged file is left for a person to look at.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
from pydantic import Field, ValidationError

from app.domain.base import FrozenModel
from app.files import atomic_write
from app.paths import APP_NAME


class Settings(FrozenModel):
    language: str = Field(default="ko", pattern=r"^(ko|en)$")
    autolock_minutes: int = Field(default=5, ge=1, le=120)
    default_interviewer: str = Field(default="", max_length=120)


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (settings.model_dump_json(indent=2) + "\n").encode("utf-8"))
