"""The legal catalogue: the elements of crimes and of modes of liability, in both languages.

Interviews, questionnaires and reports cite these ids (`CAH.7.1.e.2`, `MOL.28.b.3`) for
decades, so the data lives in versioned YAML files under `resources/legal/` that a legal
officer can edit, and this module refuses a file that is wrong rather than guess: a
duplicated id, a citation to an unknown source or a blank translation would otherwise
travel silently into evidence. The format is described in `docs/legal-catalogue.md`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from app.datafile import read_source
from app.domain.bilingual import HANGUL
from app.paths import resources_dir

ID_PATTERN = r"^[A-Z]{2,5}(\.[0-9A-Za-z]+)+$"
"""Group and element ids: a capital prefix, then dot-separated parts (`CAH.7.1.e.1`)."""


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A text that is not blank; surrounding whitespace (a YAML folded line end) is dropped."""


def _in_hangul(text: str) -> str:
    if not HANGUL.search(text):
        raise ValueError(f"the Korean text has no Hangul: {text!r}")
    return text


KoreanText = Annotated[Text, AfterValidator(_in_hangul)]

ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
SemVer = Annotated[str, StringConstraints(pattern=r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)){2}$")]


class CatalogueError(ValueError):
    """A catalogue file is wrong. The message names the file and, when it can, the id."""

    def __init__(self, where: str, item_id: str | None, problem: str) -> None:
        self.where = where
        self.item_id = item_id
        self.problem = problem
        prefix = f"{where}: {item_id}:" if item_id else f"{where}:"
        super().__init__(f"{prefix} {problem}")


class _Frozen(BaseModel):
    """Immutable, and refuses unknown keys: a misspelt key must not pass silently."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Bilingual(_Frozen):
    """A text in English (for Geneva and courts) and Korean (for interviewers and
    witnesses); both required, and the Korean must be written in Hangul, so an English
    text pasted into `ko` is caught."""

    en: Text
    ko: KoreanText

    def get(self, language: str) -> str:
        """The text in `language` ('ko' or 'en'); English for any other language."""
        return self.ko if language == "ko" else self.en


class Role(StrEnum):
    """What part of the offence an element describes (the Elements of Crimes' own terms,
    plus `contextual` for the attack and `relationship` for links between persons)."""

    CONTEXTUAL = "contextual"
    CONDUCT = "conduct"
    CIRCUMSTANCE = "circumstance"
    CONSEQUENCE = "consequence"
    MENTAL = "mental"
    RELATIONSHIP = "relationship"


class Source(_Frozen):
    """A legal text the catalogue paraphrases; elements point to it by `id`."""

    id: SourceId
    citation: Text


class LegalElement(_Frozen):
    """One element that must be proved. `importance` (1-3) says how much an interview can
    and must establish it: 3 for facts a witness can give, 1 for what is mostly inferred
    from other evidence; the interview engine uses it to rank questions when time is short.
    """

    id: ItemId
    role: Role
    text: Bilingual
    guidance: Bilingual
    source: SourceId
    pinpoint: Text
    importance: int = Field(ge=1, le=3)

    @property
    def group_id(self) -> str:
        """The group (act or mode of liability) this element belongs to: its id without
        the last part. The loader checks that this is the group the file puts it in."""
        return self.id.rpartition(".")[0]


class ElementGroup(_Frozen):
    """An act under article 7(1), the shared contextual elements, or a mode of
    liability, with the elements that make it up, in the order of the source."""

    id: ItemId
    title: Bilingual
    provision: Text
    summary: Bilingual
    elements: tuple[LegalElement, ...] = Field(min_length=1)


class CatalogueFile(_Frozen):
    """One YAML file of the catalogue, as written."""

    catalogue: Slug
    version: SemVer
    title: Bilingual
    sources: tuple[Source, ...] = Field(min_length=1)
    groups: tuple[ElementGroup, ...] = Field(min_length=1)

    def elements(self) -> Iterator[tuple[ElementGroup, LegalElement]]:
        for group in self.groups:
            for element in group.elements:
                yield group, element


class Catalogue:
    """The merged view of every catalogue file, in file order (files sorted by name,
    groups and elements as written). Immutable once built."""

    def __init__(self, files: Sequence[CatalogueFile]) -> None:
        _check_merged(files)
        self.files: tuple[CatalogueFile, ...] = tuple(files)
        groups: dict[str, ElementGroup] = {}
        elements: dict[str, LegalElement] = {}
        sources: dict[str, Source] = {}
        for file in self.files:
            by_id = {source.id: source for source in file.sources}
            for group, element in file.elements():
                groups[group.id] = group
                elements[element.id] = element
                sources[element.id] = by_id[element.source]
        self._groups: Mapping[str, ElementGroup] = MappingProxyType(groups)
        self._elements: Mapping[str, LegalElement] = MappingProxyType(elements)
        self._sources: Mapping[str, Source] = MappingProxyType(sources)

    @property
    def elements(self) -> Mapping[str, LegalElement]:
        """Every element by id, in file order."""
        return self._elements

    @property
    def groups(self) -> Mapping[str, ElementGroup]:
        """Every group by id, in file order."""
        return self._groups

    @property
    def version(self) -> dict[str, str]:
        """The version of each file, by catalogue name: what an interview records so that
        a later reader knows which wording its element ids were shown with."""
        return {file.catalogue: file.version for file in self.files}

    def is_known(self, element_id: str) -> bool:
        """Whether `element_id` is an element (not a group) of the catalogue."""
        return element_id in self._elements

    def element(self, element_id: str) -> LegalElement:
        try:
            return self._elements[element_id]
        except KeyError:
            raise KeyError(_unknown(element_id, self._groups)) from None

    def group_of(self, element_id: str) -> ElementGroup:
        return self._groups[self.element(element_id).group_id]

    def source_of(self, element_id: str) -> Source:
        """The legal text `element_id` paraphrases."""
        self.element(element_id)
        return self._sources[element_id]

    def cite(self, element_id: str) -> str:
        """A citation for reports: the catalogue id, then where its text comes from."""
        element = self.element(element_id)
        return f"{element.id} ({self.source_of(element_id).citation}, {element.pinpoint})"


def _unknown(element_id: str, groups: Mapping[str, ElementGroup]) -> str:
    if element_id in groups:
        return f"{element_id!r} is a group of the legal catalogue, not an element"
    return f"{element_id!r} is not an element of the legal catalogue"


def default_directory() -> Path:
    return resources_dir() / "legal"


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read and check every `*.yaml` in `directory` (default: `resources/legal`).

    Raises `CatalogueError` naming the file and the id for anything wrong: invalid YAML,
    a duplicated key, a missing or unknown field, a blank or non-Korean translation, an
    element outside its group, an unknown source, or an id used twice in any file.
    """
    folder = default_directory() if directory is None else directory
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise CatalogueError(str(folder), None, "no catalogue files (*.yaml) found")
    return Catalogue([load_file(path) for path in paths])


