"""From what the analyst typed to an FTS5 expression and the patterns that check each hit.

A query is words separated by spaces; text in double quotes is one term ("국경 보위부").
Every term must be found (AND). Unless the search is exact, a term that names a place,
facility, agency or rank in the reference data (by any spelling) also finds every other
spelling of it (OR): 보위부 finds 국가보위성, bowibu, MSS and SSD; 회령 finds Hoeryong.

How one spelling is matched: app/search/spelling.py and docs/search.md. The index holds a
key per reference entry named in each text (app/search/names.py), so the other spellings of
a term are asked of the index as one key each; they are still all used to check each hit
and to find what to highlight.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from app.reference import MatchQuality, default_reference
from app.reference.lookup import spellings_of
from app.reference.models import AgencyEntry, ReferenceEntry
from app.search.errors import QueryInvalid, QueryUnsupported
from app.search.korean import WORD, fold, is_hangul, normalise, particle_split
from app.search.names import entry_key
from app.search.spelling import Spelling, hangul_phrase, quoted, spelling

_TOKENS = re.compile(r'-("[^"]*"?|[^\s"]+)|("[^"]*"?)|(\S+)')
"""A term with a leading minus (to leave out), a quoted phrase, or a word."""
_UNSUPPORTED = frozenset({"NEAR"})
VARIANT_QUALITIES = frozenset({MatchQuality.EXACT, MatchQuality.NORMALISED, MatchQuality.LOOSE})
"""Lookup qualities that make a term stand for a reference entry (not prefix/contains)."""


Expand = Callable[[str], list[str] | None]
"""The indexed words starting with a word, or None when there are too many to list."""

MAX_EXPANSION = 64
"""Beyond this many words, a prefix is left to FTS5 (`"beat"*`)."""


def _expression(one: Spelling, expand: Expand | None) -> str:
    """A spelling's expression; a prefix in another script as the words it stands for,
    which FTS5 reads lazily (its own prefix query builds every match in memory first:
    5 s for "bowibu*" over 10,000 transcripts)."""
    if one.prefix_of is None or expand is None:
        return one.expression
    words = expand(one.prefix_of)
    if words is None:
        return one.expression
    if not words:  # no indexed word starts so: the word itself, which finds nothing
        return "latin : " + quoted(one.prefix_of)
    return "(" + " OR ".join("latin : " + quoted(word) for word in words) + ")"


def _words_present(text: str) -> tuple[str, ...] | None:
    """The words of a phrase, each to be found anywhere in the interview: a Hangul word of
    two syllables or more as its bigrams, a word in another script as a prefix; a
    one-syllable word is not tested (inside a longer word it has no key of its own). None
    when no word can be tested."""
    tests = tuple(
        hangul_phrase([piece]) if is_hangul(piece) else "latin : " + quoted(fold(piece)) + "*"
        for piece in WORD.findall(text)
        if not (is_hangul(piece) and len(piece) == 1)
    )
    return tests or None


def _any(options: list[str]) -> str | None:
    return "(" + " OR ".join(options) + ")" if options else None


@dataclass(frozen=True)
class Parts:
    """A term's expression in three parts (None: nothing there)."""

    sure: str | None
    """What the index answers exactly: spellings needing no check, and name keys."""
    word: str | None
    """Other spellings of one word: the index proposes, the text decides."""
    phrase: str | None
    """Spellings of several words."""
    present: tuple[tuple[str, ...], ...] | None = None
    """For the interview-level index, for each phrase: its words, each to be held by the
    interview somewhere (None: no such test, every interview may hold the phrases)."""


