-- Re-interview requests from Geneva (`sillok reinterview FILE`, app/sync/reinterview.py):
-- every signed list as received, and what it asks of each witness, found again by the
-- interviewee's id when that witness is interviewed next. The lists name no one: the codes
-- and ids this device made, the reasons, the legal elements and an analyst's note.

CREATE TABLE reinterview_requests (
    request_id TEXT PRIMARY KEY,  -- SHA-256 of the signed bytes
    made_at    TEXT NOT NULL,
    loaded_at  TEXT NOT NULL,
    document   BLOB NOT NULL      -- the signed file, exactly as received
) STRICT;

CREATE TABLE reinterview_asks (
    request_id     TEXT NOT NULL REFERENCES reinterview_requests(request_id),
    interviewee_id TEXT NOT NULL,
    made_at        TEXT NOT NULL,
    note           TEXT NOT NULL,  -- the analyst's note to the interviewers
    body           TEXT NOT NULL,  -- the witness's entry of the list (JSON)
    PRIMARY KEY (request_id, interviewee_id)
) STRICT;

CREATE INDEX reinterview_asks_by_interviewee ON reinterview_asks(interviewee_id, made_at);
