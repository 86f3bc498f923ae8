"""Text for reportlab paragraphs: escaped, line breaks kept, and wrapped the Korean way.

Korean is written with spaces between words (eojeol), so lines break at spaces, as in
English. reportlab would split a word longer than the line at any code point, which can
cut a syllable written as conjoining jamo (ᄒ+ᅡ+ᆫ) in half; such a word is split here
instead, at syllable (grapheme) boundaries only, into pieces that fit the line.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

# Hangul conjoining jamo: leading consonants (L), vowels (V), trailing consonants (T).
_L = ((0x1100, 0x115F), (0xA960, 0xA97F))
_V = ((0x1160, 0x11A7), (0xD7B0, 0xD7C6))
_T = ((0x11A8, 0x11FF), (0xD7CB, 0xD7FB))
_ZWJ = "\u200d"

WIDEST_EM = 1.25
"""No character of a text font is wider than this many em: a word with fewer characters
than the line holds at that width fits without measuring it."""


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _syllable_kind(char: str) -> str:
    """'L', 'V', 'T', 'LV' (a syllable without a final), 'LVT', or '' for anything else."""
    if _in(_L, char):
        return "L"
    if _in(_V, char):
        return "V"
    if _in(_T, char):
        return "T"
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:
        return "LV" if (code - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _joins(previous: str, char: str) -> bool:
    """Whether `char` continues the grapheme that `previous` ends (no break between)."""
    if unicodedata.combining(char) or char == _ZWJ or previous == _ZWJ:
        return True
    if 0xFE00 <= ord(char) <= 0xFE0F:  # variation selectors
        return True
    before, after = _syllable_kind(previous), _syllable_kind(char)
    if before == "L":
        return after in ("L", "V", "LV", "LVT")
    if before in ("LV", "V"):
        return after in ("V", "T")
    if before in ("LVT", "T"):
        return after == "T"
    return False


def graphemes(text: str) -> list[str]:
    """`text` cut into user-perceived characters: a Hangul syllable (precomposed or as
    jamo), a letter with its combining marks, an emoji sequence joined by ZWJ."""
    clusters: list[str] = []
    for char in text:
        if clusters and _joins(clusters[-1][-1], char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def split_long_word(word: str, width: float, font: str, size: float) -> list[str]:
    """`word` in pieces no wider than `width`, cut only between graphemes; one piece when
    it fits (a single grapheme wider than the line stays whole)."""
    if len(word) * size * WIDEST_EM <= width or stringWidth(word, font, size) <= width:
        return [word]
    pieces: list[str] = []
    current = ""
    current_width = 0.0
    for cluster in graphemes(word):
        cluster_width = stringWidth(cluster, font, size)
        if current and current_width + cluster_width > width:
            pieces.append(current)
            current, current_width = "", 0.0
        current += cluster
        current_width += cluster_width
    if current:
        pieces.append(current)
    return pieces


def markup(text: str, width: float, font: str, size: float) -> str:
    """`text` as paragraph markup: escaped, each line break kept, words wider than
    `width` split at grapheme boundaries (each piece on its own line)."""
    lines = []
    limit = width - 1.0  # a point of slack: reportlab must never split a piece again
    for line in text.split("\n"):
        words = []
        for word in line.split():
            words.append("<br/>".join(escape(p) for p in split_long_word(word, limit, font, size)))
        lines.append(" ".join(words))
    return "<br/>".join(lines)


def plain(text: str) -> str:
    """Escaped text for paragraph markup, without any wrapping help (short labels)."""
    return escape(text)
