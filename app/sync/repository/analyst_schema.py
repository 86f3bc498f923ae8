"""Tables of the analysts' work and of imports, beside the evidence and never inside it.

Both are append-only: an assessment is revised by a new version (the earlier ones stay,
with who made them and when), and an import is recorded once with the file as received.
Portable SQL (no JSON functions, no SQLite-only types beyond STRICT, which PostgreSQL
drops; docs/repository.md).
"""

from __future__ import annotations

SCHEMA = """
-- Reliability and credibility assessments by analysts (assessments.py). Never updated
-- nor deleted: a revision is a new version of the same (target, aspect).
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    aspect      TEXT NOT NULL,
    rating      TEXT NOT NULL,
    reasons     TEXT NOT NULL,
    analyst     TEXT NOT NULL,
    at          TEXT NOT NULL,
    version     INTEGER NOT NULL,
    UNIQUE (target_kind, target_id, aspect, version)
) STRICT;
CREATE INDEX assessments_by_target ON assessments(target_id);

-- Analysts' decisions that two interviewees are, or are not, one person
-- (witness_decisions.py); the latest on a pair holds. first < second.
CREATE TABLE witness_decisions (
    id       INTEGER PRIMARY KEY,
    first    TEXT NOT NULL,
    second   TEXT NOT NULL,
    same     INTEGER NOT NULL,
    reasons  TEXT NOT NULL,
    analyst  TEXT NOT NULL,
    at       TEXT NOT NULL
) STRICT;

-- Imports of other organisations' records (imports.py); the file itself is kept under
-- imports/ as received, its records in `records` under device_id 'import:<id>'.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    organisation TEXT NOT NULL,
    file_sha256  TEXT NOT NULL UNIQUE,
    stored_as    TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    accepted     INTEGER NOT NULL,
    refused      INTEGER NOT NULL
) STRICT;
CREATE TABLE import_rows (
    import_id     INTEGER NOT NULL REFERENCES imports(id),
    line          INTEGER NOT NULL,
    external_id   TEXT NOT NULL,
    interview_id  TEXT NOT NULL,
    consent_basis TEXT NOT NULL,
    provenance    TEXT NOT NULL,
    PRIMARY KEY (import_id, line)
) STRICT;
"""
