"""The few facts of each record version that the analysis verbs read, lifted out of its
body once (`analysis_facts`), so that the matrix, gaps, corroboration and the registers
read small rows in one table instead of every body of a kind through the evidence.

A version's body never changes (`records` is append-only), so neither do its facts: the
table is keyed by (kind, record id, version, `made`), holds the facts of every version
ingest stored (the current one among them) and never goes stale; `made` names the
extraction (MADE), and rows of an earlier one are ignored (and lifted again) after a
change of FIELDS. The facts are the body's own keys and values, a subset of it (what the
verbs read, never narrative text), plus for a consent whether it allows re-contact and
sharing with accountability mechanisms now (`recontact`, `sharing`, as `Consent.allows`
says) and whether any of it was withdrawn (`withdrawn`).

Lifted by ingest and import in their transaction (from the bodies they store: the
intake officer's role on the server may write these rows but never read them), by the
schema upgrade that made the table (store.py), and by any reader that finds a current
version without its facts (`current`: a repository filled some other way stays right).
Derived like the search index: never moved (move.py), rebuilt by deleting its rows.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from app.domain.consent import Consent, ConsentScope
from app.store.connection import Connection
from app.sync.repository import snapshot
from app.sync.repository.consolidated import Current

MADE = 1
"""The extraction of FIELDS (bump it when FIELDS changes)."""

FIELDS: dict[str, tuple[str, ...]] = {
    "interviewee": ("id", "code", "witness_link"),
    "interview": ("id", "code", "interviewee_id", "status", "created_at", "updated_at"),
    "consent": ("id", "interview_id"),
    "incident": (
        "id",
        "interview_id",
        "title",
        "date",
        "place",
        "facility_id",
        "person_ids",
        "source",
    ),
    "facility": ("id", "name", "reference_id", "agency", "place"),
    "person": ("id", "interview_id", "role", "name", "alias", "descriptor"),
    "element_tag": ("id", "interview_id", "element_id", "incident_id"),
}
"""Per kind, the keys of its body the verbs read."""

SCHEMA = """
-- The facts the analysis verbs read, lifted from each version's body (facts.py);
-- derived from `records`, never the evidence itself.
CREATE TABLE analysis_facts (
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    made      INTEGER NOT NULL,
    facts     TEXT NOT NULL,
    PRIMARY KEY (kind, record_id, version, made)
) STRICT;
"""
"""Schema version 7 -> 8 (store.py)."""

GRANTS = (
    "GRANT SELECT, INSERT ON analysis_facts TO sillok_analyst, sillok_legal, sillok_custodian;\n"
    "GRANT INSERT ON analysis_facts TO sillok_intake"
)
"""The readers of testimony read and complete the facts; the intake officer's ingest
writes those of what it stores, and cannot read them back."""

_BATCH = 500
_INSERT = "INSERT OR IGNORE INTO analysis_facts VALUES (?, ?, ?, ?, ?)"


def of_body(kind: str, body: str) -> str:
    """The facts of one version's body, as stored (JSON)."""
    parsed = json.loads(body)
    facts = {key: parsed[key] for key in FIELDS[kind] if key in parsed}
    if kind == "consent":
        consent = Consent.model_validate_json(body)
        facts["interview_id"] = str(consent.interview_id)
        facts["recontact"] = consent.allows(ConsentScope.RECONTACT)
        facts["sharing"] = consent.allows(ConsentScope.SHARE_ACCOUNTABILITY)
        facts["withdrawn"] = bool(consent.withdrawals)
    return json.dumps(facts, ensure_ascii=False, separators=(",", ":"))


def lift(connection: Connection, versions: Iterable[tuple[str, str, int, str | None]]) -> None:
    """Store the facts of these (kind, record id, version, body) versions (deletions and
    kinds the verbs do not read are passed over), inside the caller's transaction."""
    rows = (
        (kind, record_id, version, MADE, of_body(kind, body))
        for kind, record_id, version, body in versions
        if body is not None and kind in FIELDS
    )
    while batch := list(itertools.islice(rows, _BATCH)):
        connection.executemany(_INSERT, batch)


def lift_all(connection: Connection) -> None:
    """The facts of every current version that has none yet (inside the caller's
    transaction): what a schema upgrade, or a repository filled by other means, needs."""
    for kind in FIELDS:
        _complete(connection, kind, [row[0] for row in _missing(connection, kind)])


def _missing(connection: Connection, kind: str) -> list[tuple[str]]:
    return connection.execute(
        "SELECT c.record_id FROM current_records c LEFT JOIN analysis_facts f "
        "ON f.kind = c.kind AND f.record_id = c.record_id AND f.version = c.version "
        "AND f.made = ? WHERE c.kind = ? AND c.deleted = 0 AND f.record_id IS NULL",
        (MADE, kind),
    ).fetchall()


