"""Korean line breaking: at spaces; a word longer than the line is cut only between
syllables (graphemes), never inside one, even when written as conjoining jamo."""

from __future__ import annotations

import unicodedata

from app.reports.fonts import report_fonts
from app.reports.text import graphemes, markup, split_long_word

JAMO_HAN = "\u1112\u1161\u11ab"  # 한 as three conjoining jamo
JAMO_GUL = "\u1100\u1173\u11af"  # 글


def test_graphemes_keep_jamo_syllables_and_combining_marks_whole() -> None:
    assert graphemes(JAMO_HAN + JAMO_GUL + "말") == [JAMO_HAN, JAMO_GUL, "말"]
    assert graphemes("e\u0301t") == ["e\u0301", "t"]
    assert graphemes("각\u11a8") == ["각\u11a8"]  # a precomposed LVT takes a further T
    assert graphemes("가\u11a8") == ["가\u11a8"]


def test_a_long_word_is_split_between_syllables_only() -> None:
    font = report_fonts().regular
    word = (JAMO_HAN + JAMO_GUL + "보위부구류장") * 12
    pieces = split_long_word(word, 120, font, 10)
    assert len(pieces) > 1
    assert "".join(pieces) == word
    for piece in pieces:
        first = piece[0]
        assert not (0x1160 <= ord(first) <= 0x11FF), "a piece starts inside a syllable"
        assert unicodedata.combining(first) == 0


def test_a_word_that_fits_stays_whole_and_text_is_escaped() -> None:
    font = report_fonts().regular
    assert split_long_word("보위부", 300, font, 10) == ["보위부"]
    assert markup("a < b & 둘째 줄\n셋째", 400, font, 10) == "a &lt; b &amp; 둘째 줄<br/>셋째"
