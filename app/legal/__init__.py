"""The legal frame of an interview: the elements of crimes against humanity (Rome Statute
art. 7) and of the modes of liability, as a bilingual, versioned catalogue of citable ids.
Qt-free; the data lives in `resources/legal/` (see `docs/legal-catalogue.md`)."""

from __future__ import annotations

from app.legal.catalogue import (
    Bilingual,
    Catalogue,
    CatalogueError,
    CatalogueFile,
    ElementGroup,
    LegalElement,
    Role,
    Source,
    default_catalogue,
    load_catalogue,
)

__all__ = [
    "Bilingual",
    "Catalogue",
    "CatalogueError",
    "CatalogueFile",
    "ElementGroup",
    "LegalElement",
    "Role",
    "Source",
    "default_catalogue",
    "load_catalogue",
]
