"""The shape of the reference data files: places, facility types, facilities, agencies, ranks.

Reference data lives in versioned YAML files under `resources/reference/` so that a renamed
county, a newly reported facility or another spelling of an agency can be added without a
programmer. These models make a wrong file fail loudly instead of loading half-right:
unknown keys are refused (a typo such as `varients` must not silently drop spellings), every
name carries Korean and English, and ids follow one stable scheme.

Cross-references between files (a county's province, a facility's place and operator) are
checked by `app.reference.loader`, which sees all files at once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from app.domain.base import FrozenModel
from app.domain.bilingual import Bilingual
from app.domain.fields import NonBlankStr
from app.domain.people import FacilityType

EntryId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$", max_length=80)
]
"""A stable id such as `kp.hamgyong-north.hoeryong`: lower case, digits, dots and hyphens.

Underscores are allowed only because the facility type ids are the values of the domain's
`FacilityType` enum (`rodong_danryeondae`). An id is never reused for another thing: records
in the field store point at it, possibly for decades.
"""

Version = Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]


class ReferenceKind(StrEnum):
    """Which file an entry comes from."""

    PLACES = "places"
    FACILITY_TYPES = "facility_types"
    FACILITIES = "facilities"
    AGENCIES = "agencies"
    RANKS = "ranks"


class PlaceType(StrEnum):
    COUNTRY = "country"
    PROVINCE = "province"
    SPECIAL_CITY = "special_city"
    """A city outside any province: Pyongyang, Rason, Nampo; Beijing on the Chinese side."""
    PREFECTURE = "prefecture"
    """A Chinese prefecture-level unit such as the Yanbian Korean Autonomous Prefecture."""
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"
    BORDER_CROSSING = "border_crossing"


class FacilityStatus(StrEnum):
    OPERATING = "operating"
    REPORTED_CLOSED = "reported_closed"
    UNKNOWN = "unknown"


class AgencyType(StrEnum):
    MINISTRY = "ministry"
    DEPARTMENT = "department"
    COMMAND = "command"
    PARTY_ORGAN = "party_organ"
    COURT = "court"
    PROSECUTION = "prosecution"
    UNIT_LEVEL = "unit_level"


class RankType(StrEnum):
    MILITARY_RANK = "military_rank"
    POLICE_RANK = "police_rank"
    POSITION = "position"


Spellings = tuple[NonBlankStr, ...]


def _no_repeated_spelling(variants: tuple[str, ...], where: str) -> None:
    seen: set[str] = set()
    for variant in variants:
        if variant in seen:
            raise ValueError(f"{where} lists {variant!r} twice")
        seen.add(variant)


class Source(FrozenModel):
    """A published document an entry relies on, cited by id from the entries."""

    id: EntryId
    citation: NonBlankStr
    url: str | None = None


class ReferenceEntry(FrozenModel):
    """What every entry has: a stable id, a type, a bilingual name and the other spellings a
    witness, an interpreter or an older report may use for it."""

    kind: ClassVar[ReferenceKind]

    id: EntryId
    type: str
    name: Bilingual
    variants: Spellings = ()
    note: Bilingual | None = None
    sources: tuple[EntryId, ...] = ()

    @model_validator(mode="after")
    def _variants_once(self) -> Self:
        _no_repeated_spelling(self.variants, "variants")
        return self


class PlaceEntry(ReferenceEntry):
    kind: ClassVar[ReferenceKind] = ReferenceKind.PLACES

    type: PlaceType
    parent: EntryId | None = None
    """The enclosing place; None only for a country."""


class FacilityTypeEntry(ReferenceEntry):
    """A kind of detention facility. Its id is the domain's `FacilityType` value, so a
    `Facility` record and the reference data can never disagree on the set of kinds."""

    kind: ClassVar[ReferenceKind] = ReferenceKind.FACILITY_TYPES

    type: FacilityType
    description: Bilingual
    operated_by: tuple[EntryId, ...] = ()

    @model_validator(mode="after")
    def _id_is_the_type(self) -> Self:
        if self.id != self.type.value:
            raise ValueError(f"a facility type's id must equal its type ({self.type.value!r})")
        return self


class FacilityEntry(ReferenceEntry):
    """A facility as publicly reported. Evidence data: every entry cites its sources and
    says whether it is reported to be operating."""

    kind: ClassVar[ReferenceKind] = ReferenceKind.FACILITIES

    type: FacilityType
    place: EntryId | None = None
    operated_by: tuple[EntryId, ...] = ()
    also_known_as: Spellings = ()
    """Designations such as "No. 14" or "제14호 관리소"; searched like the variants."""
    status: FacilityStatus
    sources: tuple[EntryId, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _designations_once(self) -> Self:
        _no_repeated_spelling(self.also_known_as, "also_known_as")
        return self


class FormerName(FrozenModel):
    """A name an agency carried before; witnesses use the name of their time."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True)

    name: Bilingual
    variants: Spellings = ()
    from_: int | None = Field(default=None, alias="from", ge=1900, le=2100)
    to: int | None = Field(default=None, ge=1900, le=2100)
    note: Bilingual | None = None

    @model_validator(mode="after")
    def _years_in_order(self) -> Self:
        if self.from_ is not None and self.to is not None and self.to < self.from_:
            raise ValueError("a former name cannot end before it starts")
        _no_repeated_spelling(self.variants, "variants")
        return self


