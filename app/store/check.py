"""`sillok check`: every integrity check the store can make, read-only.

- SQLCipher's `cipher_integrity_check` (the HMAC of every page),
- SQLite's `integrity_check` and `foreign_key_check`,
- FTS5 `integrity-check` of every full-text index,
- the audit chain, entry by entry, naming the first broken one,
- every record against the audit trail: its stored content must hash to the content hash
  of the last audit entry for it, and a record the trail says exists must exist (a record
  changed or removed outside the services is found),
- every attachment record against its encrypted file in `<database>.attachments/`: the
  file must exist and decrypt with the device key to the recorded size and SHA-256
  (app/store/attachments.py, `problems`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from app.errors import CheckFailed, DatabaseDamaged
from app.store import attachments, audit
from app.store.connection import Connection, DatabaseError
from app.store.database import Database
from app.store.records import RECORD_TABLES


@dataclass(frozen=True)
class Finding:
    check: str
    detail: str


@dataclass
class CheckReport:
    audit_entries: int = 0
    audit_head: str = ""
    first_broken_entry: int | None = None
    passed: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def raise_if_failed(self) -> None:
        if self.findings:
            raise CheckFailed(detail="; ".join(f"{f.check}: {f.detail}" for f in self.findings))


ATTACHMENTS = "attachments"


def run_check(database: Database) -> CheckReport:
    report = CheckReport()
    _database_checks(database, report)
    _run(report, ATTACHMENTS, lambda: attachments.problems(database))
    return report


def _database_checks(database: Database, report: CheckReport) -> None:
    with database.reading() as connection:
        _run(
            report,
            "sqlcipher",
            lambda: [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")],
        )
        _run(
            report,
            "sqlite",
            lambda: [
                str(row[0])
                for row in connection.execute("PRAGMA integrity_check")
                if row[0] != "ok"
            ],
        )
        _run(
            report,
            "foreign-keys",
            lambda: [
                f"{row[0]} row {row[1]} refers to a missing {row[2]}"
                for row in connection.execute("PRAGMA foreign_key_check")
            ],
        )
        fts_tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
            )
        ]
        for table in fts_tables:
            _run(report, f"fts:{table}", functools.partial(_fts_problems, connection, table))
        try:
            chain = audit.verify(connection, database.database_id)
        except DatabaseError as error:  # a damaged page of the trail itself
            report.findings.append(Finding("audit-chain", str(error)))
            _run(report, "records-vs-audit", lambda: _unaudited_records(connection))
            return
        report.audit_entries, report.audit_head = chain.entries, chain.head_hash
        if chain.intact:
            report.passed.append("audit-chain")
        else:
            report.first_broken_entry = chain.first_broken
            report.findings.append(
                Finding("audit-chain", f"entry {chain.first_broken} is broken: {chain.reason}")
            )
        _run(report, "records-vs-audit", lambda: _unaudited_records(connection))


def _run(report: CheckReport, name: str, problems_of: Callable[[], list[str]]) -> None:
    try:
        problems = problems_of()
    except DatabaseError as error:
        problems = [str(error)]
    except DatabaseDamaged as error:  # raised by a check that reads on its own
        problems = [error.message()]
    if problems:
        report.findings.extend(Finding(name, p) for p in problems[:20])
    else:
        report.passed.append(name)


def _fts_problems(connection: Connection, table: str) -> list[str]:
    try:
        connection.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'integrity-check\')')
    except DatabaseError as error:
        return [str(error)]
    return []


AUDITED_TABLES = {**RECORD_TABLES, "corroboration_decision": "corroboration_decisions"}
"""Every table whose rows are audited records: the domain records, and the analysts'
corroboration decisions (app/search/decisions.py), same frame, same audit entries."""


def _unaudited_records(connection: Connection) -> list[str]:
    """Records whose content does not match the last audit entry about them."""
    problems = []
    for kind, table in AUDITED_TABLES.items():
        rows = connection.execute(
            f"""
            SELECT r.id, r.body, (
                SELECT a.content_hash FROM audit_log a
                WHERE a.entity_type = ? AND a.entity_id = r.id
                ORDER BY a.seq DESC LIMIT 1)
            FROM "{table}" r
            """,
            (kind,),
        )
        for record_id, body, expected in rows:
            if expected != audit.content_hash(body):
                problems.append(f"{kind} {record_id} differs from its audit trail")
        vanished = connection.execute(
            f"""
            SELECT a.entity_id FROM audit_log a
            WHERE a.entity_type = ? AND a.action != 'delete'
              AND a.seq = (SELECT max(b.seq) FROM audit_log b
                           WHERE b.entity_type = a.entity_type AND b.entity_id = a.entity_id)
              AND NOT EXISTS (SELECT 1 FROM "{table}" r WHERE r.id = a.entity_id)
            """,
            (kind,),
        )
        problems.extend(
            f"{kind} {entity_id} was removed without an audit entry" for (entity_id,) in vanished
        )
    return problems
