"""How text is cut into search keys, the same way when indexing and when searching.

Korean glues particles to nouns (보위부에서, 보위부는) and many key words have one or two
syllables (강, 밤, 죽; 예심, 구류). The full-text index therefore holds three kinds of key
for every text, each in its own column of one FTS5 table (unicode61 tokenizer):

- `bi`: for every Hangul word (a run of Hangul syllables), its syllable bigrams in order
  (보위부에서 → 보위 위부 부에 에서); a one-syllable word gives itself. A term of two
  syllables is one key; a longer term is the phrase of its bigrams, which FTS5 finds by
  position, so 보위부 matches inside 국가보위부에서 like a trigram would, and (with
  `SEPARATOR` where two words' bigrams could chain) only inside one word.
- `uni`: for every Hangul word that is one syllable, alone or followed by one of
  `PARTICLES`, that syllable (강, 강에서, 강을 → 강; 강제, 건강, 두만강 → nothing). A
  one-syllable term matches only there: see docs/search.md for why.
- `latin`: every other run of letters or digits (English, romanisations, numbers, Chinese
  characters), which unicode61 folds for case and diacritics (Hoeryŏng = hoeryong).

Each candidate the index returns is checked again against the text itself with the
patterns of `app.search.query`, which also give the highlighted spans.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HANGUL_SYLLABLE = "\uac00-\ud7a3"
HANGUL_WORD = re.compile(f"[{HANGUL_SYLLABLE}]+")
OTHER_WORD = re.compile(f"[^\\W_{HANGUL_SYLLABLE}]+")
WORD = re.compile(f"[{HANGUL_SYLLABLE}]+|[^\\W_{HANGUL_SYLLABLE}]+")

PARTICLES: tuple[str, ...] = (
    # case and topic particles
    "이", "가", "을", "를", "은", "는", "의", "에", "께", "도", "만", "로", "으로", "와",
    "과", "나", "이나", "랑", "이랑", "하고", "에서", "에게", "한테", "께서", "까지", "부터",
    "처럼", "보다", "마다", "조차", "마저", "밖에", "뿐", "에서는", "에서도", "에는", "에도",
    "으로는", "로는", "으로도", "로도", "에게서", "한테서", "까지는", "부터는", "이든", "든",
    # the copula, in the forms a statement takes
    "이다", "다", "였다", "이었다", "입니다", "이었습니다", "였습니다", "이라고", "라고",
    "이라는", "라는", "이고", "고", "이며", "며",
)  # fmt: skip
"""What may follow a one-syllable term inside its word for it to count as a hit."""

_PARTICLE_SET = frozenset(PARTICLES)


def is_hangul(text: str) -> bool:
    """True when `text` is one or more Hangul syllables and nothing else."""
    return bool(text) and HANGUL_WORD.fullmatch(text) is not None


def single_syllable_stem(word: str) -> str | None:
    """The syllable a Hangul word stands for as a one-syllable term, if it does:
    the word itself when it is one syllable, or its first syllable followed by a particle."""
    if len(word) == 1:
        return word
    if word[1:] in _PARTICLE_SET:
        return word[0]
    return None


def bigrams(word: str) -> list[str]:
    """The syllable bigrams of a Hangul word, in order; a one-syllable word gives itself."""
    if len(word) == 1:
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


@dataclass(frozen=True)
class IndexColumns:
    """The three columns of the index for one text."""

    bi: str
    uni: str
    latin: str


_WORD_KEYS: dict[str, tuple[str, str | None]] = {}
"""A Hangul word's bigram keys (space-separated) and its one-syllable stem, remembered
while indexing (texts repeat their words); emptied beyond `MEMO_WORDS`."""
MEMO_WORDS = 200_000


def _hangul_keys(word: str) -> tuple[str, str | None]:
    known = _WORD_KEYS.get(word)
    if known is None:
        known = (" ".join(bigrams(word)), single_syllable_stem(word))
        if len(_WORD_KEYS) >= MEMO_WORDS:
            _WORD_KEYS.clear()
        _WORD_KEYS[word] = known
    return known


def index_columns(text: str) -> IndexColumns:
    """The keys of `text` for the `bi`, `uni` and `latin` columns, space-separated."""
    bi: list[str] = []
    uni: list[str] = []
    latin: list[str] = []
    last = ""  # the last syllable of the previous word of two syllables or more
    for word in WORD.findall(text):
        if "\uac00" <= word[0] <= "\ud7a3":
            keys, stem = _hangul_keys(word)
            if word[0] == last and len(word) > 1:  # needs_separator, inline: hot loop
                bi.append(SEPARATOR)
            bi.append(keys)
            last = word[-1] if len(word) > 1 else ""
            if stem is not None:
                uni.append(stem)
        else:
            latin.append(word)
    return IndexColumns(" ".join(bi), " ".join(uni), " ".join(latin))


SEPARATOR = "0"
"""A key of the `bi` column between two Hangul words whose bigrams could otherwise chain
across the space: 정보위 위부대 gives 정보 보위 0 위부 부대, so that the phrase 보위 위부
(보위부) cannot match there. Bigrams chain only when the second word starts with the
syllable the first ends with (and both have two syllables or more: a one-syllable word's
key is a syllable, never a bigram), so the separator is rarely needed; with it, the
phrase of a term's bigrams matches exactly where the term is inside one word."""


