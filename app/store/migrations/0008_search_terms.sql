-- 1. The queue keeps the order records were written in (`seq`), so that the index's row
-- numbers follow it and "the most recent matches" are the most recently written, also
-- after a rebuild (the queue was ordered by record id, which is random).

CREATE TABLE search_queue (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    UNIQUE (kind, record_id)
) STRICT;
INSERT INTO search_queue(kind, record_id) SELECT kind, record_id FROM search_pending;
-- The triggers of 0005 name search_pending: with the legacy rename they are left as they
-- are (and name the new table), instead of being checked against the dropped one.
PRAGMA legacy_alter_table = ON;
DROP TABLE search_pending;
ALTER TABLE search_queue RENAME TO search_pending;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX search_pending_in_order ON search_pending(kind, seq);

-- 2. The words of the index's `latin` column (English, romanisations, numbers), so that a word
-- typed in another script is searched as the indexed words that start with it, which FTS5
-- reads lazily, and not as an FTS5 prefix query, which builds every match in memory first
-- (5 s for "bowibu*" over 10,000 transcripts). Filled by app/search/index.py as records are
-- indexed; here from the index as it is. Words are never removed: a word no record holds
-- any more only finds nothing.

CREATE TABLE search_terms (
    term TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE temp.search_vocabulary USING fts5vocab(main, search_fts, 'col');
INSERT INTO search_terms(term)
    SELECT DISTINCT term FROM temp.search_vocabulary WHERE col = 'latin';
DROP TABLE temp.search_vocabulary;
