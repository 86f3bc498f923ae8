"""Errors of the analysts' repository verbs: the import of other organisations' records
(imports.py, 73–74), the check of the consolidated view (consolidated.py, 75),
disclosures (disclosure.py, 76) and decisions on corroborations (43, as on the laptop)."""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_

NOT_UTF8 = N_("it is not UTF-8 text")
NO_HEADER = N_("it has no header row")
NOT_JSON = N_("a line is not a JSON object")
UNKNOWN_COLUMN = N_(
    "a column is not one of the import format (names and birth dates never come in)"
)
NO_ORGANISATION = N_("the organisation the records come from is not named")


class ImportUnreadable(SillokError):
    exit_code = 73
    template = N_(
        "The file {path} cannot be imported: {detail} ({where}). Nothing was imported. "
        "The import format is described in docs/repository.md."
    )


class ImportRowsRefused(SillokError):
    """After an import (or a dry run): some rows were refused, the others came in (or
    would)."""

    exit_code = 74
    template = N_(
        "{count} row(s) were refused and not imported; the report says why. The other "
        "rows were imported (with --dry-run: would be)."
    )


class ViewDrift(SillokError):
    exit_code = 75
    template = N_(
        "The consolidated view differs from the evidence for {count} record(s), e.g. {example}. "
        "Nothing was changed. Derive it again from the record versions held with "
        "`sillok repository rebuild-view`, and find out how it was changed."
    )


class DisclosureNumbersBusy(SillokError):
    exit_code = 76
    template = N_(
        "Other disclosures took the next register number {attempts} times while this one "
        "was being written. Nothing was written and nothing registered. Make it again."
    )


class ConsentChangedDuringDisclosure(SillokError):
    """Consent of the interviews chosen changed while the disclosure was made, again at
    every attempt (review 2026-12-06 m3): the same exit code as DisclosureNumbersBusy,
    nothing written or registered either way."""

    exit_code = 76
    template = N_(
        "The consent of the interviews chosen changed while the disclosure was being made "
        "({attempts} times). Nothing was written and nothing registered. Make it again."
    )


class CorroborationNotFound(SillokError):
    """The repository's twin of the laptop's CandidateNotFound (the same exit code)."""

    exit_code = 43
    template = N_(
        "There is no candidate corroboration or contradiction {key} (any more). Show the "
        "list again: the statements may have changed since it was shown. Nothing was "
        "recorded."
    )
