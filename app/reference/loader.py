"""Load the reference files, check that they hold together, and answer questions about them.

A broken reference file must stop the program at start-up with a message that names the
file and the entry, never load half of it: an interview tagged with a dangling place id is
evidence that points nowhere. All problems found are reported at once, so whoever edits the
data fixes them in one pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app import paths
from app.datafile import read_source
from app.domain.people import FacilityType
from app.reference.lookup import Match, SpellingIndex
from app.reference.models import (
    FILES,
    AgencyEntry,
    FacilityEntry,
    FacilityTypeEntry,
    PlaceEntry,
    RankEntry,
    ReferenceEntry,
    ReferenceFile,
    ReferenceKind,
)

HANGUL = re.compile(r"[\uac00-\ud7a3]")


class ReferenceDataError(ValueError):
    """A reference file is missing, malformed or inconsistent. `problems` lists each
    problem as "<file>: entry '<id>': <what is wrong>"."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("reference data is not valid:\n" + "\n".join(self.problems))


class Reference:
    """All reference entries, in file order, with their spelling index."""

    def __init__(self, files: dict[ReferenceKind, ReferenceFile], directory: Path) -> None:
        self.directory = directory
        self.files = dict(files)
        self._entries: tuple[ReferenceEntry, ...] = tuple(
            entry for kind in FILES for entry in self.files[kind].entries
        )
        self._by_id = {entry.id: entry for entry in self._entries}
        self._index = SpellingIndex(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, entry_id: str) -> ReferenceEntry:
        """The entry with this id; KeyError names the id when there is none."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise KeyError(f"no reference entry with id {entry_id!r}") from None

    def find(self, entry_id: str) -> ReferenceEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(entry_id)

    def entries(
        self, kind: ReferenceKind | str | None = None, type: str | None = None
    ) -> tuple[ReferenceEntry, ...]:
        """Entries in file order, optionally of one kind and/or one type."""
        wanted = None if kind is None else ReferenceKind(kind)
        return tuple(
            entry
            for entry in self._entries
            if (wanted is None or entry.kind is wanted) and (type is None or entry.type == type)
        )

    def ancestors(self, place_id: str) -> tuple[PlaceEntry, ...]:
        """The places enclosing a place, nearest first: county, province, country."""
        found: list[PlaceEntry] = []
        entry = self.get(place_id)
        while isinstance(entry, PlaceEntry) and entry.parent is not None:
            parent = self.get(entry.parent)
            assert isinstance(parent, PlaceEntry)
            found.append(parent)
            entry = parent
        return tuple(found)

    def children(self, place_id: str) -> tuple[PlaceEntry, ...]:
        """The places directly inside a place, in file order."""
        return tuple(
            entry
            for entry in self._entries
            if isinstance(entry, PlaceEntry) and entry.parent == place_id
        )

    def lookup(
        self,
        text: str,
        *,
        kinds: Collection[ReferenceKind | str] | None = None,
        types: Collection[str] | None = None,
        limit: int = 10,
    ) -> list[Match]:
        """Entries whose name or any other spelling matches `text`, best first."""
        return self._index.lookup(text, kinds=kinds, types=types, limit=limit)


def load_reference(directory: Path | None = None) -> Reference:
    """Read and check every reference file in `directory` (by default the shipped
    `resources/reference`). Raises ReferenceDataError listing every problem found."""
    directory = directory if directory is not None else paths.resources_dir() / "reference"
    problems: list[str] = []
    files: dict[ReferenceKind, ReferenceFile] = {}
    for kind, (file_name, model) in FILES.items():
        loaded = _read(directory / file_name, kind, model, problems)
        if loaded is not None:
            files[kind] = loaded
    if problems:
        raise ReferenceDataError(problems)
    problems.extend(_cross_check(files))
    if problems:
        raise ReferenceDataError(problems)
    return Reference(files, directory)


@functools.cache
def default_reference() -> Reference:
    """The shipped reference data, loaded once per process (the index costs a few ms)."""
    return load_reference()


def _read(
    path: Path, kind: ReferenceKind, model: type[ReferenceFile], problems: list[str]
) -> ReferenceFile | None:
    name = path.name
    if not path.is_file():
        problems.append(f"{name}: the file is missing from {path.parent}")
        return None
    source = read_source(path)
    if source.problems:
        first = source.problems[0]
        problems.append(f"{name}: cannot be read: line {first.line}: {first.message}")
        return None
    raw = source.data
    if not isinstance(raw, dict):
        problems.append(f"{name}: must be a mapping with kind, version, sources and entries")
        return None
    if raw.get("kind") != kind.value:
        problems.append(f"{name}: kind must be {kind.value!r}, not {raw.get('kind')!r}")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems.extend(_describe(name, raw, error))
        return None


def _describe(name: str, raw: dict[str, Any], error: ValidationError) -> Iterator[str]:
    """Pydantic's errors, each tied to the id of the entry it is about."""
    entries = raw.get("entries")
    for detail in error.errors():
        location = detail["loc"]
        where = ".".join(str(part) for part in location)
        if (
            len(location) >= 2
            and location[0] == "entries"
            and isinstance(location[1], int)
            and isinstance(entries, list)
            and location[1] < len(entries)
        ):
            item = entries[location[1]]
            entry_id = item.get("id") if isinstance(item, dict) else None
            field = ".".join(str(part) for part in location[2:]) or "entry"
            yield f"{name}: entry {entry_id!r} (number {location[1] + 1}): {field}: {detail['msg']}"
        else:
            yield f"{name}: {where}: {detail['msg']}"


