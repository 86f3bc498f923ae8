"""Interviews with their transcripts written straight into the tables, quickly, for the
search tests that need many records (the triggers queue every segment for indexing, as
the services' writes do)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from app.store.database import Database


def write_interviews(database: Database, transcripts: list[list[str]]) -> list[str]:
    """One interview (with one session) per list of segment texts, oldest first; returns
    the interview ids in the same order."""
    stamp = datetime.now(UTC).isoformat()
    ids: list[str] = []
    with database.transaction() as connection:
        start = connection.execute("SELECT count(*) FROM interviews").fetchone()[0]
        for number, texts in enumerate(transcripts, start=start):
            interviewee, interview, session = (str(uuid.uuid4()) for _ in range(3))
            connection.execute(
                "INSERT INTO interviewees (id, version, created_at, updated_at, body, code) "
                "VALUES (?, 1, ?, ?, '{}', ?)",
                (interviewee, stamp, stamp, f"SLK-T{number:07d}"),
            )
            connection.execute(
                "INSERT INTO interviews (id, version, created_at, updated_at, body, "
                "interviewee_id, code, status) VALUES (?, 1, ?, ?, '{}', ?, ?, 'closed')",
                (interview, stamp, stamp, interviewee, f"SLK-I{number:07d}"),
            )
            connection.execute(
                "INSERT INTO sessions (id, version, created_at, updated_at, body, interview_id, "
                "number) VALUES (?, 1, ?, ?, '{}', ?, 1)",
                (session, stamp, stamp, interview),
            )
            for ordinal, text in enumerate(texts):
                segment = str(uuid.uuid4())
                body = {
                    "created_at": stamp,
                    "id": segment,
                    "interview_id": interview,
                    "language": "ko",
                    "offset_seconds": None,
                    "ordinal": ordinal,
                    "session_id": session,
                    "speaker": "interviewee",
                    "text": text,
                    "updated_at": stamp,
                    "version": 1,
                }
                connection.execute(
                    "INSERT INTO transcript_segments (id, version, created_at, updated_at, body,"
                    " interview_id, session_id, ordinal, text) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        segment,
                        stamp,
                        stamp,
                        json.dumps(body, ensure_ascii=False),
                        interview,
                        session,
                        ordinal,
                        text,
                    ),
                )
            ids.append(interview)
    return ids
