-- Full-text index of transcript text, inside the encrypted database. The trigram
-- tokenizer matches Korean inside words (보위부에서 contains 보위부). The text lives in
-- transcript_segments.text, copied out of the body so the index can use it as content.

ALTER TABLE transcript_segments ADD COLUMN text TEXT NOT NULL DEFAULT '';
UPDATE transcript_segments SET text = json_extract(body, '$.text');

CREATE VIRTUAL TABLE transcript_fts USING fts5(
    text,
    content = 'transcript_segments',
    content_rowid = 'rowid',
    tokenize = 'trigram'
);
INSERT INTO transcript_fts(transcript_fts) VALUES ('rebuild');

CREATE TRIGGER transcript_fts_insert AFTER INSERT ON transcript_segments
BEGIN
    INSERT INTO transcript_fts(rowid, text) VALUES (new.rowid, new.text);
END;

CREATE TRIGGER transcript_fts_delete AFTER DELETE ON transcript_segments
BEGIN
    INSERT INTO transcript_fts(transcript_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;

CREATE TRIGGER transcript_fts_update AFTER UPDATE OF text ON transcript_segments
BEGIN
    INSERT INTO transcript_fts(transcript_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO transcript_fts(rowid, text) VALUES (new.rowid, new.text);
END;
