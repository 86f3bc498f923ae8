"""Which language the desktop app starts in: an explicit SILLOK_LANGUAGE, else the one the
interviewer chose last (kept in the settings), else the system's locale."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings, load_settings, remember_language, save_settings, start_language


@pytest.mark.parametrize(
    ("saved", "environ", "language"),
    [
        ("ko", {"LANG": "C.UTF-8"}, "ko"),  # an English-locale laptop, a Korean interviewer
        ("en", {"LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LANG": "ko_KR.UTF-8"}, "ko"),  # nothing chosen yet: the locale
        (None, {"LANG": "C.UTF-8"}, "en"),
        ("ko", {"SILLOK_LANGUAGE": "en", "LANG": "C"}, "en"),  # explicit: wins
    ],
)
def test_the_language_chosen_last_wins_over_the_locale(
    tmp_path: Path, saved: str | None, environ: dict[str, str], language: str
) -> None:
    path = tmp_path / "settings.json"
    if saved is not None:
        save_settings(Settings(language=saved), path)
    assert start_language(path, environ) == language


def test_a_damaged_settings_file_falls_back_to_the_locale(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert start_language(path, {"LANG": "C"}) == "en"


def test_remembering_a_language_keeps_the_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(language="en", autolock_minutes=9, default_interviewer="김"), path)
    remember_language("ko", path)
    assert load_settings(path) == Settings(
        language="ko", autolock_minutes=9, default_interviewer="김"
    )
