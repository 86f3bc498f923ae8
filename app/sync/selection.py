"""What goes into the next package: consent enforced, only what Geneva does not hold.

Within one read snapshot, temporary tables (in memory: `temp_store = MEMORY`) name the
interviews whose witness consented to transfer to Geneva, their interviewees, the
interviewees whose identity may go (`use_of_identity` as well), and every record id that
must not leave (`x_withheld`, used to redact the audit trail), facilities named only by
interviews that may not go included. A record is selected when it
is in scope and Geneva's receipts do not already show its version (`sync_held`).
"""

# Table names and scopes in the SQL below come from the fixed SCOPES mapping; every value
# is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.domain import Consent, ConsentScope
from app.store.connection import Connection

X_INTERVIEWS = "(SELECT id FROM temp.x_interviews)"

# kind → (table, scope): which rows may leave the device at all.
SCOPES: dict[str, tuple[str, str]] = {
    "interviewee": ("interviewees", "id IN (SELECT id FROM temp.x_interviewees)"),
    "sealed_identity": (
        "sealed_identities",
        "interviewee_id IN (SELECT id FROM temp.x_identity)",
    ),
    "interview": ("interviews", f"id IN {X_INTERVIEWS}"),
    "consent": ("consents", "interview_id IN (SELECT id FROM temp.x_consent_interviews)"),
    "session": ("sessions", f"interview_id IN {X_INTERVIEWS}"),
    "answer": ("answers", f"interview_id IN {X_INTERVIEWS}"),
    "transcript_segment": ("transcript_segments", f"interview_id IN {X_INTERVIEWS}"),
    "incident": ("incidents", f"interview_id IN {X_INTERVIEWS}"),
    "person": ("persons", f"interview_id IS NULL OR interview_id IN {X_INTERVIEWS}"),
    "facility": ("facilities", "id NOT IN (SELECT id FROM temp.x_withheld)"),
    "element_tag": ("element_tags", f"interview_id IN {X_INTERVIEWS}"),
    "attachment": ("attachments", f"interview_id IN {X_INTERVIEWS}"),
}
INTERVIEW_SCOPED = ("consent", "session", "answer", "transcript_segment", "incident")
INTERVIEW_SCOPED_ALL = (*INTERVIEW_SCOPED, "person", "element_tag", "attachment")

_NOT_HELD = (
    "NOT EXISTS (SELECT 1 FROM sync_held h WHERE h.kind = ? AND h.record_id = t.id "
    "AND h.version >= t.version)"
)


def _where(kind: str) -> str:
    return f"({SCOPES[kind][1]}) AND {_NOT_HELD}"


@dataclass
class Plan:
    withheld: list[dict[str, object]] = field(default_factory=list)
    exported_interviews: int = 0


def _reason(consent: Consent | None, scope: ConsentScope) -> str | None:
    """Why `scope` is not allowed now, or None when it is."""
    if consent is None:
        return "no_consent_recorded"
    if scope not in consent.granted:
        return f"{scope.value}_not_granted"
    if not consent.allows(scope):
        return f"{scope.value}_withdrawn"
    return None


def prepare(connection: Connection) -> Plan:
    """Fill the temporary tables for this snapshot; the withheld list, without content."""
    for name in (
        "x_interviews",
        "x_interviewees",
        "x_identity",
        "x_consent_interviews",
        "x_withheld",
    ):
        connection.execute(f"DROP TABLE IF EXISTS temp.{name}")
        connection.execute(f"CREATE TEMP TABLE {name} (id TEXT PRIMARY KEY) WITHOUT ROWID")
    latest: dict[str, Consent] = {}
    for (body,) in connection.execute("SELECT body FROM consents"):
        given = Consent.model_validate_json(body)
        key = str(given.interview_id)
        if key not in latest or (given.given_at, given.version) > (
            latest[key].given_at,
            latest[key].version,
        ):
            latest[key] = given
    plan = Plan()
    identity_ok: set[str] = set()
    identity_reason: dict[str, str] = {}
    rows = connection.execute("SELECT id, interviewee_id, code FROM interviews ORDER BY id")
    for interview_id, interviewee_id, code in rows.fetchall():
        consent = latest.get(interview_id)
        reason = _reason(consent, ConsentScope.TRANSFER_GENEVA)
        if reason is not None:
            connection.execute("INSERT INTO temp.x_withheld VALUES (?)", (interview_id,))
            plan.withheld.append(
                {"kind": "interview", "id": interview_id, "code": code, "reason": reason}
            )
            continue
        plan.exported_interviews += 1
        connection.execute("INSERT INTO temp.x_interviews VALUES (?)", (interview_id,))
        connection.execute(
            "INSERT OR IGNORE INTO temp.x_interviewees VALUES (?)", (interviewee_id,)
        )
        identity = _reason(consent, ConsentScope.USE_OF_IDENTITY)
        if identity is None:
            identity_ok.add(interviewee_id)
        else:
            identity_reason.setdefault(interviewee_id, identity)
    connection.executemany(
        "INSERT INTO temp.x_identity VALUES (?)", [(i,) for i in sorted(identity_ok)]
    )
    for sealed_id, interviewee_id in connection.execute(
        "SELECT id, interviewee_id FROM sealed_identities WHERE interviewee_id NOT IN "
        "(SELECT id FROM temp.x_identity) ORDER BY id"
    ).fetchall():
        connection.execute("INSERT INTO temp.x_withheld VALUES (?)", (sealed_id,))
        plan.withheld.append(
            {
                "kind": "sealed_identity",
                "id": sealed_id,
                "interviewee_id": interviewee_id,
                "reason": identity_reason.get(interviewee_id, "no_interview_transferred"),
            }
        )
    connection.execute(
        "INSERT INTO temp.x_consent_interviews SELECT id FROM temp.x_interviews UNION "
        "SELECT record_id FROM sync_held WHERE kind = 'interview'"
    )
    withheld_interviews = "(SELECT id FROM temp.x_withheld)"
    for kind in INTERVIEW_SCOPED_ALL:
        table = SCOPES[kind][0]
        connection.execute(
            f"INSERT OR IGNORE INTO temp.x_withheld SELECT id FROM {table} "
            f"WHERE interview_id IN {withheld_interviews}"
        )
    _withhold_facilities(connection)
    return plan