class AgencyLevel(FrozenModel):
    """One level of an agency (central, provincial, city/county, border post...): the unit a
    witness actually met, which places the perpetrator in a chain of command."""

    id: EntryId
    name: Bilingual
    variants: Spellings = ()
    note: Bilingual | None = None

    @model_validator(mode="after")
    def _variants_once(self) -> Self:
        _no_repeated_spelling(self.variants, "variants")
        return self


class AgencyEntry(ReferenceEntry):
    kind: ClassVar[ReferenceKind] = ReferenceKind.AGENCIES

    type: AgencyType
    parent: EntryId | None = None
    """The agency this one belongs to (a department of the Party, a ministry's bureau)."""
    former_names: tuple[FormerName, ...] = ()
    levels: tuple[AgencyLevel, ...] = ()


class RankEntry(ReferenceEntry):
    kind: ClassVar[ReferenceKind] = ReferenceKind.RANKS

    type: RankType
    grade: int | None = Field(default=None, ge=1)
    """Seniority among military-style ranks, 1 the lowest; None for positions."""
    used_by: tuple[EntryId, ...] = ()


class _ReferenceFile(FrozenModel):
    version: Version
    sources: tuple[Source, ...] = ()


class PlacesFile(_ReferenceFile):
    kind: Literal["places"]
    entries: tuple[PlaceEntry, ...]


class FacilityTypesFile(_ReferenceFile):
    kind: Literal["facility_types"]
    entries: tuple[FacilityTypeEntry, ...]


class FacilitiesFile(_ReferenceFile):
    kind: Literal["facilities"]
    entries: tuple[FacilityEntry, ...]


class AgenciesFile(_ReferenceFile):
    kind: Literal["agencies"]
    entries: tuple[AgencyEntry, ...]


class RanksFile(_ReferenceFile):
    kind: Literal["ranks"]
    entries: tuple[RankEntry, ...]


ReferenceFile = PlacesFile | FacilityTypesFile | FacilitiesFile | AgenciesFile | RanksFile

FILES: dict[ReferenceKind, tuple[str, type[ReferenceFile]]] = {
    ReferenceKind.PLACES: ("places.yaml", PlacesFile),
    ReferenceKind.FACILITY_TYPES: ("facility-types.yaml", FacilityTypesFile),
    ReferenceKind.FACILITIES: ("facilities.yaml", FacilitiesFile),
    ReferenceKind.AGENCIES: ("agencies.yaml", AgenciesFile),
    ReferenceKind.RANKS: ("ranks.yaml", RanksFile),
}
"""Each kind's file name and model, in load order (places first: the others point at them)."""
