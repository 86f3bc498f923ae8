"""The Hangul font every report embeds: a system TrueType font, found on Linux, Windows
and macOS, or named by SILLOK_PDF_FONT.

reportlab embeds (subsets) only fonts with TrueType (`glyf`) outlines; it refuses OpenType
fonts with PostScript (CFF) outlines, which is what Noto Sans CJK and Source Han are, even
in a .ttc collection. So each candidate is opened with reportlab itself and kept only if
it loads and maps Hangul syllables. docs/reports.md lists the candidates per system.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.reports.errors import HangulFontMissing, HangulFontUnusable

FONT_VARIABLE = "SILLOK_PDF_FONT"
"""A .ttf/.ttc file to use instead of the search (a `:N` suffix picks font N of a .ttc)."""

BOLD_VARIABLE = "SILLOK_PDF_FONT_BOLD"

PROBE = "한국어 진술서"
"""Characters the font must have: Hangul syllables."""


@dataclass(frozen=True)
class Candidate:
    path: str
    index: int = 0
    bold: str | None = None
    """The bold face of the same family, when there is one."""


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def candidates(platform: str = sys.platform) -> list[Candidate]:
    """Where Hangul TrueType fonts usually are, best first, for `platform`."""
    if platform.startswith("win"):
        fonts = _windows_fonts()
        return [
            Candidate(str(fonts / "malgun.ttf"), bold=str(fonts / "malgunbd.ttf")),
            Candidate(str(fonts / "gulim.ttc")),
            Candidate(str(fonts / "batang.ttc")),
        ]
    if platform == "darwin":
        return [
            Candidate("/System/Library/Fonts/Supplemental/AppleGothic.ttf"),
            Candidate("/Library/Fonts/AppleGothic.ttf"),
            Candidate("/System/Library/Fonts/AppleSDGothicNeo.ttc"),
            Candidate("/System/Library/Fonts/Supplemental/AppleMyungjo.ttf"),
            Candidate(str(Path.home() / "Library/Fonts/NanumGothic.ttf")),
        ]
    nanum = "/usr/share/fonts/truetype/nanum"
    return [
        Candidate(f"{nanum}/NanumGothic.ttf", bold=f"{nanum}/NanumGothicBold.ttf"),
        Candidate(f"{nanum}/NanumBarunGothic.ttf", bold=f"{nanum}/NanumBarunGothicBold.ttf"),
        Candidate(f"{nanum}/NanumMyeongjo.ttf", bold=f"{nanum}/NanumMyeongjoBold.ttf"),
        Candidate("/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf"),
        Candidate("/usr/share/fonts/truetype/baekmuk/gulim.ttf"),
        Candidate(str(Path.home() / ".local/share/fonts/NanumGothic.ttf")),
    ]


@dataclass(frozen=True)
class ReportFonts:
    """The registered reportlab font names, and the files they came from."""

    regular: str
    bold: str
    path: str


class _Unusable(Exception):
    pass


def _open(path: str, index: int) -> TTFont:
    """The font at `path` as a reportlab TrueType font that has Hangul, or _Unusable."""
    if not Path(path).is_file():
        raise _Unusable("the file does not exist")
    try:
        name = "SillokHangul-" + hashlib.sha256(f"{path}:{index}".encode()).hexdigest()[:12]
        font = TTFont(name, path, subfontIndex=index)
    except (TTFError, OSError, ValueError, IndexError, KeyError) as error:
        raise _Unusable(str(error)) from None
    if not all(ord(char) in font.face.charToGlyph for char in PROBE if not char.isspace()):
        raise _Unusable("it has no Hangul")
    return font


def _split_index(value: str) -> tuple[str, int]:
    path, _, index = value.rpartition(":")
    if path and index.isdigit() and not Path(value).exists():
        return path, int(index)
    return value, 0


_lock = threading.Lock()


def report_fonts(environ: dict[str, str] | None = None) -> ReportFonts:
    """Find, load and register the Hangul fonts (once per process and setting)."""
    env = os.environ if environ is None else environ
    override = env.get(FONT_VARIABLE) or None
    bold_override = env.get(BOLD_VARIABLE) or None
    with _lock:
        return _register(override, bold_override, sys.platform)


@functools.lru_cache(maxsize=8)
def _register(override: str | None, bold_override: str | None, platform: str) -> ReportFonts:
    if override is not None:
        path, index = _split_index(override)
        try:
            regular = _open(path, index)
        except _Unusable as error:
            raise HangulFontUnusable(path=path, detail=str(error)) from None
        bold_path: str | None = bold_override
        return _registered(regular, path, bold_path)
    looked: list[str] = []
    for candidate in candidates(platform):
        looked.append(candidate.path)
        try:
            regular = _open(candidate.path, candidate.index)
        except _Unusable:
            continue
        return _registered(regular, candidate.path, candidate.bold)
    raise HangulFontMissing(looked=", ".join(looked))


def _registered(regular: TTFont, path: str, bold_path: str | None) -> ReportFonts:
    pdfmetrics.registerFont(regular)
    bold_name = regular.fontName
    if bold_path is not None:
        bold_file, bold_index = _split_index(bold_path)
        try:
            bold = _open(bold_file, bold_index)
        except _Unusable:
            pass  # a missing bold face is not worth failing for: headings use the regular
        else:
            pdfmetrics.registerFont(bold)
            bold_name = bold.fontName
    pdfmetrics.registerFontFamily(
        regular.fontName,
        normal=regular.fontName,
        bold=bold_name,
        italic=regular.fontName,
        boldItalic=bold_name,
    )
    return ReportFonts(regular=regular.fontName, bold=bold_name, path=path)
