"""The audit trail: append-only by trigger, and a chain that `check` verifies."""

from __future__ import annotations

from typing import Any

import pytest

from app.store import audit
from app.store.check import run_check
from tests.support import record_interview


def test_update_and_delete_are_refused_by_triggers(services: Any) -> None:
    record_interview(services, with_text=False)
    connection = services.context.database.connection
    with pytest.raises(Exception, match="append-only"):
        connection.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 3")
    with pytest.raises(Exception, match="append-only"):
        connection.execute("DELETE FROM audit_log WHERE seq = 3")


def _without_triggers(connection: Any, sql: str, *params: object) -> None:
    connection.execute("DROP TRIGGER audit_log_no_update")
    connection.execute("DROP TRIGGER audit_log_no_delete")
    connection.execute(sql, params)


def test_check_names_an_entry_edited_through_raw_sql(services: Any) -> None:
    record_interview(services)
    database = services.context.database
    assert run_check(database).ok
    _without_triggers(
        database.connection, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 7"
    )
    report = run_check(database)
    assert report.first_broken_entry == 7
    assert any("entry 7" in f.detail for f in report.findings if f.check == "audit-chain")


def test_check_names_a_removed_entry(services: Any) -> None:
    record_interview(services)
    database = services.context.database
    _without_triggers(database.connection, "DELETE FROM audit_log WHERE seq = 5")
    assert run_check(database).first_broken_entry == 6


def test_check_names_a_rehashed_entry_by_the_broken_link_after_it(services: Any) -> None:
    """Recomputing the edited entry's own hash moves the break to the next entry."""
    record_interview(services)
    database = services.context.database
    row = database.connection.execute(
        "SELECT seq, at, actor, action, entity_type, entity_id, content_hash, prev_hash, "
        "entry_hash FROM audit_log WHERE seq = 4"
    ).fetchone()
    forged = audit.AuditEntry(*row[:2], "forger", *row[3:])
    _without_triggers(
        database.connection,
        "UPDATE audit_log SET actor = ?, entry_hash = ? WHERE seq = 4",
        "forger",
        forged.expected_hash(),
    )
    assert run_check(database).first_broken_entry == 5


def test_check_finds_a_record_changed_outside_the_services(services: Any) -> None:
    made = record_interview(services)
    database = services.context.database
    database.connection.execute(
        "UPDATE interviews SET body = replace(body, 'officer-1', 'officer-2') WHERE id = ?",
        (str(made["interview"].id),),
    )
    report = run_check(database)
    assert report.first_broken_entry is None
    assert [f.check for f in report.findings] == ["records-vs-audit"]
    assert str(made["interview"].id) in report.findings[0].detail


def test_chain_starts_from_the_database_id(services: Any) -> None:
    record_interview(services, with_text=False)
    database = services.context.database
    first_prev = database.connection.execute(
        "SELECT prev_hash FROM audit_log WHERE seq = 1"
    ).fetchone()[0]
    assert first_prev == audit.genesis_hash(database.database_id)
