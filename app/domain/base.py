"""The base of every stored record and of the small values records are made of.

A record is immutable. To change one, build a validated copy with `Record.replace()`;
the store bumps `version` and `updated_at` when it saves the copy, and keeps the old
version in its audit trail. `content_json()` is the canonical body the store encrypts,
hashes and exports; `kind` names the record type (table and audit entity type).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, ClassVar, Self
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain.fields import UtcDateTime


def utc_now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.now(UTC)


class FrozenModel(BaseModel):
    """An immutable value that refuses unknown fields (a typo must not pass silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Record(FrozenModel):
    """A stored record: identity, version and timestamps shared by every kind."""

    kind: ClassVar[str]
    """The record kind, e.g. "interview": the store's table and audit entity type."""

    holds_identity: ClassVar[bool] = False
    """True for records that identify a witness; they go only where consent allows."""

    omitted_when_none: ClassVar[frozenset[str]] = frozenset()
    """Fields added after records were first stored: left out of the canonical body while
    None, so every body stored before them keeps its exact bytes and hash."""

    id: UUID = Field(default_factory=uuid4)
    version: int = Field(default=1, ge=1)
    created_at: UtcDateTime = Field(default_factory=utc_now)
    updated_at: UtcDateTime = Field(default_factory=utc_now)

    @model_validator(mode="before")
    @classmethod
    def _same_moment_when_new(cls, data: Any) -> Any:
        """A new record was created and last updated at the same moment."""
        if isinstance(data, dict) and "updated_at" not in data:
            created = data.get("created_at", utc_now())
            return {**data, "created_at": created, "updated_at": created}
        return data

    @model_validator(mode="after")
    def _updated_after_created(self) -> Self:
        if self.updated_at < self.created_at:
            raise ValueError("updated_at must not be before created_at")
        return self

    def content_json(self) -> str:
        """The canonical JSON body of the whole record.

        Keys sorted, no insignificant whitespace, UTF-8 text kept as is (not escaped),
        sets serialised sorted, datetimes in UTC: the same record always gives the same
        string, on any machine, so it can be hashed and signed.
        """
        body = self.model_dump(mode="json")
        for name in self.omitted_when_none:
            if body.get(name) is None:
                body.pop(name, None)
        return json.dumps(
            body,
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
            allow_nan=False,
        )

    def replace(self, **changes: Any) -> Self:
        """A validated copy with `changes` applied (unlike `model_copy`, which validates
        nothing). `id`, `version` and the timestamps are kept unless changed."""
        return self.model_validate({**self.model_dump(), **changes})
