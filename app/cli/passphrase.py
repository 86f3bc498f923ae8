"""Getting a passphrase: from the terminal (not echoed) or a file, never an argument."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from app.crypto.strength import assess
from app.errors import InvalidInput, PassphraseRejected
from app.i18n import _


def _strip_newline(text: str) -> str:
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def read_file(source: str) -> str:
    """The passphrase in `source` (a path, or `-` for standard input): its first line."""
    try:
        if source == "-":
            data = sys.stdin.buffer.readline()
        else:
            with Path(source).open("rb") as file:
                data = file.readline()
    except OSError as error:
        raise InvalidInput(detail=f"{source}: {error.strerror}") from error
    try:
        text = _strip_newline(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InvalidInput(detail=_("the passphrase file is not UTF-8 text")) from error
    if not text:
        raise PassphraseRejected(detail=_("the passphrase file is empty"))
    return text


def ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise InvalidInput(
            detail=_("no terminal to ask for the passphrase; use --passphrase-file FILE or -")
        )
    return getpass.getpass(prompt)


def existing(source: str | None) -> str:
    return read_file(source) if source else ask(_("Passphrase: "))


def new(source: str | None) -> str:
    """A new passphrase: from `source`, or asked twice; refused unless strong enough."""
    if source:
        chosen = read_file(source)
    else:
        while True:
            chosen = ask(_("New passphrase: "))
            strength = assess(chosen)
            print(f"{strength.label}: {strength.hint}", file=sys.stderr)
            if not strength.acceptable:
                continue
            if ask(_("The same passphrase again: ")) == chosen:
                break
            print(_("The two passphrases differ. Try again."), file=sys.stderr)
    strength = assess(chosen)
    if not strength.acceptable:
        raise PassphraseRejected(detail=f"{strength.label}. {strength.hint}")
    return chosen
