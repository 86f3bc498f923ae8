-- Full-text search over every kind of testimony, and the analysts' corroboration decisions,
-- all inside the encrypted database (see docs/search.md).
--
-- Supersedes the trigram index of 0003 (transcript_fts): one index now covers transcripts,
-- text answers, incidents, persons and facilities, and answers one- and two-syllable
-- Korean terms, which a trigram index cannot.
--
-- search_fts is contentless: it holds only the keys (app/search/korean.py), never a copy of
-- the text; results and snippets are read from the records themselves. Its keys are
-- computed in Python, so the triggers below only queue what changed (search_pending) and
-- drop what was changed or deleted from the index at once. The app indexes the queue
-- before every search (app/search/index.py), so whatever path wrote a record, the next
-- search finds it, and an edited or deleted text is never found by its old words.

DROP TRIGGER transcript_fts_insert;
DROP TRIGGER transcript_fts_delete;
DROP TRIGGER transcript_fts_update;
DROP TABLE transcript_fts;

-- One row per indexed record; `doc` is the rowid of its keys in search_fts.
CREATE TABLE search_docs (
    doc          INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    interview_id TEXT,
    UNIQUE (kind, record_id)
) STRICT;
CREATE INDEX search_docs_by_interview ON search_docs(interview_id);

-- Records written since the last indexing (ids only, no text).
CREATE TABLE search_pending (
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE search_fts USING fts5(
    bi, uni, latin,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_transcript_segments_insert AFTER INSERT ON transcript_segments
BEGIN
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('transcript_segment', new.id);
END;

CREATE TRIGGER search_transcript_segments_update AFTER UPDATE OF body ON transcript_segments
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'transcript_segment' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'transcript_segment' AND record_id = old.id;
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('transcript_segment', new.id);
END;

CREATE TRIGGER search_transcript_segments_delete AFTER DELETE ON transcript_segments
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'transcript_segment' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'transcript_segment' AND record_id = old.id;
    DELETE FROM search_pending WHERE kind = 'transcript_segment' AND record_id = old.id;
END;

INSERT INTO search_pending(kind, record_id) SELECT 'transcript_segment', id FROM transcript_segments;

CREATE TRIGGER search_answers_insert AFTER INSERT ON answers
BEGIN
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('answer', new.id);
END;

CREATE TRIGGER search_answers_update AFTER UPDATE OF body ON answers
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'answer' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'answer' AND record_id = old.id;
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('answer', new.id);
END;

CREATE TRIGGER search_answers_delete AFTER DELETE ON answers
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'answer' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'answer' AND record_id = old.id;
    DELETE FROM search_pending WHERE kind = 'answer' AND record_id = old.id;
END;

INSERT INTO search_pending(kind, record_id) SELECT 'answer', id FROM answers;

CREATE TRIGGER search_incidents_insert AFTER INSERT ON incidents
BEGIN
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('incident', new.id);
END;

CREATE TRIGGER search_incidents_update AFTER UPDATE OF body ON incidents
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'incident' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'incident' AND record_id = old.id;
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('incident', new.id);
END;

CREATE TRIGGER search_incidents_delete AFTER DELETE ON incidents
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'incident' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'incident' AND record_id = old.id;
    DELETE FROM search_pending WHERE kind = 'incident' AND record_id = old.id;
END;

INSERT INTO search_pending(kind, record_id) SELECT 'incident', id FROM incidents;

CREATE TRIGGER search_persons_insert AFTER INSERT ON persons
BEGIN
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('person', new.id);
END;

CREATE TRIGGER search_persons_update AFTER UPDATE OF body ON persons
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'person' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'person' AND record_id = old.id;
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('person', new.id);
END;

CREATE TRIGGER search_persons_delete AFTER DELETE ON persons
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'person' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'person' AND record_id = old.id;
    DELETE FROM search_pending WHERE kind = 'person' AND record_id = old.id;
END;

INSERT INTO search_pending(kind, record_id) SELECT 'person', id FROM persons;

CREATE TRIGGER search_facilities_insert AFTER INSERT ON facilities
BEGIN
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('facility', new.id);
END;

CREATE TRIGGER search_facilities_update AFTER UPDATE OF body ON facilities
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'facility' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'facility' AND record_id = old.id;
    INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES ('facility', new.id);
END;

CREATE TRIGGER search_facilities_delete AFTER DELETE ON facilities
BEGIN
    DELETE FROM search_fts WHERE rowid =
        (SELECT doc FROM search_docs WHERE kind = 'facility' AND record_id = old.id);
    DELETE FROM search_docs WHERE kind = 'facility' AND record_id = old.id;
    DELETE FROM search_pending WHERE kind = 'facility' AND record_id = old.id;
END;

INSERT INTO search_pending(kind, record_id) SELECT 'facility', id FROM facilities;

-- An analyst's decision on a candidate corroboration (app/search/decisions.py): the same
-- record frame as every other record, each change in the audit trail.
CREATE TABLE corroboration_decisions (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, body TEXT NOT NULL,
    candidate_key TEXT NOT NULL
) STRICT;
CREATE INDEX corroboration_decisions_by_key ON corroboration_decisions(candidate_key);
