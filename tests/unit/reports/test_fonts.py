"""The Hangul font: found on this system (fonts-nanum), overridable, and a clear error
naming what to install when there is none or the one named cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest
import reportlab

from app.reports import fonts
from app.reports.errors import HangulFontMissing, HangulFontUnusable

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # TrueType, no Hangul


def test_nanum_gothic_is_found_here() -> None:
    found = fonts.report_fonts({})
    assert found.path.endswith("NanumGothic.ttf")
    assert found.bold != found.regular


def test_an_override_is_used(tmp_path: Path) -> None:
    myeongjo = "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf"
    found = fonts.report_fonts({fonts.FONT_VARIABLE: myeongjo})
    assert found.path == myeongjo


@pytest.mark.parametrize("problem", ["no Hangul", "not a font", "missing"])
def test_an_unusable_override_is_refused_with_what_to_choose(tmp_path: Path, problem: str) -> None:
    if problem == "no Hangul":
        path = VERA
    elif problem == "not a font":
        path = tmp_path / "fake.ttf"
        path.write_bytes(b"OTTO" + b"\0" * 200)  # an OpenType (CFF) signature, no tables
    else:
        path = tmp_path / "absent.ttf"
    with pytest.raises(HangulFontUnusable) as caught:
        fonts.report_fonts({fonts.FONT_VARIABLE: str(path)})
    assert caught.value.exit_code == 46
    assert "TrueType" in caught.value.message()


def test_no_font_names_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WINDIR", str(tmp_path))
    with pytest.raises(HangulFontMissing) as caught:
        fonts._register(None, None, "win32")
    message = caught.value.message()
    assert caught.value.exit_code == 45
    assert "fonts-nanum" in message and "malgun.ttf" in message


def test_each_system_has_candidates() -> None:
    assert fonts.candidates("win32")[0].path.endswith("malgun.ttf")
    assert any("AppleGothic" in c.path for c in fonts.candidates("darwin"))
    assert fonts.candidates("linux")[0].path.endswith("NanumGothic.ttf")
