"""Typed errors with a message a person can act on, and the exit code the CLI returns.

Each error class carries a message template marked with `N_()`; it is translated when it
is shown (`error.message()`), so a switch of language also changes the error text.
Exit codes are part of the command-line contract and documented in the README.
"""

from __future__ import annotations

from typing import Any, ClassVar

from app.i18n import N_, Marked, _


class SillokError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code: ClassVar[int] = 1
    template: ClassVar[str] = N_("Something went wrong: {detail}")

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.template.format(**params))

    def message(self) -> str:
        """The message in the current language."""
        params = {k: _(v) if isinstance(v, Marked) else v for k, v in self.params.items()}
        try:
            return _(self.template).format(**params)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**self.params)


class WrongPassphrase(SillokError):
    exit_code = 3
    template = N_(
        "The passphrase is not correct. Nothing was changed. Check the keyboard layout "
        "(Korean or English input) and Caps Lock, then try again."
    )


class KeyFileMissing(SillokError):
    exit_code = 4
    template = N_(
        "The key file {path} is missing. The database cannot be opened without it. "
        "Restore the key file from the same backup as the database."
    )


class KeyFileDamaged(SillokError):
    exit_code = 4
    template = N_(
        "The key file {path} is damaged ({detail}). Nothing was changed. Restore the key "
        "file from the same backup as the database."
    )


class DatabaseMissing(SillokError):
    exit_code = 5
    template = N_(
        "There is no database at {path}. Check the folder, or create a new database there."
    )


class DatabaseDamaged(SillokError):
    exit_code = 5
    template = N_(
        "The database {path} is damaged or does not belong to this key file ({detail}). "
        "Nothing was changed. Keep the files as they are and restore the latest backup "
        "into a new folder."
    )


class SchemaTooNew(SillokError):
    exit_code = 6
    template = N_(
        "The database {path} was written by a newer version of Sillok (schema {found}; "
        "this version knows up to {known}). Nothing was changed. Install the newer version."
    )


class CheckFailed(SillokError):
    exit_code = 7
    template = N_("The check found a problem: {detail}")


class UnsupportedLibrary(SillokError):
    exit_code = 8
    template = N_(
        "This installation cannot encrypt safely: {detail}. Reinstall Sillok from the "
        "official package; nothing was opened."
    )


class AlreadyExists(SillokError):
    exit_code = 9
    template = N_("{path} already exists. Nothing was overwritten.")


class StorageFull(SillokError):
    exit_code = 10
    template = N_(
        "The disk is full or cannot be written ({detail}). The last change was not saved; "
        "everything saved before it is safe. Free some space, then try again."
    )


class PassphraseRejected(SillokError):
    exit_code = 11
    template = N_("The passphrase cannot be used: {detail}")


class NotFound(SillokError):
    exit_code = 12
    template = N_("No {kind} with id {id} was found.")


class Conflict(SillokError):
    exit_code = 13
    template = N_(
        "This {kind} was changed elsewhere since it was opened (version {expected} "
        "expected, {found} found). Reload it; nothing was overwritten."
    )


class InvalidInput(SillokError):
    exit_code = 14
    template = N_("The input is not valid: {detail}")


class DesktopUnavailable(SillokError):
    exit_code = 15
    template = N_(
        "The desktop app is not installed here; only the command line is. "
        "Run `sillok --help` for the commands."
    )


class DatabaseInUse(SillokError):
    exit_code = 17
    template = N_(
        "This database is already open in another Sillok window on this computer. Use that "
        "window (it may be locked: unlock it, or quit it with Ctrl+Q), then start Sillok "
        "again if you still need to. Nothing was changed."
    )


class DataFileInvalid(SillokError):
    exit_code = 14
    template = N_(
        "A data file of Sillok is not valid ({detail}). If you changed it, correct it; "
        "otherwise reinstall Sillok. Nothing was changed."
    )
