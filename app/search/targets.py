"""Where a search hit opens: the target string of a hit read back, and what the desk needs
to open it that the target does not say (the session of a transcript segment)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.store.connection import Connection

_SEGMENT = re.compile(r"^segment:([^:]+):(\d+)-(\d+)$")
_RECORD = re.compile(r"^(answer|incident|person|facility):(.+)$")


@dataclass(frozen=True)
class Target:
    kind: str
    """segment, answer, incident, person or facility."""
    record_id: str
    start: int = 0
    end: int = 0
    """For a segment: the first match, in characters of its text."""


def parse_target(target: str) -> Target | None:
    """The target of `app.search.engine.Hit.target`; None for anything else."""
    segment = _SEGMENT.match(target)
    if segment is not None:
        return Target("segment", segment[1], int(segment[2]), int(segment[3]))
    record = _RECORD.match(target)
    if record is not None:
        return Target(record[1], record[2])
    return None


def segment_session(connection: Connection, segment_id: str) -> str | None:
    """The id of the session a transcript segment belongs to (None: no such segment)."""
    row = connection.execute(
        "SELECT session_id FROM transcript_segments WHERE id = ?", (segment_id,)
    ).fetchone()
    return None if row is None else str(row[0])
