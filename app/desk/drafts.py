"""What was typed but not yet recorded when the desk locked, kept until the unlock.

A records form (a person or a facility being described) and the "new person / new
facility" line of a question are saved only when the interviewer says so (Save, Add): what
they hold at a lock is a draft, not a record. A lock forgets every widget and keeps nothing
of the testimony in memory, so the draft goes into the encrypted database (the `meta`
table: never audited, exported or searched) just before the database closes, and the
unlock takes it back out (read and deleted in one transaction) to put it where it was.

A draft is a flat mapping of field names to the text or choice shown, for one interview.
A dialog open at the lock (New interview; the tag dialog's choices travel with the
interview's draft) is kept the same way, under its own name (`keep_dialog`).
"""

from __future__ import annotations

import json
from uuid import UUID

from app.store.database import Database

DRAFTS_KEY = "desk_drafts"

Drafts = dict[str, str]


def keep_drafts(database: Database, interview_id: UUID, drafts: Drafts) -> None:
    """Keep `drafts` of `interview_id` (replacing any kept before); nothing if empty."""
    with database.transaction() as connection:
        connection.execute("DELETE FROM meta WHERE key = ?", (DRAFTS_KEY,))
        if drafts:
            value = json.dumps({"interview": str(interview_id), "drafts": drafts})
            connection.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (DRAFTS_KEY, value))


def take_drafts(database: Database, interview_id: UUID) -> Drafts:
    """The drafts kept for `interview_id`, deleted as they are read ({} if none)."""
    with database.transaction() as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (DRAFTS_KEY,)).fetchone()
        if row is None:
            return {}
        kept = json.loads(row[0])
        if kept.get("interview") != str(interview_id):
            return {}  # another interview's: it waits for that one
        connection.execute("DELETE FROM meta WHERE key = ?", (DRAFTS_KEY,))
    drafts = kept.get("drafts", {})
    return {str(k): str(v) for k, v in drafts.items()}


def _dialog_key(name: str) -> str:
    return f"desk_dialog|{name}"


def keep_dialog(database: Database, name: str, fields: Drafts) -> None:
    """Keep what was typed in the dialog `name` (one not tied to an interview, such as New
    interview) until the unlock; replaces any kept before, nothing if `fields` is empty."""
    key = _dialog_key(name)
    with database.transaction() as connection:
        connection.execute("DELETE FROM meta WHERE key = ?", (key,))
        if fields:
            connection.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)", (key, json.dumps(fields))
            )


def take_dialog(database: Database, name: str) -> Drafts:
    """What was kept of the dialog `name`, deleted as it is read ({} if nothing)."""
    key = _dialog_key(name)
    with database.transaction() as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            return {}
        connection.execute("DELETE FROM meta WHERE key = ?", (key,))
    kept = json.loads(row[0])
    return {str(k): str(v) for k, v in kept.items()} if isinstance(kept, dict) else {}
