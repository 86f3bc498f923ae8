-- Sync state of a field device (issue 5; see docs/sync.md). Everything here is inside the
-- encrypted database: the device's secret keys never exist anywhere else.

-- The device's own keys: its minisign signing key (seed and key id) and its device-local
-- age identity (encrypts attachments so that this device can show them again).
CREATE TABLE sync_device (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id      TEXT NOT NULL,
    label          TEXT NOT NULL,
    signing_seed   BLOB NOT NULL,
    signing_key_id BLOB NOT NULL,
    age_identity   TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;

-- Every trust bundle accepted from Geneva, exactly as received; the current one is the
-- highest version. A lower version is refused (rollback).
CREATE TABLE sync_trust_bundles (
    version       INTEGER PRIMARY KEY,
    repository_id TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    demo          INTEGER NOT NULL CHECK (demo IN (0, 1)),
    bundle        BLOB NOT NULL,
    accepted_at   TEXT NOT NULL
) STRICT;

-- Every package this device made (sequence numbers only increase) and, once its signed
-- receipt came back, when Geneva acknowledged it.
CREATE TABLE sync_packages (
    sequence        INTEGER PRIMARY KEY CHECK (sequence >= 1),
    sha256          TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    audit_seq       INTEGER NOT NULL,
    audit_head      TEXT NOT NULL,
    acknowledged_at TEXT,
    receipt         BLOB
) STRICT;

-- What each package carried (record versions; version 0 = a deletion).
CREATE TABLE sync_package_items (
    sequence  INTEGER NOT NULL REFERENCES sync_packages(sequence),
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    PRIMARY KEY (sequence, kind, record_id)
) STRICT, WITHOUT ROWID;

-- What Geneva holds, as its valid receipts said: the latest version of each record.
CREATE TABLE sync_held (
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    sequence  INTEGER NOT NULL,
    PRIMARY KEY (kind, record_id)
) STRICT, WITHOUT ROWID;

-- Identity data sealed at capture to Geneva's identity key: the body holds the age
-- ciphertext only. The plaintext `identities` table stays empty on a field device.
CREATE TABLE sealed_identities (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interviewee_id TEXT NOT NULL UNIQUE REFERENCES interviewees(id)
) STRICT;
