"""Storing domain records: one table per kind, the record as canonical JSON in `body`,
and a few columns copied out of it for keys, joins and ordering.

These are the low-level operations; they neither open transactions nor write the audit
trail. The services (app/services/) do both around them, and are the only callers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from app.domain import Record
from app.errors import Conflict, NotFound
from app.store.connection import Connection

R = TypeVar("R", bound=Record)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Table:
    name: str
    columns: Callable[[Any], dict[str, object]]


TABLES: dict[str, Table] = {
    "interviewee": Table("interviewees", lambda r: {"code": r.code}),
    "identity": Table("identities", lambda r: {"interviewee_id": str(r.interviewee_id)}),
    "sealed_identity": Table(
        "sealed_identities", lambda r: {"interviewee_id": str(r.interviewee_id)}
    ),
    "interview": Table(
        "interviews",
        lambda r: {
            "interviewee_id": str(r.interviewee_id),
            "code": r.code,
            "status": str(r.status),
        },
    ),
    "consent": Table("consents", lambda r: {"interview_id": str(r.interview_id)}),
    "session": Table(
        "sessions", lambda r: {"interview_id": str(r.interview_id), "number": r.number}
    ),
    "answer": Table(
        "answers",
        lambda r: {
            "interview_id": str(r.interview_id),
            "question_id": r.question_id,
            "position": r.position,
        },
    ),
    "transcript_segment": Table(
        "transcript_segments",
        lambda r: {
            "interview_id": str(r.interview_id),
            "session_id": str(r.session_id),
            "ordinal": r.ordinal,
            "text": r.text,
        },
    ),
    "incident": Table("incidents", lambda r: {"interview_id": str(r.interview_id)}),
    "person": Table("persons", lambda r: {"interview_id": _text(r.interview_id)}),
    "facility": Table("facilities", lambda r: {}),
    "element_tag": Table(
        "element_tags",
        lambda r: {"interview_id": str(r.interview_id), "element_id": r.element_id},
    ),
    "attachment": Table(
        "attachments", lambda r: {"interview_id": str(r.interview_id), "sha256": r.sha256}
    ),
}

RECORD_TABLES = {kind: table.name for kind, table in TABLES.items()}


def _row(record: Record) -> dict[str, object]:
    return {
        "id": str(record.id),
        "version": record.version,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "body": record.content_json(),
        **TABLES[record.kind].columns(record),
    }


def insert(connection: Connection, record: Record) -> str:
    """Insert `record`; returns the body written."""
    row = _row(record)
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    connection.execute(
        f'INSERT INTO "{TABLES[record.kind].name}" ({names}) VALUES ({marks})',
        tuple(row.values()),
    )
    return str(row["body"])


def update(connection: Connection, record: Record, previous: Record | None = None) -> str:
    """Replace the stored record whose version is `record.version - 1` by `record`.

    With `previous` (the stored record it replaces), only the copied-out columns that
    changed are written, so unchanged keys cost no index or foreign-key work.
    """
    row = _row(record)
    unchanged = _row(previous).items() & row.items() if previous is not None else set()
    table = TABLES[record.kind].name
    changed = {
        name: value
        for name, value in row.items()
        if name not in ("id", "created_at") and (name, value) not in unchanged
    }
    assignments = ", ".join(f"{name} = ?" for name in changed)
    values = list(changed.values())
    cursor = connection.execute(
        f'UPDATE "{table}" SET {assignments} WHERE id = ? AND version = ?',
        (*values, str(record.id), record.version - 1),
    )
    if cursor.rowcount != 1:
        found = stored_version(connection, record.kind, record.id)
        if found is None:
            raise NotFound(kind=record.kind, id=str(record.id))
        raise Conflict(kind=record.kind, expected=record.version - 1, found=found)
    return str(row["body"])


def delete(connection: Connection, kind: str, record_id: UUID, version: int) -> None:
    cursor = connection.execute(
        f'DELETE FROM "{TABLES[kind].name}" WHERE id = ? AND version = ?',
        (str(record_id), version),
    )
    if cursor.rowcount != 1:
        found = stored_version(connection, kind, record_id)
        if found is None:
            raise NotFound(kind=kind, id=str(record_id))
        raise Conflict(kind=kind, expected=version, found=found)


def stored_version(connection: Connection, kind: str, record_id: UUID) -> int | None:
    row = connection.execute(
        f'SELECT version FROM "{TABLES[kind].name}" WHERE id = ?', (str(record_id),)
    ).fetchone()
    return None if row is None else int(row[0])


def get(connection: Connection, model: type[R], record_id: UUID) -> R:
    row = connection.execute(
        f'SELECT body FROM "{TABLES[model.kind].name}" WHERE id = ?', (str(record_id),)
    ).fetchone()
    if row is None:
        raise NotFound(kind=model.kind, id=str(record_id))
    return model.model_validate_json(row[0])


def find(
    connection: Connection,
    model: type[R],
    where: Mapping[str, object] | None = None,
    order_by: str = "created_at, id",
) -> Iterator[R]:
    """Records of `model` whose copied-out columns equal `where` (None matches NULL)."""
    table = TABLES[model.kind].name
    where = where or {}
    clauses = [f"{name} IS ?" for name in where] or ["1"]
    sql = f'SELECT body FROM "{table}" WHERE {" AND ".join(clauses)} ORDER BY {order_by}'
    values = tuple(_text(v) if isinstance(v, UUID) else v for v in where.values())
    for (body,) in connection.execute(sql, values):
        yield model.model_validate_json(body)


def find_one(connection: Connection, model: type[R], **where: object) -> R | None:
    """The one record matching `where`, or None."""
    return next(find(connection, model, where), None)