def needs_separator(previous: str, word: str) -> bool:
    return len(previous) > 1 and len(word) > 1 and previous[-1] == word[0]


def bi_keys(words: list[str]) -> list[str]:
    """The `bi` keys of Hangul words in a row, as `index_columns` gives them."""
    keys: list[str] = []
    previous = ""
    for word in words:
        if needs_separator(previous, word):
            keys.append(SEPARATOR)
        keys.extend(bigrams(word))
        previous = word
    return keys


def fold_char(char: str) -> str:
    """One character folded as the index folds Latin letters: case and diacritics off.
    Always one character, so offsets in a folded text are offsets in the original."""
    if char.isascii():
        return char.lower()
    if "\uac00" <= char <= "\ud7a3":
        return char
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    folded = (base or char).casefold()
    return folded[0] if folded else char


class _FoldTable(dict[int, int]):
    """`str.translate` table of `fold_char`, filled as characters are met."""

    def __missing__(self, code: int) -> int:
        folded = ord(fold_char(chr(code)))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """`text` folded character by character (same length as `text`)."""
    if text.isascii() or _FOLDS_ONLY_ASCII.search(text) is None:
        return text.lower()  # Hangul, ASCII and signs: only ASCII letters change
    return text.translate(_FOLD)


_FOLDS_ONLY_ASCII = re.compile("[^\x00-\x7f\uac00-\ud7a3\\s\u2010-\u205e\u3000-\u303f\u00b7]")
"""A character that is none of ASCII, Hangul syllables, spaces and common signs (…, ·, 「」),
for which `str.lower` is not enough (or changes the length). (U+2000 and U+2001, spaces,
stay as they are instead of becoming U+2002 and U+2003: spaces either way.)"""


_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
"""Full-width Latin letters, digits and signs (ＭＳＳ, ２０１４) and the ideographic space
as their ordinary forms: Korean input methods type them when the full-width mode is on."""

_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_JOINS_BEFORE = range(0x1160, 0x1200)
"""Medial vowels and final consonants of decomposed Hangul (NFD: 한 = ᄒ + ᅡ + ᆫ), which
compose with what comes before them."""


def normalise(text: str) -> str:
    """`text` as it is indexed and searched: NFC (decomposed Hangul, as pasted from macOS
    and some PDF tools, composed), full-width Latin as half-width."""
    return normalise_mapped(text)[0]


def normalise_mapped(text: str) -> tuple[str, list[int] | None]:
    """`normalise(text)`, and for each of its characters (and its end) the offset in
    `text` where it comes from; None when the offsets are the same (nearly always)."""
    if text.isascii():
        return text, None
    if unicodedata.is_normalized("NFC", text):
        return (text.translate(_WIDTH) if _WIDE.search(text) else text), None
    pieces: list[str] = []
    starts: list[int] = []
    i, size = 0, len(text)
    while i < size:
        j = i + 1
        while j < size and (unicodedata.combining(text[j]) or ord(text[j]) in _JOINS_BEFORE):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j]).translate(_WIDTH)
        pieces.append(piece)
        starts.extend([i] * len(piece))
        i = j
    starts.append(size)
    return "".join(pieces), starts


ENDINGS: tuple[str, ...] = tuple(
    sorted(
        set(PARTICLES)
        | {
            "으로써", "로써", "으로서", "로서", "에서부터", "으로부터", "로부터", "에게는",
            "한테는", "께서는", "까지도", "부터도", "만은", "이라서", "라서", "이었고", "였고",
            "이지만", "지만", "이라도", "라도", "이요", "요", "이에요", "예요", "이야", "야",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
"""Particles and endings a query word may be typed with (보위부에서, 집결소로, MSS에서): the
one-syllable particles above, and the longer forms people add in speech. docs/search.md
("Particles on the query") says when a word is searched without them."""


def particle_split(word: str) -> tuple[str, str] | None:
    """(stem, ending) when `word` ends with one of `ENDINGS` after something that can be
    a word: at least one Hangul syllable, or a word in another script (bowibu에서);
    None otherwise. The longest ending that leaves a stem is taken."""
    pieces = WORD.findall(word)
    if not pieces or "".join(pieces) != word or not is_hangul(pieces[-1]):
        return None
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            stem = word[: -len(ending)]
            if stem and (is_hangul(stem) or not HANGUL_WORD.search(stem)):
                return stem, ending
    return None
