-- The interview list's figures go stale whenever what they are derived from changes, by
-- whichever writer: the desk, the command line, the demo, the transcript's tags, a restore.
-- Triggers mark the row stale (creating it when missing) and keep its time of last change;
-- the core recomputes stale rows from the records before the list is read
-- (app/desk/stats.py), so no writer can leave the list showing figures that are not the
-- records' own.

ALTER TABLE interview_stats ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;

CREATE INDEX interview_stats_stale ON interview_stats(stale) WHERE stale = 1;

CREATE TRIGGER answers_stale_insert AFTER INSERT ON answers BEGIN
    INSERT INTO interview_stats (interview_id, updated_at, stale)
    VALUES (NEW.interview_id, NEW.updated_at, 1)
    ON CONFLICT(interview_id) DO UPDATE
    SET stale = 1, updated_at = max(updated_at, excluded.updated_at);
END;

CREATE TRIGGER answers_stale_update AFTER UPDATE ON answers BEGIN
    INSERT INTO interview_stats (interview_id, updated_at, stale)
    VALUES (NEW.interview_id, NEW.updated_at, 1)
    ON CONFLICT(interview_id) DO UPDATE
    SET stale = 1, updated_at = max(updated_at, excluded.updated_at);
END;

CREATE TRIGGER answers_stale_delete AFTER DELETE ON answers BEGIN
    INSERT INTO interview_stats (interview_id, updated_at, stale)
    VALUES (OLD.interview_id, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), 1)
    ON CONFLICT(interview_id) DO UPDATE
    SET stale = 1, updated_at = max(updated_at, excluded.updated_at);
END;

CREATE TRIGGER element_tags_stale_insert AFTER INSERT ON element_tags BEGIN
    INSERT INTO interview_stats (interview_id, updated_at, stale)
    VALUES (NEW.interview_id, NEW.updated_at, 1)
    ON CONFLICT(interview_id) DO UPDATE
    SET stale = 1, updated_at = max(updated_at, excluded.updated_at);
END;

CREATE TRIGGER element_tags_stale_update AFTER UPDATE ON element_tags BEGIN
    INSERT INTO interview_stats (interview_id, updated_at, stale)
    VALUES (NEW.interview_id, NEW.updated_at, 1)
    ON CONFLICT(interview_id) DO UPDATE
    SET stale = 1, updated_at = max(updated_at, excluded.updated_at);
END;

CREATE TRIGGER element_tags_stale_delete AFTER DELETE ON element_tags BEGIN
    INSERT INTO interview_stats (interview_id, updated_at, stale)
    VALUES (OLD.interview_id, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), 1)
    ON CONFLICT(interview_id) DO UPDATE
    SET stale = 1, updated_at = max(updated_at, excluded.updated_at);
END;

-- Figures written before this migration came from one writer only (the desk): recompute
-- every interview that has answers or tags.
INSERT INTO interview_stats (interview_id, updated_at, stale)
SELECT interview_id, max(updated_at), 1 FROM
    (SELECT interview_id, updated_at FROM answers
     UNION ALL SELECT interview_id, updated_at FROM element_tags)
GROUP BY interview_id
ON CONFLICT(interview_id) DO UPDATE SET stale = 1;
