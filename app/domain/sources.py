"""How the witness knows what they say: the first test of reliability."""

from __future__ import annotations

from enum import StrEnum


class KnowledgeSource(StrEnum):
    SAW = "saw"
    """The witness saw it happen (direct witness)."""
    EXPERIENCED = "experienced"
    """It happened to the witness (victim's account)."""
    HEARD = "heard"
    """The witness heard it from someone (hearsay); say from whom."""
    DOCUMENT = "document"
    """The witness read it in a document."""
    OTHER = "other"
