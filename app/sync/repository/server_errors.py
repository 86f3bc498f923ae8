"""Errors of the repository on a PostgreSQL server: exit codes 80–82.

Each says what happened in the user's language and that nothing was changed; the table
is in README.md ("Exit codes") and docs/repository-server.md.
"""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class ServerUnreachable(SillokError):
    exit_code = 80
    template = N_(
        "The repository's PostgreSQL server cannot be used ({detail}). Nothing was changed. "
        "Check that the server runs, that this account may connect to it, and the connection "
        "named in {path}."
    )


class AccessRefused(SillokError):
    exit_code = 81
    template = N_(
        "Your role on the repository server ({role}) may not {what}. Nothing was changed "
        "and the attempt is recorded by the server. Ask the head of the repository if your "
        "work needs it."
    )


READ_TESTIMONY = N_("read testimony")
CHANGE_EVIDENCE = N_("change the evidence or the access log")
CHANGE_INDEX = N_("change the search index")
READ_ACCESS_LOG = N_("read the access log")
READ_KEYS = N_("use Geneva's keys")
RECORD_ANALYSIS = N_("record analysts' assessments and decisions")
RECORD_ASSESSMENTS = N_(
    "record assessments of reliability or credibility: assessments are the analysts' "
    "and legal officers' to record"
)
DECIDE_WITNESS = N_(
    "decide whether two interviewees are the same person: that decision is the "
    "analysts' and legal officers'"
)
DECIDE_CORROBORATION = N_(
    "confirm or reject a corroboration or a contradiction: that decision is the "
    "analysts' and legal officers'"
)
DISCLOSE = N_("disclose to an accountability mechanism: only the legal officer discloses")
READ_DISCLOSURES = N_("read the register of disclosures: only the legal officer keeps it")
OTHER = N_("do this")


class MoveMismatch(SillokError):
    exit_code = 82
    template = N_(
        "The copy on the server differs from the file repository ({detail}). The file "
        "repository was not changed; the server's copy was rolled back. Tell the head of "
        "the repository."
    )
