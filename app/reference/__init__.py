"""Bilingual reference data: places, facility types, facilities, agencies and ranks.

Interviewers, interpreters and older reports spell the same county or agency in Korean,
McCune–Reischauer (with or without diacritics), Revised Romanization, English and Chinese.
Testimony is only comparable across interviews when all of them point at one stable id, so
the reference data lists every known spelling and `Reference.lookup` finds an entry from any
of them. The data lives in `resources/reference/*.yaml`; see docs/reference-data.md.

Qt-free: the desktop app, the command line and the Geneva tools use it the same way.
"""

from __future__ import annotations

from app.domain.bilingual import Bilingual
from app.reference.loader import Reference, ReferenceDataError, default_reference, load_reference
from app.reference.lookup import Match, MatchQuality, MatchVia
from app.reference.models import (
    AgencyEntry,
    AgencyLevel,
    AgencyType,
    FacilityEntry,
    FacilityStatus,
    FacilityTypeEntry,
    FormerName,
    PlaceEntry,
    PlaceType,
    RankEntry,
    RankType,
    ReferenceEntry,
    ReferenceKind,
    Source,
)

__all__ = [
    "AgencyEntry",
    "AgencyLevel",
    "AgencyType",
    "Bilingual",
    "FacilityEntry",
    "FacilityStatus",
    "FacilityTypeEntry",
    "FormerName",
    "Match",
    "MatchQuality",
    "MatchVia",
    "PlaceEntry",
    "PlaceType",
    "RankEntry",
    "RankType",
    "Reference",
    "ReferenceDataError",
    "ReferenceEntry",
    "ReferenceKind",
    "Source",
    "default_reference",
    "load_reference",
]