@dataclass(frozen=True)
class Term:
    typed: str
    spellings: tuple[Spelling, ...]
    entries: tuple[str, ...] = ()
    """Ids of the reference entries the term was read as (empty when exact or none)."""
    keys: tuple[str, ...] = ()
    """Their keys in the index's `ref` column (app/search/names.py)."""
    stem: Term | None = None
    """What is searched instead when the term as typed finds nothing: the word without the
    particle or ending it was typed with (학교로 → 학교)."""

    def expression(self, names: bool, expand: Expand | None = None) -> str:
        """Any of the term's spellings; with `names` (an index holding the name keys), what
        was typed or the key of an entry it names. `expand` lists the indexed words that
        start with a word typed in another script (see `Spelling.prefix_of`)."""
        spellings = self.spellings[:1] if names and self.keys else self.spellings
        options = [_expression(s, expand) for s in spellings]
        if names:
            options.extend("ref : " + quoted(key) for key in self.keys)
        return "(" + " OR ".join(options) + ")"

    def parts(self, names: bool, expand: Expand | None = None) -> Parts:
        """`expression`, split in what the index answers exactly (spellings it needs no
        check for, and the name keys), the other spellings of one word, and those of
        several words (None where there is nothing): app/search/by_interview.py."""
        spellings = self.spellings[:1] if names and self.keys else self.spellings
        sure = [_expression(s, expand) for s in spellings if s.index_exact]
        if names:
            sure.extend("ref : " + quoted(key) for key in self.keys)
        other = [s for s in spellings if not s.index_exact]
        word = [_expression(s, expand) for s in other if len(WORD.findall(s.text)) <= 1]
        phrases = [s for s in other if len(WORD.findall(s.text)) > 1]
        tests = [_words_present(s.text) for s in phrases]
        present = None if not tests or None in tests else tuple(t for t in tests if t)
        return Parts(
            _any(sure), _any(word), _any([_expression(s, expand) for s in phrases]), present
        )

    def index_exact(self, names: bool) -> bool:
        """Whether the index's answer for `expression(names)` needs no check in the text."""
        spellings = self.spellings[:1] if names and self.keys else self.spellings
        return all(one.index_exact for one in spellings)

    @property
    def syllable_class(self) -> str:
        """'1', '2' or '3+' for a one-word Hangul term, else 'other'."""
        if is_hangul(self.typed):
            return {1: "1", 2: "2"}.get(len(self.typed), "3+")
        return "other"

    def spans(self, folded: str, original: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for one in self.spellings:
            text = original if one.case_sensitive else folded
            if one.needle in text:
                found.extend(m.span() for m in one.pattern.finditer(text) if m.end() > m.start())
        return found


@dataclass(frozen=True)
class Query:
    text: str
    clauses: tuple[tuple[Term, ...], ...]
    """Every clause must be found in an interview; a clause is found when any of its terms
    is (several terms: typed with OR between them)."""
    exact: bool
    excluded: tuple[Term, ...] = ()
    """Terms typed with a leading minus: an interview that has any of them is left out."""

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term to find, clause by clause."""
        return tuple(term for clause in self.clauses for term in clause)

    def expression(self, names: bool = False, expand: Expand | None = None) -> str:
        """The FTS5 MATCH expression of one passage holding every clause."""
        return " AND ".join(
            clause[0].expression(names, expand)
            if len(clause) == 1
            else "(" + " OR ".join(term.expression(names, expand) for term in clause) + ")"
            for clause in self.clauses
        )

    def spans(self, text: str) -> list[tuple[int, int]] | None:
        """Where the terms occur in `text`, merged and in order; None unless every term
        occurs (the check that a hit from the index is a real hit)."""
        found = self.matches(text)
        return None if found is None else found[0]

    def matches(self, text: str) -> tuple[list[tuple[int, int]], list[int]] | None:
        """`spans`, and how many times each term occurs; None unless every term does."""
        folded = fold(text)
        every: list[tuple[int, int]] = []
        counts: list[int] = []
        for term in self.terms:
            found = term.spans(folded, text)
            if not found:
                return None
            every.extend(found)
            counts.append(len(found))
        return merge(every), counts


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _entry_spellings(entry: ReferenceEntry, level_only: object | None) -> Iterable[str]:
    for found in spellings_of(entry):
        if found.level is not None and found.level is not level_only:
            continue  # an agency's levels are units of their own, not other names of it
        yield found.text


@dataclass(frozen=True)
class Variants:
    spellings: tuple[str, ...]
    """Every spelling (what was typed first), without those another one finds anyway."""
    entries: tuple[str, ...]
    """Ids of the reference entries named."""
    keys: tuple[str, ...]
    """Their keys in the index: an entry's, and a level's when a level was named."""


@functools.lru_cache(maxsize=512)
def variants(text: str) -> Variants:
    """What `text` names in the reference data; just `text` when it names nothing.
    Remembered (the reference data do not change while the app runs): looking a word up
    among all spellings took about 3 ms of each search, and paging searches again."""
    found = [text]
    entries: list[str] = []
    keys: list[str] = []
    for match in default_reference().lookup(text, limit=10):
        if match.quality not in VARIANT_QUALITIES:
            continue
        entries.append(match.entry.id)
        keys.append(entry_key(match.entry.id))
        level = match.level if isinstance(match.entry, AgencyEntry) else None
        if level is not None:
            keys.append(entry_key(match.entry.id, level.id))
        found.extend(_entry_spellings(match.entry, level))
    return Variants(tuple(_without_redundant(found)), tuple(entries), tuple(dict.fromkeys(keys)))


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


@functools.lru_cache(maxsize=512)
def known(text: str) -> bool:
    """Whether `text` names an entry of the reference data (any spelling); remembered, as
    `variants`."""
    return any(
        match.quality in VARIANT_QUALITIES for match in default_reference().lookup(text, limit=10)
    )


def _term(typed: str, exact: bool) -> Term | None:
    named = Variants((typed,), (), ()) if exact else variants(typed)
    found = [spelling(t, prefix=t == typed, word_start=t != typed) for t in named.spellings]
    spellings = [s for s in found if s is not None]
    if not spellings:
        return None
    return Term(typed, tuple(spellings), named.entries, named.keys)


def _word_term(typed: str, exact: bool) -> Term | None:
    """A word as typed, read through its particle (docs/search.md, "Particles"): a name in
    another script with a Korean particle is the name (bowibu에서, MSS에서); a Korean word
    that is not itself a name is its stem when the stem is a name (보위부에서, 회령에서),
    else it is searched as typed and, if that finds nothing, as its stem of two syllables
    or more (학교로 → 학교)."""
    parts = particle_split(typed)
    if parts is None or (is_hangul(typed) and known(typed)):
        return _term(typed, exact)
    stem, _ending = parts
    if not is_hangul(stem) or known(stem):
        return _term(stem, exact)
    term = _term(typed, exact)
    if term is None or len(stem) < 2:
        return term
    return replace(term, stem=_term(stem, exact))


def _joined_names(words: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Korean words typed apart that are one name when joined (국가 보위성): marked
    (bare False) with the words kept as typed, so that the spaced form is found too."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            group = words[i : i + size]
            if (
                len(group) == size
                and all(bare and is_hangul(text) for text, bare in group)
                and known("".join(text for text, _bare in group))
            ):
                out.append((" ".join(text for text, _bare in group), False))
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def parse_query(text: str, *, exact: bool = False) -> Query:
    """The query for `text` (normalised, docs/search.md "How a query is read");
    QueryInvalid when it has nothing to search for, QueryUnsupported for NEAR."""
    text_n = normalise(text)
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    pending: list[tuple[str, bool]] = []  # (text, bare) of one run of plain words
    joined_or = False
    negate_next = False

    def add(term: Term | None) -> None:
        nonlocal joined_or
        if term is not None:
            if joined_or and clauses:
                clauses[-1].append(term)
            else:
                clauses.append([term])
        joined_or = False

    def flush() -> None:
        for typed, bare in _joined_names(pending):
            if bare:
                add(_word_term(typed, exact))
                continue
            # a name typed apart, or its words: (국가 AND 보위성) OR 국가보위성 is read as
            # (국가 OR name) AND (보위성 OR name), the clauses this engine has
            name = _term(typed, exact)
            for word in typed.split():
                add(_word_term(word, exact))
                if name is not None and clauses:
                    clauses[-1].append(name)
        pending.clear()

    for match in _TOKENS.finditer(text_n):
        minus, phrase, word = match[1], match[2], match[3]
        if word is not None and (word in _UNSUPPORTED or word.startswith("NEAR(")):
            raise QueryUnsupported(operator="NEAR")
        if word == "OR":
            flush()
            joined_or = bool(clauses)
        elif word in ("AND", "+"):
            continue
        elif word == "NOT":
            flush()
            negate_next = True
        elif minus is not None or negate_next:
            flush()
            negate_next = False
            value = minus if minus is not None else (phrase or word or "")
            inner = value.strip('"').strip()
            term = _term(inner, exact) if value.startswith('"') else _word_term(inner, exact)
            if term is not None:
                excluded.append(term)
        elif phrase is not None:
            flush()
            add(_term(phrase.strip('"').strip(), exact))
        elif word is not None:
            pending.append((word, True))
    flush()
    if not clauses:
        raise QueryInvalid(query=text)
    return Query(text, tuple(tuple(c) for c in clauses), exact, tuple(excluded))
