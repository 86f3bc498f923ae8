"""Search keys for names written in Korean, Chinese and several romanisations.

The same county reaches the interviewer as 회령, Hoeryŏng, Hoeryong, Hoeryeong, "Hoeryong
City" or 會寧. Lookup compares keys rather than raw text, from strict to loose:

- `exact_key`: Unicode NFKC, case folded, white space collapsed.
- `normal_keys`: also without diacritics (ŏ → o, ŭ → u), apostrophes (Ch'ŏngjin), hyphens,
  spaces and dots; the second key also drops a generic suffix ("Province", "-do", "County",
  도, 시, 군, 구역, 市, 县...) so that 회령 finds 회령시 and "Ryanggang-do" finds Ryanggang.
- `loose_key`: folds the differences between McCune–Reischauer, Revised Romanization and
  ad hoc spellings (eo/ŏ → o, eu/ŭ → u, k/g, t/d, p/b, ch/j, r/l, doubled letters, nl → l,
  initial r → n or dropped before i/y) and the South Korean initial-sound rule in Hangul
  (량강 → 양강, 로동 → 노동), so Cheongjin, Chongjin and Ch'ŏngjin meet, and so do
  gwalliso, kwanliso and kwalliso.

The loose key is deliberately lossy; lookup ranks its matches below normalised ones.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans("", "", "'’‘ʼʻ`´")
_WORDS = re.compile(r"[^\W_]+")
_LATIN = re.compile(r"^[a-z0-9]+$")

GENERIC_WORDS = frozenset(
    {
        "province",
        "county",
        "city",
        "district",
        "prefecture",
        "special",
        "municipality",
        "do",
        "gun",
        "kun",
        "si",
        "shi",
        "guyok",
        "kuyok",
        "guyeok",
        "sheng",
        "xian",
    }
)
"""Latin words dropped from the end of a name: "North Hamgyong Province", "Onsong-gun".

Never "ri" or "dong": those are part of a village name (Jongo-ri) as often as a suffix.
"""

GENERIC_SUFFIXES = ("특별시", "직할시", "특급시", "구역", "도", "시", "군", "市", "县", "縣", "省")
"""Korean and Chinese administrative suffixes dropped from the end of a name."""

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL, _NIEUN, _IEUNG = 5, 2, 11  # initial consonant indices of ㄹ, ㄴ, ㅇ
_Y_OR_I_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


def exact_key(text: str) -> str:
    """The text as typed, apart from case, width forms and white space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _fold(text: str) -> str:
    """NFKC, case folded, apostrophes and diacritics removed.

    Diacritics are removed by decomposing (NFD), dropping combining marks and recomposing
    (NFC): Hangul syllables decompose into jamo, which are not marks, and come back whole.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", folded)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


def words(text: str) -> list[str]:
    """The runs of letters and digits in the folded text (Hangul and Chinese included)."""
    return _WORDS.findall(_fold(text))


def _strip_suffix(key: str) -> str:
    for suffix in GENERIC_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2 and not _LATIN.match(key):
            return key[: -len(suffix)]
    return key


def normal_keys(text: str) -> tuple[str, ...]:
    """The normalised key, then the key without a generic suffix when that differs."""
    parts = words(text)
    full = "".join(parts)
    if not full:
        return ()
    trimmed = list(parts)
    while len(trimmed) > 1 and trimmed[-1] in GENERIC_WORDS:
        trimmed.pop()
    short = _strip_suffix("".join(trimmed))
    return (full,) if short == full else (full, short)


def _hangul_initial_rule(word: str) -> str:
    """The South Korean spelling of a word's first syllable: 량 → 양, 로 → 노, 녕 → 영."""
    code = ord(word[0]) - _HANGUL_FIRST if word else -1
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
        return word
    initial, rest = divmod(code, 21 * 28)
    vowel = rest // 28
    if initial in (_RIEUL, _NIEUN) and vowel in _Y_OR_I_VOWELS:
        initial = _IEUNG
    elif initial == _RIEUL:
        initial = _NIEUN
    return chr(_HANGUL_FIRST + initial * 21 * 28 + rest) + word[1:]


_LATIN_FOLDS = (
    ("sh", "s"),
    ("eo", "o"),
    ("eu", "u"),
    ("ch", "j"),
    ("k", "g"),
    ("t", "d"),
    ("p", "b"),
    ("r", "l"),
    ("nl", "l"),
    ("ln", "l"),
)
_DOUBLED = re.compile(r"([a-z])\1+")  # letters only: "No. 11" is not "No. 1"


def _latin_loose(key: str) -> str:
    for old, new in _LATIN_FOLDS:
        key = key.replace(old, new)
    key = _DOUBLED.sub(r"\1", key)
    if key.startswith(("ly", "li", "ny", "ni")):
        key = key[1:]
    elif key.startswith("l"):
        key = "n" + key[1:]
    return key


def loose_key(key: str) -> str:
    """The loose key of a normalised key (see the module documentation)."""
    if _LATIN.match(key):
        return _latin_loose(key)
    return key


def loose_keys(text: str) -> tuple[str, ...]:
    """Loose keys of the text: the Hangul rule applies at the start of every word, the
    romanisation folds to the whole Latin key."""
    parts = words(text)
    if not parts:
        return ()
    hangul = [_hangul_initial_rule(part) for part in parts]
    keys = [loose_key(key) for key in normal_keys(" ".join(hangul))]
    return tuple(dict.fromkeys(keys))
