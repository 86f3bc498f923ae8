"""Find a reference entry from any of its spellings, fast enough to run on every key press.

Every spelling of every entry (Korean and English name, variants, facility designations,
an agency's former names and levels) is indexed once, at load, under the keys of
`app.reference.keys`. A query then costs a few dictionary look-ups, a binary search for
prefixes and, only when those leave room under the limit, one scan for substrings.

Results are ranked exact > normalised > loose > prefix > contains, then by the order of the
entries in the files: deterministic, so the same words always give the same list.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.reference.keys import exact_key, loose_keys, normal_keys
from app.reference.models import (
    AgencyEntry,
    AgencyLevel,
    FacilityEntry,
    FormerName,
    PlaceEntry,
    ReferenceEntry,
    ReferenceKind,
)

CONTAINS_MIN_LENGTH = 2
"""Shorter queries match by prefix only: one letter is inside almost every name."""

LOOSE_MIN_LENGTH = 3
"""Loose keys shorter than this are not used for prefix or substring search: "SSD" folds to
"sd", which begins half the English names ("State...", "Sd" from "St")."""


class MatchQuality(StrEnum):
    """How closely the query matched, best first."""

    EXACT = "exact"
    NORMALISED = "normalised"
    LOOSE = "loose"
    PREFIX = "prefix"
    CONTAINS = "contains"

    @property
    def rank(self) -> int:
        """0 for the best quality; lower sorts first."""
        return _QUALITY_ORDER.index(self)


_QUALITY_ORDER = tuple(MatchQuality)


class MatchVia(StrEnum):
    """Which spelling of the entry matched."""

    NAME_KO = "name_ko"
    NAME_EN = "name_en"
    VARIANT = "variant"
    ALSO_KNOWN_AS = "also_known_as"
    FORMER_NAME = "former_name"
    LEVEL = "level"


@dataclass(frozen=True, slots=True)
class Spelling:
    """One indexed spelling and what it belongs to."""

    entry: ReferenceEntry
    text: str
    via: MatchVia
    former_name: FormerName | None = None
    level: AgencyLevel | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found by `lookup`, with the spelling that matched and how well.

    `former_name` or `level` is set when the query matched an agency's earlier name or one
    of its levels, so the interviewer sees "State Security Department (1993–2016)" or
    "provincial bureau" rather than only the agency.
    """

    entry: ReferenceEntry
    spelling: str
    quality: MatchQuality
    via: MatchVia
    former_name: FormerName | None = None
    level: AgencyLevel | None = None

    @property
    def score(self) -> int:
        """Higher is better: 4 for an exact match down to 0 for a substring match."""
        return len(_QUALITY_ORDER) - 1 - self.quality.rank


def spellings_of(entry: ReferenceEntry) -> Iterator[Spelling]:
    """Every spelling of an entry, in the order that decides ties: names first."""
    yield Spelling(entry, entry.name.ko, MatchVia.NAME_KO)
    yield Spelling(entry, entry.name.en, MatchVia.NAME_EN)
    for variant in entry.variants:
        yield Spelling(entry, variant, MatchVia.VARIANT)
    if isinstance(entry, FacilityEntry):
        for designation in entry.also_known_as:
            yield Spelling(entry, designation, MatchVia.ALSO_KNOWN_AS)
    if isinstance(entry, AgencyEntry):
        for former in entry.former_names:
            for text in (former.name.ko, former.name.en, *former.variants):
                yield Spelling(entry, text, MatchVia.FORMER_NAME, former_name=former)
        for level in entry.levels:
            for text in (level.name.ko, level.name.en, *level.variants):
                yield Spelling(entry, text, MatchVia.LEVEL, level=level)


class _SortedKeys:
    """Unique keys in sorted order, each with the spellings filed under it, for prefix
    search by bisection."""

    def __init__(self, index: dict[str, list[int]]) -> None:
        self.keys = sorted(index)
        self.ids = [index[key] for key in self.keys]

    def with_prefix(self, prefix: str) -> Iterator[int]:
        position = bisect_left(self.keys, prefix)
        while position < len(self.keys) and self.keys[position].startswith(prefix):
            yield from self.ids[position]
            position += 1

    def containing(self, part: str) -> Iterator[int]:
        for key, ids in zip(self.keys, self.ids, strict=True):
            if part in key:
                yield from ids