def _cross_check(files: dict[ReferenceKind, ReferenceFile]) -> list[str]:
    problems: list[str] = []
    owner: dict[str, str] = {}
    by_id: dict[str, ReferenceEntry] = {}
    level_owner: dict[str, AgencyEntry] = {}

    def claim(entry_id: str, file_name: str, where: str) -> None:
        if entry_id in owner:
            problems.append(
                f"{file_name}: entry {entry_id!r}: {where}id already used in {owner[entry_id]}"
            )
        else:
            owner[entry_id] = file_name

    for kind, (file_name, _model) in FILES.items():
        for entry in files[kind].entries:
            claim(entry.id, file_name, "")
            by_id.setdefault(entry.id, entry)
            if isinstance(entry, AgencyEntry):
                for level in entry.levels:
                    claim(level.id, file_name, f"level {level.id!r}: ")
                    level_owner.setdefault(level.id, entry)

    def refers(
        entry: ReferenceEntry,
        file_name: str,
        field: str,
        target: str | None,
        wanted: tuple[type[ReferenceEntry], ...],
        levels_too: bool = False,
    ) -> None:
        if target is None:
            return
        found = by_id.get(target)
        if isinstance(found, wanted) or (levels_too and target in level_owner):
            return
        expected = " or ".join(cls.kind.value for cls in wanted)
        problems.append(
            f"{file_name}: entry {entry.id!r}: {field} {target!r} is not a known {expected} id"
        )

    for kind, (file_name, _model) in FILES.items():
        known_sources = {source.id for source in files[kind].sources}
        for entry in files[kind].entries:
            problems.extend(_hangul_problems(file_name, entry))
            for source in entry.sources:
                if source not in known_sources:
                    problems.append(
                        f"{file_name}: entry {entry.id!r}: source {source!r} is not listed "
                        "under the file's sources"
                    )
            if isinstance(entry, PlaceEntry):
                refers(entry, file_name, "parent", entry.parent, (PlaceEntry,))
                if entry.parent is None and entry.type != "country":
                    problems.append(
                        f"{file_name}: entry {entry.id!r}: only a country has no parent"
                    )
            elif isinstance(entry, FacilityEntry):
                refers(entry, file_name, "place", entry.place, (PlaceEntry,))
                refers(entry, file_name, "type", entry.type.value, (FacilityTypeEntry,))
                for agency in entry.operated_by:
                    refers(entry, file_name, "operated_by", agency, (AgencyEntry,), True)
            elif isinstance(entry, FacilityTypeEntry):
                for agency in entry.operated_by:
                    refers(entry, file_name, "operated_by", agency, (AgencyEntry,), True)
            elif isinstance(entry, AgencyEntry):
                refers(entry, file_name, "parent", entry.parent, (AgencyEntry,))
            elif isinstance(entry, RankEntry):
                for agency in entry.used_by:
                    refers(entry, file_name, "used_by", agency, (AgencyEntry,))

    problems.extend(_cycles(files))
    type_file = FILES[ReferenceKind.FACILITY_TYPES][0]
    present = {entry.id for entry in files[ReferenceKind.FACILITY_TYPES].entries}
    for missing in sorted({member.value for member in FacilityType} - present):
        problems.append(f"{type_file}: entry {missing!r}: missing; every FacilityType needs one")
    return problems


def _hangul_problems(file_name: str, entry: ReferenceEntry) -> Iterator[str]:
    """A Korean name without Hangul is almost always a romanisation pasted in the wrong
    field; the Korean UI and the read-back would then show Latin letters."""
    names = [("name.ko", entry.name.ko)]
    if isinstance(entry, AgencyEntry):
        names += [
            (f"former_names[{i}].name.ko", f.name.ko) for i, f in enumerate(entry.former_names)
        ]
        names += [(f"levels[{i}].name.ko", lv.name.ko) for i, lv in enumerate(entry.levels)]
    for field, text in names:
        if not HANGUL.search(text):
            yield f"{file_name}: entry {entry.id!r}: {field} {text!r} has no Hangul"


def _cycles(files: dict[ReferenceKind, ReferenceFile]) -> Iterator[str]:
    """Parents that lead back to the entry itself: ancestors() would never end."""
    for kind in (ReferenceKind.PLACES, ReferenceKind.AGENCIES):
        file_name = FILES[kind][0]
        parents = {
            entry.id: entry.parent
            for entry in files[kind].entries
            if isinstance(entry, PlaceEntry | AgencyEntry)
        }
        for start in parents:
            seen = {start}
            current = parents.get(start)
            while current is not None and current in parents:
                if current in seen:
                    yield (
                        f"{file_name}: entry {start!r}: its parents form a loop through {current!r}"
                    )
                    break
                seen.add(current)
                current = parents[current]