FACILITY_REFERENCES = (
    "SELECT json_extract(body, '$.value.facility_id') AS facility_id, interview_id "
    "FROM answers WHERE json_extract(body, '$.value.type') = 'facility' "
    "UNION SELECT json_extract(body, '$.facility_id'), interview_id FROM incidents "
    "WHERE json_extract(body, '$.facility_id') IS NOT NULL"
)


def _withhold_facilities(connection: Connection) -> None:
    """Facilities are shared records without an interview of their own: one named only by
    the answers and incidents of interviews that may not go is withheld with them (it was
    made inside such an interview); one also named by an interview that goes, or by none
    (recorded at the desk), goes."""
    connection.execute(
        "INSERT OR IGNORE INTO temp.x_withheld SELECT facility_id FROM "
        f"({FACILITY_REFERENCES}) WHERE interview_id NOT IN (SELECT id FROM temp.x_interviews) "
        "EXCEPT SELECT facility_id FROM "
        f"({FACILITY_REFERENCES}) WHERE interview_id IN (SELECT id FROM temp.x_interviews)"
    )


def size_and_count(connection: Connection, kind: str) -> tuple[int, int]:
    """(lines, bytes) of this kind's JSON lines file."""
    table = SCOPES[kind][0]
    count, size = connection.execute(
        f"SELECT count(*), coalesce(sum(length(CAST(body AS BLOB)) + 1), 0) FROM {table} t "
        f"WHERE {_where(kind)}",
        (kind,),
    ).fetchone()
    return int(count), int(size)


def new_and_changed(connection: Connection, kind: str) -> tuple[int, int]:
    """(new, changed) among the selected records of `kind`: changed when Geneva already
    holds an older version of the record, new when it holds none."""
    table = SCOPES[kind][0]
    total, held = connection.execute(
        f"SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM sync_held h2 WHERE "
        f"h2.kind = ? AND h2.record_id = t.id)), 0) FROM {table} t WHERE {_where(kind)}",
        (kind, kind),
    ).fetchone()
    return int(total) - int(held), int(held)


def lines(connection: Connection, kind: str) -> Iterator[bytes]:
    """The selected records of `kind`, one canonical JSON body per line."""
    table = SCOPES[kind][0]
    cursor = connection.execute(
        f"SELECT body FROM {table} t WHERE {_where(kind)} ORDER BY created_at, id", (kind,)
    )
    for (body,) in cursor:
        yield body.encode("utf-8") + b"\n"


def items_sql(kind: str) -> str:
    """INSERT of this kind's selected (kind, id, version) as items of package `?`."""
    table = SCOPES[kind][0]
    return (
        f"INSERT INTO sync_package_items SELECT ?, '{kind}', id, version FROM {table} t "
        f"WHERE {_where(kind)}"
    )


def attachments(connection: Connection) -> list[tuple[str, str]]:
    """(id, filename) of the attachment records selected."""
    return [
        (row[0], json.loads(row[1])["filename"])
        for row in connection.execute(
            f"SELECT id, body FROM attachments t WHERE {_where('attachment')} "
            "ORDER BY created_at, id",
            ("attachment",),
        )
    ]


def deletions(connection: Connection) -> list[tuple[str, str, int]]:
    """(kind, id, last version) of records Geneva holds that no longer exist here."""
    found = []
    for kind, (table, _scope) in SCOPES.items():
        found += [
            (kind, row[0], int(row[1]))
            for row in connection.execute(
                f"SELECT record_id, version FROM sync_held h WHERE kind = ? AND version > 0 "
                f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = h.record_id) "
                "ORDER BY record_id",
                (kind,),
            )
        ]
    return found


def questionnaires(connection: Connection) -> list[str]:
    rows = connection.execute(
        "SELECT DISTINCT coalesce(json_extract(body, '$.questionnaire_id'), '') || '@' || "
        "json_extract(body, '$.questionnaire_version') FROM interviews "
        f"WHERE id IN {X_INTERVIEWS} AND json_extract(body, '$.questionnaire_version') "
        "IS NOT NULL UNION SELECT DISTINCT '@' || json_extract(body, '$.questionnaire_version') "
        f"FROM answers WHERE interview_id IN {X_INTERVIEWS} AND "
        "json_extract(body, '$.questionnaire_version') IS NOT NULL"
    )
    return sorted(str(row[0]) for row in rows)
