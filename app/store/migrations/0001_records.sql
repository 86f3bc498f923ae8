-- Records of the domain model. Every record table has the same frame: a UUID id, a
-- version raised on every update, UTC ISO-8601 times, and `body`, the whole record as
-- canonical JSON (the pydantic model). A few columns are copied out of the body for
-- keys, joins and ordering; the body stays the source of truth.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE interviewees (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE
) STRICT;

-- Identity data (real name, birth date, hometown, relatives) apart from the testimony.
CREATE TABLE identities (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interviewee_id TEXT NOT NULL UNIQUE REFERENCES interviewees(id)
) STRICT;

CREATE TABLE interviews (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interviewee_id TEXT NOT NULL REFERENCES interviewees(id),
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL
) STRICT;
CREATE INDEX interviews_by_interviewee ON interviews(interviewee_id);

CREATE TABLE consents (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id)
) STRICT;
CREATE INDEX consents_by_interview ON consents(interview_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id),
    number INTEGER NOT NULL,
    UNIQUE (interview_id, number)
) STRICT;

CREATE TABLE answers (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id),
    question_id TEXT NOT NULL,
    position TEXT NOT NULL,
    UNIQUE (interview_id, question_id, position)
) STRICT;

CREATE TABLE transcript_segments (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id),
    session_id TEXT NOT NULL REFERENCES sessions(id),
    ordinal INTEGER NOT NULL
) STRICT;
CREATE INDEX transcript_by_session ON transcript_segments(session_id, ordinal);
CREATE INDEX transcript_by_interview ON transcript_segments(interview_id);

CREATE TABLE incidents (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id)
) STRICT;
CREATE INDEX incidents_by_interview ON incidents(interview_id);

CREATE TABLE persons (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT REFERENCES interviews(id)
) STRICT;
CREATE INDEX persons_by_interview ON persons(interview_id);

CREATE TABLE facilities (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL
) STRICT;

CREATE TABLE element_tags (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id),
    element_id TEXT NOT NULL
) STRICT;
CREATE INDEX element_tags_by_interview ON element_tags(interview_id, element_id);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews(id),
    sha256 TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_by_interview ON attachments(interview_id);
