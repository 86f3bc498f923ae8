"""What is searchable in each kind of record, read from its stored body.

The index and the results read the text through the same function, so the offsets a
result gives are offsets in exactly the text that was indexed. The laptop's index and the
Geneva repository's (app/sync/repository/) both read it here.

When what a kind's text holds changes, its number in `DOCUMENT_VERSIONS` goes up: an
index built before then indexes again the records of that kind only, at its first search
(`app.search.index.retag_names`), not everything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.reference import default_reference

SOURCES: dict[str, str] = {
    "transcript_segment": "transcript_segments",
    "answer": "answers",
    "incident": "incidents",
    "person": "persons",
    "facility": "facilities",
}
"""Each searchable record kind and its table."""

DOCUMENT_VERSIONS: dict[str, int] = {"facility": 2}
"""The version of each kind's text, when not 1. facility 2: its agency, under every name
of the agency (desk trial of 2026-12-06, m11: a facility of 국가보위성 was found by neither
보위부 nor 국가보위성)."""


@dataclass(frozen=True)
class Document:
    kind: str
    record_id: str
    interview_id: str | None
    text: str


def _join(parts: Iterable[object]) -> str:
    return "\n".join(str(part) for part in parts if isinstance(part, str) and part.strip())


def _reference_names(value: object) -> object:
    """An agency written as a reference id is indexed under its names."""
    if isinstance(value, str):
        try:
            entry = default_reference().find(value)
        except Exception:  # noqa: BLE001 - broken reference data must not stop indexing
            entry = None
        if entry is not None:
            return f"{entry.name.ko} {entry.name.en}"
    return value


def _answer_text(body: dict[str, Any]) -> str:
    value = body.get("value") or {}
    kind = value.get("type")
    parts: list[object] = []
    if kind in ("text", "duration"):
        parts.append(value.get("text"))
    elif kind == "source":
        parts.extend((value.get("heard_from"), value.get("note")))
    elif kind == "place":
        parts.append((value.get("place") or {}).get("text"))
    parts.append(body.get("note"))
    return _join(parts)


def _person_text(body: dict[str, Any]) -> str:
    descriptor = body.get("descriptor") or {}
    return _join(
        (
            body.get("name"),
            body.get("alias"),
            _reference_names(descriptor.get("agency")),
            descriptor.get("unit"),
            descriptor.get("rank"),
            descriptor.get("position"),
            descriptor.get("description"),
        )
    )


def document(kind: str, record_id: str, body_json: str) -> Document:
    """The searchable text of one stored record ("" when it has none)."""
    body: dict[str, Any] = json.loads(body_json)
    interview = body.get("interview_id")
    if kind == "transcript_segment":
        text = str(body.get("text") or "")
    elif kind == "answer":
        text = _answer_text(body)
    elif kind == "incident":
        text = _join((body.get("title"), body.get("summary")))
    elif kind == "person":
        text = _person_text(body)
    elif kind == "facility":
        place = body.get("place") or {}
        text = _join(
            (
                body.get("name"),
                place.get("text"),
                _reference_names(body.get("agency")),
                body.get("notes"),
            )
        )
    else:
        raise ValueError(f"{kind!r} records are not searchable")
    return Document(kind, record_id, interview if isinstance(interview, str) else None, text)
