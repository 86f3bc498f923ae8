-- The audit trail: append-only and hash-chained. Each entry holds the hash of the new
-- content of a record, never the content. entry_hash = SHA-256 over the canonical JSON of
-- [seq, at, actor, action, entity_type, entity_id, content_hash, prev_hash]; the first
-- entry's prev_hash is SHA-256("sillok-audit-v1:" + database id). See app/store/audit.py.

CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'event')),
    entity_type  TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    entry_hash   TEXT NOT NULL
) STRICT;

-- For `check`: the last entry about each record.
CREATE INDEX audit_by_entity ON audit_log(entity_type, entity_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be deleted');
END;
