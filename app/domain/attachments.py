"""What is known about an attached file (a scan, a sketch map, a photo): not its bytes.

The content lives encrypted elsewhere; `sha256` ties this record to exactly those bytes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import AfterValidator, Field, StringConstraints

from app.domain.base import Record


class AttachmentKind(StrEnum):
    DOCUMENT_SCAN = "document_scan"
    SKETCH_MAP = "sketch_map"
    PHOTO = "photo"
    OTHER = "other"


def _plain_filename(value: str) -> str:
    if not value.strip():
        raise ValueError("a file name must not be empty")
    if any(char in value for char in "/\\\x00"):
        raise ValueError("a file name must not contain a path (/ or \\)")
    if value in {".", ".."}:
        raise ValueError(f"{value!r} is not a file name")
    return value


FileName = Annotated[str, Field(max_length=255), AfterValidator(_plain_filename)]
MediaType = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$"
    ),
]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class AttachmentMeta(Record):
    kind: ClassVar[str] = "attachment"

    interview_id: UUID
    filename: FileName
    """The name only, as the file was called (any language); never a path."""
    media_type: MediaType
    """e.g. "image/jpeg", "application/pdf"."""
    size: int = Field(ge=0)
    sha256: Sha256Hex
    """SHA-256 of the plaintext content, 64 lower-case hex digits."""
    description: str | None = None
    attachment_kind: AttachmentKind = AttachmentKind.OTHER