def _complete(connection: Connection, kind: str, ids: list[str]) -> dict[str, str]:
    """Lift the facts of the current versions of `ids` (of `kind`) from their bodies;
    record id -> facts."""
    made: dict[str, str] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = json.dumps(ids[start : start + _BATCH])
        rows = connection.execute(
            "SELECT c.record_id, c.version, r.body FROM current_records c JOIN records r "
            "ON r.kind = c.kind AND r.record_id = c.record_id AND r.version = c.version "
            "AND r.deleted = 0 WHERE c.kind = ? AND c.deleted = 0 "
            "AND c.record_id IN (SELECT value FROM json_each(?))",
            (kind, chunk),
        ).fetchall()
        lifted = [
            (kind, record_id, version, MADE, of_body(kind, body))
            for record_id, version, body in rows
        ]
        connection.executemany(_INSERT, lifted)
        made.update((row[1], row[4]) for row in lifted)
    return made


_CURRENT = (
    "SELECT c.record_id, c.version, f.facts{more} FROM current_records c "
    "LEFT JOIN analysis_facts f ON f.kind = c.kind AND f.record_id = c.record_id "
    "AND f.version = c.version AND f.made = ? WHERE c.kind = ? AND c.deleted = 0"
)
_MORE = ", c.device_id, c.sequence, c.versions, c.interview_id, c.imported"
"""The columns of a `Current` beyond its id, version and facts."""
_ONE = " AND c.record_id = ?"
_ORDER = " ORDER BY c.record_id"


def current(connection: Connection, kind: str, only: str | None = None) -> Iterator[Current]:
    """Every current, not deleted record of `kind` (one of FIELDS), by id, as
    consolidated.current gives it but with its facts for a body, read as the caller
    iterates, a batch at a time (memory stays that of one batch whatever the size; each
    batch's facts parsed as one JSON list, which is several times faster than one by
    one). Facts not lifted yet are lifted from the body as they come, and kept once the
    caller has read them all (in a transaction of their own unless in the caller's; after
    it, if that is a verb's read-only one, snapshot.py).
    `only`: that record alone."""
    for batch, bodies in _batches(connection, kind, only, _MORE):
        for row, body in zip(batch, bodies, strict=True):
            record_id, version, _facts, device_id, sequence, versions, interview_id, imported = row
            yield Current(
                kind,
                record_id,
                version,
                body,
                device_id,
                sequence,
                versions,
                interview_id,
                bool(imported),
            )


def bodies(connection: Connection, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(record id, facts) of every current, not deleted record of `kind`, by id, as
    `current` reads them but without the rest of each record (where it came from, its
    versions): fewer columns sent and no `Current` made, for the readers that want the
    facts alone (who a witness is, the facilities and persons the matrix and
    corroboration look up)."""
    for batch, parsed in _batches(connection, kind, None, ""):
        yield from zip((row[0] for row in batch), parsed, strict=True)


def _batches(
    connection: Connection, kind: str, only: str | None, more: str
) -> Iterator[tuple[list[Any], list[Any]]]:
    """The rows of `_CURRENT` (with the columns `more`) a batch at a time, each with its
    facts parsed; facts not lifted yet lifted from the body, and kept at the end."""
    made: list[tuple[str, str, int, int, str]] = []
    sql = _CURRENT.format(more=more)
    if only is None:
        rows = connection.execute(sql + _ORDER, (MADE, kind))
    else:
        rows = connection.execute(sql + _ONE + _ORDER, (MADE, kind, only))
    while batch := rows.fetchmany(_BATCH):  # a batch of rows made at once, not row by row
        texts = []
        for record_id, version, lifted, *_rest in batch:
            if lifted is None:
                (body,) = connection.execute(
                    "SELECT body FROM records WHERE kind = ? AND record_id = ? "
                    "AND version = ? AND deleted = 0",
                    (kind, record_id, version),
                ).fetchone()
                lifted = of_body(kind, body)
                made.append((kind, record_id, version, MADE, lifted))
            texts.append(lifted)
        yield batch, json.loads("[" + ",".join(texts) + "]")
    if made:
        _keep(connection, made)


def _keep(connection: Connection, rows: list[tuple[str, str, int, int, str]]) -> None:
    if snapshot.later(connection, lambda: _keep(connection, rows)):
        return  # read in a verb's read-only transaction (snapshot.py): kept once it ends
    if connection.in_transaction:
        connection.executemany(_INSERT, rows)
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.executemany(_INSERT, rows)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
