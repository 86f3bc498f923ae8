"""Translations: one `_()` for code, `N_()` to mark text translated later.

Catalogues are gettext `.po` files under `translations/<lang>/LC_MESSAGES/`, compiled to
`.mo` by `python -m app.i18n.build` (run by scripts/setup.sh). A translation whose named
placeholders differ from its source is dropped at load time, so the source text shows
instead of a message that would fail to format or say something else.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
import string
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.paths import translations_dir

SUPPORTED_LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
TRANSLATIONS_DIR = translations_dir()
DOMAIN = "messages"

_lock = threading.Lock()
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def placeholders(text: str) -> set[str]:
    """The named `{placeholders}` of a message (format spec and conversion ignored)."""
    names: set[str] = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


class _CheckedTranslations(gettext.GNUTranslations):
    """GNU translations that refuse entries whose placeholders differ from the source."""

    rejected: list[str]

    def _parse(self, fp: Any) -> None:
        super()._parse(fp)
        self.rejected = []
        for msgid, msgstr in list(self._catalog.items()):  # type: ignore[attr-defined]
            source = msgid[0] if isinstance(msgid, tuple) else msgid
            if not source or not isinstance(msgstr, str):
                continue
            try:
                same = placeholders(source) == placeholders(msgstr)
            except ValueError:
                same = False
            if not same:
                del self._catalog[msgid]  # type: ignore[attr-defined]
                self.rejected.append(source)


def load(language: str, directory: Path = TRANSLATIONS_DIR) -> gettext.NullTranslations:
    """The checked catalogue for `language`, or no translation if none is compiled."""
    try:
        return gettext.translation(
            DOMAIN, localedir=str(directory), languages=[language], class_=_CheckedTranslations
        )
    except OSError:
        return gettext.NullTranslations()


@functools.lru_cache(maxsize=len(SUPPORTED_LANGUAGES))
def translator(language: str) -> gettext.NullTranslations:
    """The checked catalogue of `language`, loaded once: for text in a language other than
    the current one (a statement in Korean while the desk shows English, or both)."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    return load(language)


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ('ko' or 'en')."""
    global _current, _language
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    translations = load(language)
    with _lock:
        _current, _language = translations, language


def current_language() -> str:
    return _language


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """'ko' when SILLOK_LANGUAGE (or else the locale: LC_ALL, LC_MESSAGES, LANG) is Korean,
    otherwise 'en'. The command line and the desktop app follow the same rule."""
    for variable in ("SILLOK_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


class Marked(str):
    """Text marked with `N_()`: translated where it is shown, not where it was written."""

    __slots__ = ()


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _current.gettext(message)


def N_(message: str) -> Marked:
    """Mark `message` for extraction; it is translated later, where it is shown."""
    return Marked(message)
