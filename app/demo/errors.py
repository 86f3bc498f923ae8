"""Errors of the demo database (exit codes 50–54)."""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class DemoCountInvalid(SillokError):
    exit_code = 50
    template = N_(
        "A demo database holds from 1 to {maximum} interviews; {count} was asked for. "
        "Nothing was created."
    )


class DemoAtRealDatabase(SillokError):
    exit_code = 51
    template = N_(
        "{path} is where the real database lives. Demo data never goes there: choose "
        "another file with --db (for example {suggestion}). Nothing was created."
    )


class NotADemoDatabase(SillokError):
    exit_code = 52
    template = N_(
        "The database {path} is not marked as a demo database, so no practice data is "
        "added to it. Nothing was changed."
    )


class DemoNotEmpty(SillokError):
    exit_code = 53
    template = N_(
        "The database {path} already holds records, so it cannot become a demo database: "
        "only a new, empty one can. Nothing was changed."
    )
