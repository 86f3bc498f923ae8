"""The register of disclosures a repository made, and what became of each one's file.

disclosure.py writes a line before the finished file takes its name, then the line's
outcome; `register` reads them back for the command line, the desk and `repository check`.
A server's register is made with its schema (store.py, server.py); a file store's here, on
first use.
"""

from __future__ import annotations

import json
from typing import Any

from app.i18n import N_, _
from app.store.connection import Connection
from app.sync.repository.access_log import ALL_ROWS
from app.sync.repository.store import Repository

REGISTER = """
CREATE TABLE IF NOT EXISTS disclosures (
    number         INTEGER PRIMARY KEY,
    made_at        TEXT NOT NULL,
    made_by        TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    recipient_key  TEXT NOT NULL,
    selection      TEXT NOT NULL,
    redactions     TEXT NOT NULL,
    interviews     TEXT NOT NULL,
    withheld       TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    file_sha256    TEXT NOT NULL
) STRICT
"""

OUTCOMES = """
CREATE TABLE IF NOT EXISTS disclosure_outcomes (
    number  INTEGER PRIMARY KEY REFERENCES disclosures(number),
    at      TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason  TEXT NOT NULL
) STRICT
"""
"""What became of each registered disclosure's file, written once (append-only): `written`
when it took its name, `not_written` (with the reason) when it could not after the register
line was written; a line with no outcome is a writing that stopped in between (`unknown`).
Disclosures registered before schema version 6 have `not_recorded`."""

OUTCOMES_BEFORE = (
    "INSERT OR IGNORE INTO disclosure_outcomes(number, at, outcome, reason) "
    "SELECT number, made_at, 'not_recorded', '' FROM disclosures"
)
"""The outcome of the disclosures registered before outcomes were kept (schema 6 → 7)."""

OUTCOME_LABELS = {
    "written": N_("written"),
    "not_written": N_("not written"),
    "unknown": N_("unknown: the writing stopped after the register line"),
    "not_recorded": N_("not recorded (made before outcomes were kept)"),
}
"""How the register says each outcome (`register()` rows' `outcome`)."""


def outcome_text(outcome: str) -> str:
    """The outcome of a register row, in the user's language."""
    label = OUTCOME_LABELS.get(outcome)
    return _(label) if label is not None else outcome


def make_register(repository: Repository, connection: Connection) -> None:
    """The register, made on first use in a file store (a server's is made with its
    schema: its roles may not create tables)."""
    if repository.store.kind == "sqlcipher":
        connection.execute(REGISTER)
        connection.execute(OUTCOMES)


def register(
    repository: Repository, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The disclosures made (what, to whom, when, by whom, and whether its file was
    written: `outcome`, a key of OUTCOME_LABELS, and `outcome_reason`), newest first:
    `limit` of them (every one if None) after the `offset` newest, for a page at a time."""
    with repository.transaction() as connection:
        make_register(repository, connection)
        rows = connection.execute(
            "SELECT d.number, d.made_at, d.made_by, d.recipient_name, d.recipient_key, "
            "d.selection, d.redactions, d.interviews, d.withheld, d.file_name, d.file_sha256, "
            "coalesce(o.outcome, 'unknown'), coalesce(o.reason, '') FROM disclosures d "
            "LEFT JOIN disclosure_outcomes o ON o.number = d.number "
            "ORDER BY d.number DESC LIMIT ? OFFSET ?",
            (ALL_ROWS if limit is None else limit, offset),
        ).fetchall()
    names = ("number", "made_at", "made_by", "recipient_name", "recipient_key", "selection",
             "redactions", "interviews", "withheld", "file_name", "file_sha256", "outcome",
             "outcome_reason")  # fmt: skip
    decoded = {"selection", "redactions", "interviews", "withheld"}
    return [
        {n: json.loads(v) if n in decoded else v for n, v in zip(names, row, strict=True)}
        for row in rows
    ]