@functools.lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the app, read once: it never changes while running."""
    return load_catalogue()


def load_file(path: Path) -> CatalogueFile:
    """Read and check one catalogue file on its own."""
    raw = _read_yaml(path)
    try:
        file = CatalogueFile.model_validate(raw)
    except ValidationError as error:
        raise _explain(path, raw, error) from None
    if file.catalogue != path.stem:
        raise CatalogueError(
            path.name,
            None,
            f"says catalogue: {file.catalogue}, but the file name says {path.stem!r}; "
            "the two must match",
        )
    _check_file(path.name, file)
    return file


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(path.name, None, f"cannot be read: {error}") from None
    source = read_source(path, text)
    if source.problems:
        first = source.problems[0]
        raise CatalogueError(
            path.name, None, f"is not valid YAML (line {first.line}): {first.message}"
        )
    raw = source.data
    if not isinstance(raw, dict):
        raise CatalogueError(path.name, None, "must be a YAML mapping (catalogue, version, …)")
    return raw


def _explain(path: Path, raw: dict[str, Any], error: ValidationError) -> CatalogueError:
    """The first validation problem, with the id of the innermost group or element that
    holds it, so a legal officer can find the line."""
    first = error.errors()[0]
    location = first["loc"]
    field = ".".join(str(part) for part in location)
    problem = "is blank" if first["type"] == "string_too_short" else first["msg"]
    return CatalogueError(path.name, _id_at(raw, location), f"{field}: {problem}")


def _id_at(raw: Any, location: tuple[int | str, ...]) -> str | None:
    found: str | None = None
    node = raw
    for part in location:
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        found = node["id"]
    return found


def _check_file(name: str, file: CatalogueFile) -> None:
    source_ids = [source.id for source in file.sources]
    _refuse_duplicates(name, source_ids, "source id")
    known_sources = set(source_ids)
    for group, element in file.elements():
        if element.group_id != group.id:
            raise CatalogueError(
                name,
                element.id,
                f"is outside its group {group.id}: an element id is the group id "
                f"followed by one more part, e.g. {group.id}.1",
            )
        if element.source not in known_sources:
            raise CatalogueError(
                name,
                element.id,
                f"cites unknown source {element.source!r} (sources: {', '.join(source_ids)})",
            )


def _check_merged(files: Sequence[CatalogueFile]) -> None:
    """Each file is sound, and ids are unique across all files, groups and elements
    together: a citation must never be able to mean two things."""
    _refuse_duplicates("legal catalogue", [file.catalogue for file in files], "catalogue")
    for file in files:
        _check_file(f"{file.catalogue}.yaml", file)
    owners: dict[str, str] = {}
    for file in files:
        where = f"{file.catalogue}.yaml"
        for group in file.groups:
            for item in (group.id, *(element.id for element in group.elements)):
                if item in owners:
                    raise CatalogueError(where, item, f"is used twice (also in {owners[item]})")
                owners[item] = where


def _refuse_duplicates(where: str, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise CatalogueError(where, value, f"{what} is used twice")
        seen.add(value)
