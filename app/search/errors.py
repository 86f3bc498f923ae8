"""Errors of search and corroboration (exit codes 40–44)."""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class QueryInvalid(SillokError):
    exit_code = 40
    template = N_(
        "There is nothing to search for in “{query}”. Type a word in Korean or English, "
        "a name, or a number."
    )


class FilterInvalid(SillokError):
    exit_code = 41
    template = N_(
        "The filter {name} “{value}” cannot be used: {detail}. Nothing was searched; "
        "correct it and search again."
    )


class FilterNotFound(SillokError):
    exit_code = 42
    template = N_(
        "No {name} “{value}” was found in this database. Check the spelling or the code, "
        "or search without this filter."
    )


class CandidateNotFound(SillokError):
    exit_code = 43
    template = N_(
        "There is no candidate corroboration {key} (any more). Refresh the list: the "
        "incidents may have changed since it was shown. Nothing was recorded."
    )


class IndexUnavailable(SillokError):
    exit_code = 44
    template = N_(
        "The search index could not be brought up to date ({detail}). Nothing was "
        "changed in the testimony; run `sillok check`, then `sillok search --rebuild`."
    )


class QueryUnsupported(QueryInvalid):
    """An operator the search does not have (same exit code as any query it cannot use)."""

    template = N_(
        "{operator} is not supported. Type words to find interviews that contain all of "
        "them (nearer together ranks higher), “words in quotes” for a phrase, OR between "
        "words for either, and a minus before a word (-집결소) to leave out interviews "
        "that contain it."
    )
