"""How one spelling is searched: its FTS5 expression and the pattern that confirms it.

- one Hangul syllable: only as a whole word, or the word followed by a particle (강, 강에서,
  강을; not 강제, 건강 or 두만강);
- two or more Hangul syllables: anywhere inside a word (보위부 in 국가보위부에서); names
  from the reference data (`word_start`) only at the start of a word (보위 finds 보위원에게,
  not 정보위원회);
- words in other scripts: ignoring case and diacritics; a word typed finds the words that
  start with it (`prefix`: beat finds beaten); names are whole words, and acronyms of two
  capitals or more only in capitals (MoSS does not find moss); numbers as whole numbers;
- several words: the words in that order, with or without the spaces between them.

Every pattern starts where a word starts, or inside a word only for a typed Hangul term
(app/search/names.py relies on this to find names in a text quickly).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from app.search.korean import PARTICLES, WORD, bi_keys, fold, is_hangul

_NOT_HANGUL_BEFORE = "(?<![\uac00-\ud7a3])"
_NOT_HANGUL_AFTER = "(?![\uac00-\ud7a3])"
_WORD_START = "(?<![^\\W_\uac00-\ud7a3])"
_WORD_END = "(?![^\\W_\uac00-\ud7a3])"
"""A word in another script starts and ends where letters and digits of other scripts
do: a Korean particle may follow it (Hoeryong에서), as the index cuts it."""
_BETWEEN = r"[\W_]*"
_PARTICLE_TAIL = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")?"


def quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


@dataclass(frozen=True)
class Spelling:
    """One spelling searched for: its FTS5 expression and the pattern that confirms it in
    the text (applied to the text folded by `korean.fold`)."""

    text: str
    expression: str
    source: str
    """The regular expression that confirms it (`pattern`, compiled when first used)."""
    case_sensitive: bool = False
    """Checked against the text as written: an acronym from the reference data (MoSS,
    SSD) must not find the English word (moss)."""
    needle: str = ""
    """A piece of the spelling any text it matches contains (in the form `pattern` is
    applied to): a quick `in` test spares most texts the pattern."""
    index_exact: bool = False
    """The index's answer for `expression` is exactly the records the pattern confirms
    (one syllable, two syllables inside a word, an ASCII word as a prefix): no record
    needs to be read to know that it matches."""
    prefix_of: str | None = None
    """For a word in another script searched as a prefix (`expression` is `latin : "w"*`):
    the folded word, so that the search can ask for the indexed words it starts instead."""

    @property
    def pattern(self) -> re.Pattern[str]:
        """`source` compiled, when first asked: a variant query has dozens of spellings,
        each compiled in about a third of a millisecond (a lookaround on the Hangul
        syllables), and a passage is checked only against those whose `needle` it holds."""
        return compiled(self.source)


@functools.lru_cache(maxsize=8192)
def compiled(source: str) -> re.Pattern[str]:
    """The pattern of a spelling (held as long as spellings are: the reference data's
    1,811 and those typed; `re`'s own cache keeps 512)."""
    return re.compile(source)


def hangul_phrase(words: list[str]) -> str:
    return "bi : " + quoted(" ".join(bi_keys(words)))


@functools.lru_cache(maxsize=4096)
def spelling(text: str, *, prefix: bool = True, word_start: bool = False) -> Spelling | None:
    """How one spelling is searched; None when it has no letters or digits (see
    `_spelling`). Remembered, and its pattern compiled only when first used (`compiled`):
    a pattern with a Hangul character class takes a third of a millisecond or more to
    compile, and a variant query has dozens."""
    found = _spelling(text, prefix=prefix, word_start=word_start)
    if found is None:
        return None
    pieces = WORD.findall(text)
    longest = max(pieces, key=len)
    return replace(found, needle=longest if found.case_sensitive else fold(longest))


def _spelling(text: str, *, prefix: bool, word_start: bool) -> Spelling | None:
    """How one spelling is searched; None when it has no letters or digits. With `prefix`
    a word in another script also finds longer words (beat → beaten); names from the
    reference data are searched without it (MoSS must not find moss). With `word_start`
    Hangul matches only at the start of a word (names: 보위 finds 보위원, not 정보위원회)."""
    pieces = WORD.findall(text)
    if not pieces:
        return None
    hangul = [is_hangul(piece) for piece in pieces]
    if all(hangul):
        if len(pieces) == 1 and len(pieces[0]) == 1:
            pattern = _NOT_HANGUL_BEFORE + re.escape(pieces[0]) + _PARTICLE_TAIL + _NOT_HANGUL_AFTER
            return Spelling(text, "uni : " + quoted(pieces[0]), pattern, index_exact=True)
        options = [hangul_phrase(pieces)]
        if len(pieces) > 1:
            options.append(hangul_phrase(["".join(pieces)]))
        single_first = len(pieces[0]) == 1 and len(pieces) > 1
        start = _NOT_HANGUL_BEFORE if word_start or single_first else ""
        pattern = start + r"\s*".join(re.escape(piece) for piece in pieces)
        expression = options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"
        # one word typed: its bigrams in a row are exactly the word inside one word
        inside = len(pieces) == 1 and not word_start
        return Spelling(text, expression, pattern, index_exact=inside)
    if not any(hangul):
        tokens = [fold(piece) for piece in pieces]
        if len(tokens) == 1:
            token = tokens[0]
            whole = token.isdigit() or not prefix
            expression = "latin : " + quoted(token) + ("" if whole else "*")
            if whole and sum(c.isupper() for c in pieces[0]) >= 2:
                pattern = _WORD_START + re.escape(pieces[0]) + _WORD_END
                return Spelling(text, expression, pattern, case_sensitive=True)
            pattern = _WORD_START + re.escape(token) + (_WORD_END if whole else "")
            return Spelling(
                text,
                expression,
                pattern,
                index_exact=not whole and token.isascii() and token.isalpha(),
                prefix_of=None if whole else token,
            )
        else:
            expression = "latin : " + quoted(" ".join(tokens))
            pattern = _WORD_START + _BETWEEN.join(map(re.escape, tokens)) + _WORD_END
        return Spelling(text, expression, pattern)
    # Mixed scripts (제14호, SSD에서): every piece, each as its own kind of word.
    parts: list[str] = []
    for piece, is_korean in zip(pieces, hangul, strict=True):
        if is_korean and len(piece) == 1:
            parts.append("uni : " + quoted(piece))
        elif is_korean:
            parts.append(hangul_phrase([piece]))
        else:
            token = fold(piece)
            whole = token.isdigit() or not prefix
            parts.append("latin : " + quoted(token) + ("" if whole else "*"))
    first = _NOT_HANGUL_BEFORE if hangul[0] else _WORD_START
    pattern = first + _BETWEEN.join(re.escape(fold(piece)) for piece in pieces)
    return Spelling(text, "(" + " AND ".join(parts) + ")", pattern)
