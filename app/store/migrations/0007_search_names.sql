-- The search index also holds, for each record, a key per reference entry whose name its
-- text contains (column `ref`, computed by app/search/names.py), so that a variant query
-- (보위부 = 국가보위성 = bowibu = MSS = SSD) asks for one key instead of forty spellings.
--
-- An FTS5 table cannot gain a column: it is made again, empty, and every searchable record
-- is queued; the next search indexes them (app/search/index.py). The keys depend on the
-- reference data, whose version is kept in meta ('search_names'): deleted here, so that
-- the index is known to be stale until it is rebuilt.

DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    bi, uni, latin, ref,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
DELETE FROM search_docs;
DELETE FROM search_pending;
INSERT INTO search_pending(kind, record_id) SELECT 'transcript_segment', id FROM transcript_segments;
INSERT INTO search_pending(kind, record_id) SELECT 'answer', id FROM answers;
INSERT INTO search_pending(kind, record_id) SELECT 'incident', id FROM incidents;
INSERT INTO search_pending(kind, record_id) SELECT 'person', id FROM persons;
INSERT INTO search_pending(kind, record_id) SELECT 'facility', id FROM facilities;
DELETE FROM meta WHERE key = 'search_names';
