-- Figures the interview list shows (progress, coverage, last activity), kept apart from
-- the records: derived from the answers and tags, rewritten by the desk after each change,
-- never audited (they prove nothing), and rebuilt from the records at any time.

CREATE TABLE interview_stats (
    interview_id TEXT PRIMARY KEY REFERENCES interviews(id),
    answered     INTEGER NOT NULL DEFAULT 0,
    shown        INTEGER NOT NULL DEFAULT 0,
    covered      INTEGER NOT NULL DEFAULT 0,
    elements     INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL
) STRICT;
