"""Names from the reference data, found in each text when it is indexed.

A variant query stands for every spelling of a reference entry: 안전부 is 42 spellings
(분주소, punjuso, 인민보안성, MPS, 人民保安省…). Searched as an FTS5 OR of 42 phrases it
took 700 ms over 1,000 transcripts, and more with every transcript added. So the index
also holds, for each text, a key per entry whose name it contains (the `ref` column), and
a variant query asks for that one key instead of the spellings.

A name counts where the query would count it (app/search/spelling.py with `word_start`,
not `prefix`): Hangul names at the start of a word, names in other scripts as whole words,
acronyms only in capitals. Every such pattern starts where a word starts, so each word of
the text is looked up by its first two characters among the names' first words, and only
then is the name's own pattern tried there.

The keys depend on the reference data: `NameFinder.version` changes with any spelling or
with `RULES`. When only spellings changed, the index re-tags just the records that name
an added or removed spelling (app/search/index.py); when `RULES` changed, everything.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from app.reference import default_reference
from app.reference.loader import Reference
from app.reference.lookup import spellings_of
from app.search import documents
from app.search.korean import PARTICLES, WORD, fold, is_hangul
from app.search.spelling import Spelling, spelling

RULES = "names-2"
"""Bump when the way names are found (or any key) changes: every index is rebuilt.
names-2: texts are normalised (NFC, full-width Latin folded), a Korean particle may follow
a name in another script (Hoeryong에서), and the `bi` column has a separator where two
words' bigrams could chain (app/search/korean.py)."""


def entry_key(entry_id: str, level_id: str | None = None) -> str:
    """The index key of a reference entry (or of one level of an agency): letters and
    digits only, so that the unicode61 tokenizer keeps it whole."""
    name = entry_id if level_id is None else f"{entry_id}\n{level_id}"
    return "r" + hashlib.blake2b(name.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class _Name:
    key: str
    text: str
    kind: str | None = None
    """How the name is found from the word of the text it starts at, without its pattern
    (`_kind`); None: its pattern decides."""
    joined: str = ""
    """Its words folded and joined without spaces."""


def _kind(text: str) -> tuple[str | None, str]:
    """How a name is found, by the rules of `spelling` (without compiling its pattern: a
    Hangul character class takes a millisecond or two to compile):

    - "prefix": Hangul of one word, two syllables or more: a word that starts with it;
    - "syllable": Hangul of one syllable: that syllable alone or with a particle;
    - "word": one word in another script (not an acronym): that word, ignoring case;
    - "joined": Hangul words: a word that starts with them all joined, or that they start
      (then the pattern decides, spaces included);
    - None: the pattern decides (acronyms, several words in another script)."""
    pieces = WORD.findall(text)
    joined = fold("".join(pieces))
    if len(pieces) == 1 and is_hangul(pieces[0]):
        return ("prefix" if len(pieces[0]) > 1 else "syllable"), joined
    if len(pieces) == 1:
        return (None if sum(c.isupper() for c in pieces[0]) >= 2 else "word"), joined
    if all(is_hangul(piece) for piece in pieces) and text.strip() == " ".join(text.split()):
        return "joined", joined
    return None, joined


MEMO_WORDS = 200_000
"""Words whose names are remembered while indexing (texts repeat their words)."""


@functools.cache
def _name_pattern(text: str) -> Spelling | None:
    """The pattern of a name, compiled the first time a text may contain it."""
    return spelling(text, prefix=False, word_start=True)


class NameFinder:
    """Finds the reference entries named in a text; build once (`default_finder`)."""

    def __init__(self, reference: Reference) -> None:
        # first two characters → first word of a name → the names starting with it
        grouped: dict[str, dict[str, list[_Name]]] = {}
        signature = hashlib.sha256(RULES.encode())
        # what each kind's text holds: a change queues that kind again (`index.retag_names`)
        signature.update(json.dumps(documents.DOCUMENT_VERSIONS, sort_keys=True).encode())
        self.names = frozenset(_spellings(reference))
        """(key, spelling) of every name: what an index built with this finder tags."""
        for key, text in sorted(self.names):
            pieces = WORD.findall(text)
            if not pieces:
                continue
            first = fold(pieces[0])
            name = _Name(key, text, *_kind(text))
            grouped.setdefault(first[:2], {}).setdefault(first, []).append(name)
            signature.update(f"{key}\t{text}\n".encode())
        self._anchors = {
            anchor: tuple((first, tuple(names)) for first, names in firsts.items())
            for anchor, firsts in grouped.items()
        }
        self.version = signature.hexdigest()[:16]
        self._memo: dict[str, tuple[tuple[str, ...], tuple[_Name, ...]]] = {}

    def keys(self, text: str, folded: str | None = None) -> list[str]:
        """The keys of the entries named in `text` (`folded` = `fold(text)` if known)."""
        folded = fold(text) if folded is None else folded
        found: dict[str, None] = {}
        memo = self._memo
        for match in WORD.finditer(folded):
            word = match.group()
            known = memo.get(word)
            if known is None:
                known = self._of_word(word)
                if len(memo) >= MEMO_WORDS:
                    memo.clear()
                memo[word] = known
            sure, to_check = known
            for key in sure:
                found[key] = None
            if to_check:
                self._confirm(to_check, text, folded, match.start(), found)
        return list(found)

    def _of_word(self, word: str) -> tuple[tuple[str, ...], tuple[_Name, ...]]:
        """For a word of a text: the keys it names by itself, and the names starting with
        it whose own pattern must be tried at the word (see `_kind`)."""
        sure: list[str] = []
        to_check: list[_Name] = []
        for anchor in (word[:2], word[0]) if len(word) > 1 else (word,):
            for first, names in self._anchors.get(anchor, ()):
                if not word.startswith(first):
                    continue
                for name in names:
                    kind = name.kind
                    if kind == "prefix" or (kind == "word" and word == first):
                        sure.append(name.key)
                    elif kind == "syllable":
                        if len(word) == 1 or word[1:] in PARTICLES:
                            sure.append(name.key)
                    elif kind == "joined":
                        if word.startswith(name.joined):
                            sure.append(name.key)
                        elif name.joined.startswith(word):
                            to_check.append(name)
                    elif kind is None:
                        to_check.append(name)
        return tuple(dict.fromkeys(sure)), tuple(to_check)

    @staticmethod
    def _confirm(
        names: tuple[_Name, ...], text: str, folded: str, start: int, found: dict[str, None]
    ) -> None:
        for name in names:
            if name.key in found or (pattern := _name_pattern(name.text)) is None:
                continue
            source = text if pattern.case_sensitive else folded
            if pattern.pattern.match(source, start):
                found[name.key] = None


def _spellings(reference: Reference) -> Iterator[tuple[str, str]]:
    for entry in reference.entries():
        for found in spellings_of(entry):
            level = found.level.id if found.level is not None else None
            yield entry_key(entry.id, level), found.text


@functools.cache
def default_finder() -> NameFinder:
    return NameFinder(default_reference())