def _file(index: dict[str, list[int]], key: str, spelling_id: int) -> None:
    ids = index.setdefault(key, [])
    if not ids or ids[-1] != spelling_id:
        ids.append(spelling_id)


class SpellingIndex:
    """All spellings of all entries under their exact, normalised and loose keys."""

    def __init__(self, entries: Iterable[ReferenceEntry]) -> None:
        self.spellings: list[Spelling] = []
        exact: dict[str, list[int]] = {}
        normal: dict[str, list[int]] = {}
        loose: dict[str, list[int]] = {}
        for entry in entries:
            for spelling in spellings_of(entry):
                spelling_id = len(self.spellings)
                self.spellings.append(spelling)
                _file(exact, exact_key(spelling.text), spelling_id)
                # Only places are also filed without their generic suffix (회령시 under 회령);
                # an agency's 국가보위성 must not be filed under 국가보위. A query is looked up
                # with and without its suffix in any case.
                keep = None if isinstance(entry, PlaceEntry) else 1
                for key in normal_keys(spelling.text)[:keep]:
                    _file(normal, key, spelling_id)
                for key in loose_keys(spelling.text)[:keep]:
                    _file(loose, key, spelling_id)
        self._exact = exact
        self._normal = normal
        self._loose = loose
        self._normal_sorted = _SortedKeys(normal)
        self._loose_sorted = _SortedKeys(loose)

    def lookup(
        self,
        text: str,
        *,
        kinds: Collection[ReferenceKind | str] | None = None,
        types: Collection[str] | None = None,
        limit: int = 10,
    ) -> list[Match]:
        """The best match per entry for `text`, best first, at most `limit` of them."""
        if limit <= 0:
            return []
        exact = exact_key(text)
        normal = normal_keys(text)
        loose = loose_keys(text)
        if not normal:
            return []
        wanted_kinds = None if kinds is None else {ReferenceKind(kind) for kind in kinds}
        wanted_types = None if types is None else {str(kind) for kind in types}

        def keep(entry: ReferenceEntry) -> bool:
            return (wanted_kinds is None or entry.kind in wanted_kinds) and (
                wanted_types is None or str(entry.type) in wanted_types
            )

        full = normal[0]
        tiers: Sequence[tuple[MatchQuality, Callable[[], Iterable[int]]]] = (
            (MatchQuality.EXACT, lambda: self._exact.get(exact, ())),
            (MatchQuality.NORMALISED, lambda: _all(self._normal, normal)),
            (MatchQuality.LOOSE, lambda: _all(self._loose, loose)),
            (MatchQuality.PREFIX, lambda: self._prefixed(full, loose)),
            (MatchQuality.CONTAINS, lambda: self._containing(full, loose)),
        )
        found: list[Match] = []
        seen: set[str] = set()
        for quality, candidates in tiers:
            for spelling_id in sorted(set(candidates())):
                spelling = self.spellings[spelling_id]
                entry = spelling.entry
                if entry.id in seen or not keep(entry):
                    continue
                seen.add(entry.id)
                found.append(
                    Match(
                        entry=entry,
                        spelling=spelling.text,
                        quality=quality,
                        via=spelling.via,
                        former_name=spelling.former_name,
                        level=spelling.level,
                    )
                )
            if len(found) >= limit:
                break
        return found[:limit]

    def _prefixed(self, full: str, loose: tuple[str, ...]) -> Iterator[int]:
        yield from self._normal_sorted.with_prefix(full)
        for key in loose[:1]:
            if len(key) >= LOOSE_MIN_LENGTH:
                yield from self._loose_sorted.with_prefix(key)

    def _containing(self, full: str, loose: tuple[str, ...]) -> Iterator[int]:
        if len(full) < CONTAINS_MIN_LENGTH:
            return
        yield from self._normal_sorted.containing(full)
        for key in loose[:1]:
            if len(key) >= LOOSE_MIN_LENGTH:
                yield from self._loose_sorted.containing(key)


def _all(index: dict[str, list[int]], keys: Iterable[str]) -> Iterator[int]:
    for key in keys:
        yield from index.get(key, ())
