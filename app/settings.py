"""The desk's settings: language, auto-lock delay, default interviewer name.

Stored as JSON in the user config folder. Nothing sensitive belongs here (no code, no
witness, no path of an export): only preferences, validated on load. A missing or damaged
file gives the defaults, and the damaged file is left for a person to look at.

The app starts in the language chosen last (on the welcome, in the unlock dialog or the
menu), whatever the laptop's locale: `start_language`. Only an explicit SILLOK_LANGUAGE
overrides it; with nothing chosen yet, the locale decides.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from pydantic import Field, ValidationError

from app.domain.base import FrozenModel
from app.files import atomic_write
from app.i18n import language_from_environment
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


def start_language(path: Path | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The language to start in: SILLOK_LANGUAGE, else the one saved, else the locale's."""
    if environ.get("SILLOK_LANGUAGE"):
        return language_from_environment(environ)
    path = path or settings_path()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None
    if isinstance(saved, dict) and "language" in saved:
        try:
            return Settings.model_validate(saved).language
        except ValidationError:
            pass
    return language_from_environment(environ)


def remember_language(language: str, path: Path | None = None) -> None:
    """Keep `language` as the one to start in next time (the other settings unchanged)."""
    settings = load_settings(path)
    save_settings(Settings.model_validate({**settings.model_dump(), "language": language}), path)
