"""Errors of the package format: each kind of failure has its own class and exit code.

`what` names the thing being read (a file path, or a marked phrase such as "the package"),
`detail` says precisely what was found. Exit codes 20–27 are part of the command-line
contract (README.md, "Exit codes").
"""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class FormatError(SillokError):
    """Base of the package-format errors (never raised itself)."""


class NotRecognised(FormatError):
    exit_code = 20
    template = N_(
        "{what} is not a file Sillok can open ({detail}). Check that you chose the right "
        "file; nothing was imported."
    )


class UnsupportedFormat(FormatError):
    exit_code = 20
    template = N_(
        "{what} was made in a format this version of Sillok does not know ({detail}). "
        "Install the newer version of Sillok; nothing was imported."
    )


class Damaged(FormatError):
    exit_code = 21
    template = N_(
        "{what} was changed or damaged after it was made ({detail}). Nothing was imported. "
        "Keep this copy as evidence and ask for a new one."
    )


class Truncated(FormatError):
    exit_code = 22
    template = N_(
        "{what} is incomplete: it ends too early ({detail}). Nothing was imported. Copy it "
        "again from the original (the USB stick may have been removed too early)."
    )


class NotForThisKey(FormatError):
    exit_code = 23
    template = N_(
        "{what} cannot be opened with this key ({detail}). It was made for another "
        "recipient (or the part naming its recipients was damaged); nothing was imported."
    )


class BadSignature(FormatError):
    exit_code = 24
    template = N_(
        "The signature of {what} is not valid ({detail}). It was changed, or signed by "
        "another key; nothing was imported."
    )


class ContentMismatch(FormatError):
    exit_code = 25
    template = N_(
        "The contents of {what} do not match its signed manifest ({detail}: {name}). "
        "Nothing was imported."
    )


class UnsafeArchive(FormatError):
    exit_code = 26
    template = N_(
        "{what} contains something unsafe ({detail}) and was refused. Nothing was written "
        "outside the working folder, and nothing was imported."
    )


class KeyInvalid(FormatError):
    exit_code = 27
    template = N_(
        "The key {what} cannot be used ({detail}). Check that the whole key was copied, "
        "without extra characters."
    )
