"""From what the analyst typed to an FTS5 expression and the patterns that check each hit.

A query is words separated by spaces; text in double quotes is one term ("국경 보위부").
Every term must be found (AND). Unless the search is exact, a term that names a place,
facility, agency or rank in the reference data (by any spelling) also finds every other
spelling of it (OR): 보위부 finds 국가보위성, bowibu, MSS and SSD; 회령 finds Hoeryong.

How one spelling is matched (docs/search.md):

- one Hangul syllable: only as a whole word, or the word followed by a particle (강, 강에서,
  강을; not 강제, 건강 or 두만강);
- two or more Hangul syllables: anywhere inside a word (보위부 in 국가보위부에서), since
  Korean compounds put the word that matters anywhere (강제송환, 정치범수용소); the other
  spellings of a name from the reference data only at the start of a word (the variant 보위
  finds 보위원에게, not 정보위원회);
- words in other scripts: ignoring case and diacritics (Hoeryŏng = hoeryong); a word typed
  finds the words that start with it (beat finds beaten), other spellings from the reference
  data are names and match whole words only (MoSS does not find moss); numbers as whole
  numbers;
- several words: the words in that order, with or without the spaces between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.reference import MatchQuality, default_reference
from app.reference.lookup import spellings_of
from app.reference.models import AgencyEntry, ReferenceEntry
from app.search.errors import QueryInvalid
from app.search.korean import PARTICLES, WORD, bigrams, fold, is_hangul

_TERMS = re.compile(r'"([^"]*)"|(\S+)')
_NOT_HANGUL_BEFORE = "(?<![\uac00-\ud7a3])"
_NOT_HANGUL_AFTER = "(?![\uac00-\ud7a3])"
_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"
_BETWEEN = r"[\W_]*"
_PARTICLE_TAIL = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")?"

VARIANT_QUALITIES = frozenset({MatchQuality.EXACT, MatchQuality.NORMALISED, MatchQuality.LOOSE})
"""Lookup qualities that make a term stand for a reference entry (not prefix/contains)."""


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


@dataclass(frozen=True)
class Spelling:
    """One spelling searched for: its FTS5 expression and the pattern that confirms it in
    the text (applied to the text folded by `korean.fold`)."""

    text: str
    expression: str
    pattern: re.Pattern[str]
    case_sensitive: bool = False
    """Checked against the text as written: an acronym from the reference data (MoSS,
    SSD) must not find the English word (moss)."""


@dataclass(frozen=True)
class Term:
    typed: str
    spellings: tuple[Spelling, ...]
    entries: tuple[str, ...] = ()
    """Ids of the reference entries the term was read as (empty when exact or none)."""

    @property
    def syllable_class(self) -> str:
        """'1', '2' or '3+' for a one-word Hangul term, else 'other'."""
        if is_hangul(self.typed):
            return {1: "1", 2: "2"}.get(len(self.typed), "3+")
        return "other"

    def spans(self, folded: str, original: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for spelling in self.spellings:
            text = original if spelling.case_sensitive else folded
            found.extend(m.span() for m in spelling.pattern.finditer(text) if m.end() > m.start())
        return found


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    exact: bool

    @property
    def expression(self) -> str:
        """The FTS5 MATCH expression: every term, each any of its spellings."""
        return " AND ".join(
            "(" + " OR ".join(s.expression for s in term.spellings) + ")" for term in self.terms
        )

    def spans(self, text: str) -> list[tuple[int, int]] | None:
        """Where the terms occur in `text`, merged and in order; None unless every term
        occurs (the check that a hit from the index is a real hit)."""
        folded = fold(text)
        every: list[tuple[int, int]] = []
        for term in self.terms:
            found = term.spans(folded, text)
            if not found:
                return None
            every.extend(found)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(every):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


def _hangul_phrase(words: list[str]) -> str:
    tokens = [token for word in words for token in bigrams(word)]
    return "bi : " + _quoted(" ".join(tokens))


def spelling(text: str, *, prefix: bool = True, word_start: bool = False) -> Spelling | None:
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
            return Spelling(text, "uni : " + _quoted(pieces[0]), re.compile(pattern))
        options = [_hangul_phrase(pieces)]
        if len(pieces) > 1:
            options.append(_hangul_phrase(["".join(pieces)]))
        single_first = len(pieces[0]) == 1 and len(pieces) > 1
        start = _NOT_HANGUL_BEFORE if word_start or single_first else ""
        pattern = start + r"\s*".join(re.escape(piece) for piece in pieces)
        expression = options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"
        return Spelling(text, expression, re.compile(pattern))
    if not any(hangul):
        tokens = [fold(piece) for piece in pieces]
        if len(tokens) == 1:
            token = tokens[0]
            whole = token.isdigit() or not prefix
            expression = "latin : " + _quoted(token) + ("" if whole else "*")
            if whole and sum(c.isupper() for c in pieces[0]) >= 2:
                pattern = _WORD_START + re.escape(pieces[0]) + _WORD_END
                return Spelling(text, expression, re.compile(pattern), case_sensitive=True)
            pattern = _WORD_START + re.escape(token) + (_WORD_END if whole else "")
        else:
            expression = "latin : " + _quoted(" ".join(tokens))
            pattern = _WORD_START + _BETWEEN.join(map(re.escape, tokens)) + _WORD_END
        return Spelling(text, expression, re.compile(pattern))
    # Mixed scripts (제14호, SSD에서): every piece, each as its own kind of word.
    parts: list[str] = []
    for piece, is_korean in zip(pieces, hangul, strict=True):
        if is_korean and len(piece) == 1:
            parts.append("uni : " + _quoted(piece))
        elif is_korean:
            parts.append(_hangul_phrase([piece]))
        else:
            token = fold(piece)
            whole = token.isdigit() or not prefix
            parts.append("latin : " + _quoted(token) + ("" if whole else "*"))
    first = _NOT_HANGUL_BEFORE if hangul[0] else _WORD_START
    pattern = first + _BETWEEN.join(re.escape(fold(piece)) for piece in pieces)
    return Spelling(text, "(" + " AND ".join(parts) + ")", re.compile(pattern))


def _entry_spellings(entry: ReferenceEntry, level_only: object | None) -> Iterable[str]:
    for found in spellings_of(entry):
        if found.level is not None and found.level is not level_only:
            continue  # an agency's levels are units of their own, not other names of it
        yield found.text


def variants(text: str) -> tuple[list[str], tuple[str, ...]]:
    """Every spelling of what `text` names in the reference data (itself first), and the
    ids of the entries; just `text` when it names nothing there."""
    found = [text]
    entries: list[str] = []
    for match in default_reference().lookup(text, limit=10):
        if match.quality not in VARIANT_QUALITIES:
            continue
        entries.append(match.entry.id)
        level = match.level if isinstance(match.entry, AgencyEntry) else None
        found.extend(_entry_spellings(match.entry, level))
    return _without_redundant(found), tuple(entries)


def _latin_tokens(text: str) -> tuple[str, ...] | None:
    pieces = WORD.findall(text)
    if not pieces or any(is_hangul(piece) for piece in pieces):
        return None
    return tuple(fold(piece) for piece in pieces)


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and any(
        long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)
    )


def _without_redundant(spellings: list[str]) -> list[str]:
    """Drop repeats, and spellings another one finds anyway: Hangul words that contain
    a Hangul spelling of two syllables or more (the first spelling, what was typed, is
    found anywhere in a word, the others, names, at the start of a word: 보위부원 when
    보위부 is searched), and names in other scripts that contain another name as whole
    words ("ministry of social security" when "social security" is searched). Fewer
    alternatives make the search faster, never narrower."""
    unique: dict[str, str] = {}
    for text in spellings:
        unique.setdefault(" ".join(fold(text).split()), text)
    keys = list(unique)
    typed = keys[0] if keys else ""
    words = [key for key in keys if is_hangul(key) and len(key) >= 2]
    names = [
        tokens
        for key, text in unique.items()
        if key != typed
        and (tokens := _latin_tokens(text)) is not None
        and not (len(tokens) == 1 and sum(c.isupper() for c in text) >= 2)  # acronyms
    ]

    def covered(key: str, text: str) -> bool:
        if is_hangul(key):
            return any(
                other != key and (key.startswith(other) or (other == typed and other in key))
                for other in words
            )
        tokens = _latin_tokens(text)
        return tokens is not None and any(_inside(other, tokens) for other in names)

    return [text for key, text in unique.items() if key == typed or not covered(key, text)]


def parse_query(text: str, *, exact: bool = False) -> Query:
    """The query for `text`; QueryInvalid when it has nothing to search for."""
    terms: list[Term] = []
    for quoted, bare in _TERMS.findall(text):
        typed = (quoted or bare).strip()
        if not typed:
            continue
        entries: tuple[str, ...] = ()
        if exact:
            texts = [typed]
        else:
            texts, entries = variants(typed)
        found = [spelling(t, prefix=t == typed, word_start=t != typed) for t in texts]
        spellings = [s for s in found if s is not None]
        if spellings:
            terms.append(Term(typed, tuple(spellings), entries))
    if not terms:
        raise QueryInvalid(query=text)
    return Query(text, tuple(terms), exact)
