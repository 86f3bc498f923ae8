"""What can go wrong with a transcript, said so that the interviewer knows what to do."""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class InvalidTimeOffset(SillokError):
    template = N_(
        "{text} is not a time in the recording. Write minutes and seconds as 12:05, "
        "or hours, minutes and seconds as 1:12:05."
    )


class TranscriptLocked(SillokError):
    template = N_(
        "The database is locked, so the transcript was not saved yet. Everything typed "
        "stays in the editor and is saved as soon as Sillok is unlocked."
    )
