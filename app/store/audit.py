"""The audit trail: every change made through the services, append-only and hash-chained.

An entry records who did what to which record and the SHA-256 of the record's new content,
never the content itself. Each entry's hash covers the previous entry's hash, so changing,
removing or inserting an entry anywhere breaks every hash after it. Triggers refuse UPDATE
and DELETE on the table; `verify` finds an entry changed behind their back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.store.connection import Connection

ACTIONS = ("create", "update", "delete", "event")
NO_CONTENT = hashlib.sha256(b"").hexdigest()


def genesis_hash(database_id: str) -> str:
    return hashlib.sha256(f"sillok-audit-v1:{database_id}".encode()).hexdigest()


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str
    content_hash: str
    prev_hash: str
    entry_hash: str

    def expected_hash(self) -> str:
        fields = [
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.entity_type,
            self.entity_id,
            self.content_hash,
            self.prev_hash,
        ]
        canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_COLUMNS = "seq, at, actor, action, entity_type, entity_id, content_hash, prev_hash, entry_hash"


def head(connection: Connection, database_id: str) -> tuple[int, str]:
    """The sequence number and hash of the last entry (0 and the genesis hash if none)."""
    row = connection.execute(
        "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return (row[0], row[1]) if row else (0, genesis_hash(database_id))


def append(
    connection: Connection,
    database_id: str,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    content: str | None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> AuditEntry:
    """Append one entry; call inside the transaction that makes the change."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    last_seq, last_hash = head(connection, database_id)
    draft = AuditEntry(
        seq=last_seq + 1,
        at=now().astimezone(UTC).isoformat(timespec="microseconds"),
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        content_hash=NO_CONTENT if content is None else content_hash(content),
        prev_hash=last_hash,
        entry_hash="",
    )
    entry = AuditEntry(**{**draft.__dict__, "entry_hash": draft.expected_hash()})
    connection.execute(
        f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tuple(entry.__dict__.values()),
    )
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_hash: str
    first_broken: int | None
    reason: str | None

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify(connection: Connection, database_id: str) -> ChainReport:
    """Walk the whole chain; name the first entry whose hash, link or number is wrong."""
    expected_prev = genesis_hash(database_id)
    expected_seq = 1
    count = 0
    for row in connection.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq"):
        entry = AuditEntry(*row)
        problem = None
        if entry.seq != expected_seq:
            problem = f"sequence jumps from {expected_seq - 1} to {entry.seq}"
        elif entry.prev_hash != expected_prev:
            problem = "does not link to the entry before it"
        elif entry.entry_hash != entry.expected_hash():
            problem = "its content does not match its hash (edited)"
        elif entry.action not in ACTIONS:
            problem = f"unknown action {entry.action!r}"
        if problem:
            return ChainReport(count, expected_prev, entry.seq, problem)
        expected_prev, expected_seq, count = entry.entry_hash, entry.seq + 1, count + 1
    return ChainReport(count, expected_prev, None, None)
