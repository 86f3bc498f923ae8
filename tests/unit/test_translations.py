"""The message catalogues: the template is current, Korean is complete and keeps every
placeholder, and a broken translation falls back to the English source."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app import i18n
from app.i18n import build, placeholders

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "messages.pot"
KO_PO = ROOT / "translations" / "ko" / "LC_MESSAGES" / "messages.po"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def _entries(catalog: Catalog) -> dict[str, set[str]]:
    return {message.id: placeholders(message.id) for message in catalog if message.id}


def test_every_message_has_a_korean_translation() -> None:
    template = _entries(_read(POT))
    korean = _read(KO_PO, "ko")
    missing = [
        msgid
        for msgid in template
        if msgid not in korean or not korean[msgid].string or korean[msgid].fuzzy
    ]
    assert template
    assert missing == []


def test_template_is_not_stale(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    env = dict(os.environ, PYBABEL=str(Path(sys.executable).with_name("pybabel")))
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "extract_strings.sh"), str(fresh)],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    assert _entries(_read(fresh)) == _entries(_read(POT)), (
        "translations/messages.pot is stale: run scripts/extract_strings.sh"
    )


def test_korean_translations_keep_their_placeholders() -> None:
    broken = [
        message.id
        for message in _read(KO_PO, "ko")
        if message.id and placeholders(message.string) != placeholders(message.id)
    ]
    assert broken == []


def test_a_translation_that_breaks_a_placeholder_is_dropped(tmp_path: Path) -> None:
    catalog = Catalog(locale="ko", domain=i18n.DOMAIN)
    catalog.add("Saved {path}.", "{경로}에 저장했습니다.")
    catalog.add("Unlock", "잠금 해제")
    directory = tmp_path / "translations"
    mo_path = directory / "ko" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    mo_path.parent.mkdir(parents=True)
    with mo_path.open("wb") as file:
        write_mo(file, catalog)

    translations = i18n.load("ko", directory)

    assert translations.gettext("Saved {path}.") == "Saved {path}."
    assert translations.gettext("Unlock") == "잠금 해제"
    assert "Saved {path}." in translations.rejected  # type: ignore[attr-defined]


@pytest.mark.parametrize(("language", "korean"), [("ko", True), ("en", False)])
def test_error_messages_follow_the_language(language: str, korean: bool) -> None:
    from app.errors import WrongPassphrase

    build.compile_all()
    i18n.set_language(language)
    try:
        message = WrongPassphrase().message()
    finally:
        i18n.set_language("en")

    assert bool(HANGUL.search(message)) is korean
    if not korean:
        assert message.startswith("The passphrase is not correct.")
