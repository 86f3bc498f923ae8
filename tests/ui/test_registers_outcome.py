"""The Registers tab says, in the user's language, when a registered disclosure's file
was not written (review M3)."""

from __future__ import annotations

from app.i18n import set_language
from ui.analysts.registers_tab import columns_for


def test_a_disclosure_whose_file_was_not_written_says_so() -> None:
    rows = [
        {"number": 1, "file_name": "a.sillok", "outcome": "not_written"},
        {"number": 2, "file_name": "b.sillok", "outcome": "written"},
        {"number": 3, "file_name": "c.sillok", "outcome": "unknown"},
    ]
    (column,) = [c for c in columns_for(rows) if c.title() == "File written"]
    assert [column.value(row) for row in rows][:2] == ["not written", "written"]
    set_language("ko")
    try:
        assert column.title() == "파일 작성"
        assert [column.value(row) for row in rows][:2] == ["작성되지 않음", "작성됨"]
        assert str(column.value(rows[2])).startswith("알 수 없음")
    finally:
        set_language("en")
