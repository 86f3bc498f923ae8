"""The real Korean catalogue loads whole: no entry of it is dropped at load time for a
broken placeholder, and text in a language other than the current one is at hand."""

from __future__ import annotations

import pytest

from app.i18n import _, build, translator
from app.i18n.formats import gettext_in


def test_no_korean_entry_is_rejected_at_load_time() -> None:
    build.compile_all()
    translator.cache_clear()
    korean = translator("ko")
    assert korean.rejected == []  # type: ignore[attr-defined]
    assert korean.gettext("Page {page} of {total}") == "{page} / {total} 쪽"


def test_text_in_another_language_leaves_the_current_one_alone() -> None:
    build.compile_all()
    translator.cache_clear()
    assert gettext_in("CONFIDENTIAL", "ko") == "대외비"
    assert _("CONFIDENTIAL") == "CONFIDENTIAL"  # the tests run in English
    with pytest.raises(ValueError, match="unsupported"):
        translator("fr")
