"""Time offsets of transcript segments as people write them: `m:ss` or `h:mm:ss`."""

from __future__ import annotations

import re

from app.transcript.errors import InvalidTimeOffset

_OFFSET = re.compile(r"^\s*(?:(\d+):)?(\d{1,3}):(\d{1,2}(?:\.\d+)?)\s*$")


def parse_offset(text: str) -> float | None:
    """Seconds from `12:05`, `1:12:05` or `0:07.5`; None for an empty field.

    Raises InvalidTimeOffset for anything else, including 75 seconds written as `0:75`
    or minutes above 59 when hours are given.
    """
    if not text.strip():
        return None
    match = _OFFSET.match(text.replace("：", ":"))
    if match is None:
        raise InvalidTimeOffset(text=text.strip())
    hours_text, minutes_text, seconds_text = match.groups()
    hours = int(hours_text) if hours_text is not None else 0
    minutes = int(minutes_text)
    seconds = float(seconds_text)
    if seconds >= 60 or (hours_text is not None and minutes >= 60):
        raise InvalidTimeOffset(text=text.strip())
    return hours * 3600 + minutes * 60 + seconds


def format_offset(seconds: float | None) -> str:
    """`12:05` under an hour, `1:12:05` from an hour on; fractions of a second dropped."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
