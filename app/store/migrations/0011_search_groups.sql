-- A second search index, one row per interview (docs/search.md, "Counting and ranking by
-- interview"): the keys of every indexed record of the interview, so that a search counts
-- and ranks the matching interviews by reading one row per interview instead of every
-- matching passage (about a million for a common word at 10,000 two-hour interviews).
-- The passage index (search_fts, search_docs) then only serves the page.
--
-- A group is an interview (its number in search_group_ids, kept by the triggers below) or
-- a record of no interview (a facility), whose row is minus its `search_docs.doc`. Like
-- search_fts it is contentless and holds keys only, computed in Python
-- (app/search/groups.py).
--
-- A trigger on search_docs marks the group of every record that leaves the passage index
-- (changed or deleted, by whatever writer: the triggers of 0005) stale; the indexing code,
-- the only writer of search_docs, marks those of the records it adds (a trigger per
-- inserted row made indexing several times slower under cipher_memory_security). The app
-- rebuilds stale groups before every search (app/search/index.py), so a group's row never
-- answers with the words of a record changed or deleted since.

CREATE VIRTUAL TABLE search_groups USING fts5(
    bi, uni, latin, ref,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- `buckets`: which of the interview's rows are written (bit n: row grp * 32 + n), so that
-- writing them again deletes only those.
CREATE TABLE search_group_ids (
    grp          INTEGER PRIMARY KEY,
    interview_id TEXT NOT NULL UNIQUE,
    buckets      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE search_groups_stale (
    grp INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER search_docs_group_delete AFTER DELETE ON search_docs
BEGIN
    INSERT OR IGNORE INTO search_groups_stale(grp) VALUES (CASE
        WHEN old.interview_id IS NULL THEN -old.doc
        ELSE (SELECT grp FROM search_group_ids WHERE interview_id = old.interview_id) END);
END;

-- Every group of the index as it is: built at the next search.
INSERT OR IGNORE INTO search_group_ids(interview_id)
    SELECT interview_id FROM search_docs WHERE interview_id IS NOT NULL ORDER BY doc;
INSERT OR IGNORE INTO search_groups_stale(grp) SELECT grp FROM search_group_ids;
INSERT OR IGNORE INTO search_groups_stale(grp)
    SELECT -doc FROM search_docs WHERE interview_id IS NULL;
