"""The roles of a repository on PostgreSQL, enforced by the database's own grants, and
its access log (docs/repository-server.md).

Four group roles (NOLOGIN); each person logs in with their own role, made a member of
one of them (`CREATE ROLE kim LOGIN IN ROLE sillok_analyst`):

- `sillok_intake` (intake officer): enrols and revokes laptops, ingests packages and
  imports; reads what ingest needs (hashes, devices, the lifted columns) but no
  testimony;
- `sillok_analyst`: reads testimony (each read in the access log) and records
  assessments and decisions beside it (appending, never changing); changes no evidence;
- `sillok_legal` (legal officer): what an analyst does, and reads the access log;
- `sillok_custodian`: keeps Geneva's keys (export, recovery) and reads testimony.

The owner (the account that made the repository) alone migrates the schema and
rebuilds the consolidated view (`repository rebuild-view`).

The evidence and the access log are append-only for everyone, the owner included
(a trigger refuses UPDATE, DELETE and TRUNCATE with SQLSTATE SX001). The access log is
written only through `sillok_log_read` (SECURITY DEFINER), which takes who and when from
the server (`session_user`, its clock): nobody can write a line in another's name.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors

from app.sync.repository import facts, search_schema, search_stamps

ROLES = ("sillok_intake", "sillok_analyst", "sillok_legal", "sillok_custodian")
READERS = "sillok_analyst, sillok_legal, sillok_custodian"
ALL = ", ".join(ROLES)

APPEND_ONLY_TABLES = (
    "records",
    "packages",
    "attachment_files",
    "audit_entries",
    "withheld",
    "bundles",
    "imports",
    "import_rows",
    "assessments",
    "witness_decisions",
    "corroboration_decisions",
    "access_log",
    "disclosures",
    "disclosure_outcomes",
)
"""Never changed nor removed by anyone (SQLSTATE SX001)."""

TESTIMONY = (
    "records",
    "interviewees",
    "interviews",
    "consents",
    "sessions",
    "answers",
    "transcript_segments",
    "incidents",
    "persons",
    "facilities",
    "element_tags",
    "attachments",
)
"""What only the readers of testimony may SELECT (never the intake officer)."""

ANALYSIS_TABLES = ("assessments", "witness_decisions", "corroboration_decisions")
"""The analysts' own work beside the evidence: the readers read it, analysts and legal
officers add to it, nobody changes it (append-only)."""
ANALYSIS = ", ".join(ANALYSIS_TABLES)

ACCESS_LOG = """
CREATE TABLE access_log (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    who  TEXT NOT NULL DEFAULT session_user,
    what TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE FUNCTION sillok_log_read(what TEXT, detail TEXT) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS
    $$ INSERT INTO public.access_log (what, detail) VALUES (what, detail) $$;
CREATE FUNCTION sillok_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the table % is append-only', TG_TABLE_NAME USING ERRCODE = 'SX001';
END $$;
"""


SIGNING_KEY_VIEW = (
    "CREATE OR REPLACE VIEW geneva_signing_key AS SELECT name, secret FROM geneva_keys "
    "WHERE name IN ('signing_seed', 'signing_key_id')"
)
"""Geneva's signing key alone (still sealed), for the role that signs disclosures."""


def grants() -> str:
    evidence = "devices, bundles, packages, attachment_files, audit_entries, withheld, alerts"
    lines = [
        SIGNING_KEY_VIEW,
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
        "REVOKE ALL ON FUNCTION sillok_log_read(TEXT, TEXT) FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {ALL}",
        f"GRANT EXECUTE ON FUNCTION sillok_log_read(TEXT, TEXT) TO {ALL}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {ALL}",
        # What every role reads: the register of devices and packages, no testimony.
        f"GRANT SELECT ON meta, {evidence}, imports, import_rows, current_records, "
        f"interview_counts, record_versions TO {ALL}",
        # The intake officer: enrol, revoke, ingest, import, clear alerts.
        f"GRANT INSERT ON {evidence}, records, imports, import_rows, geneva_keys, meta "
        "TO sillok_intake",
        "GRANT UPDATE ON meta, devices, alerts TO sillok_intake",
        "GRANT SELECT ON geneva_keys TO sillok_intake, sillok_custodian",
        "GRANT INSERT, DELETE ON current_records, interview_counts "
        "TO sillok_intake, sillok_custodian",
        # The readers of testimony, and the analysts' own work beside it.
        f"GRANT SELECT ON {', '.join(TESTIMONY)}, {ANALYSIS} TO {READERS}",
        f"GRANT INSERT ON {ANALYSIS} TO sillok_analyst, sillok_legal",
        # The custodian: Geneva's keys and the recovery register.
        "GRANT INSERT, UPDATE ON geneva_keys TO sillok_custodian",
        "GRANT SELECT, INSERT ON recoveries TO sillok_custodian",
        # The legal officer discloses to accountability mechanisms and keeps their register;
        # a disclosure (and a re-interview list for Seoul) is signed with Geneva's signing
        # key, of which the role reads that key alone (never the package or identity keys).
        "GRANT SELECT, INSERT ON disclosures, disclosure_outcomes TO sillok_legal",
        "GRANT SELECT ON geneva_signing_key TO sillok_legal",
        # Only the legal officer reads the access log; nobody writes it but the function.
        "GRANT SELECT ON access_log TO sillok_legal",
        # The readers keep the search index (keys of testimony) as they search.
        search_schema.GRANTS,
        search_stamps.GRANTS,
        facts.GRANTS,
    ]
    return ";\n".join(lines) + ";\n"


def append_only_trigger(table: str) -> str:
    # A statement trigger: it refuses even a statement that would touch no row.
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION sillok_append_only();\n"
    )


def _triggers() -> str:
    return "".join(append_only_trigger(table) for table in APPEND_ONLY_TABLES)


def create_roles(raw: psycopg.Connection[Any]) -> None:
    """The four group roles, once per cluster (several repositories may share them)."""
    for role in ROLES:
        if raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            continue
        try:
            raw.execute(f"CREATE ROLE {role} NOLOGIN")
        except errors.DuplicateObject:  # made meanwhile by another repository's init
            pass


def server_schema() -> str:
    """What the server adds to the common schema (inside the init transaction)."""
    return ACCESS_LOG + _triggers() + grants()
