"""The lines of the analysts' search results (ui/analysts/search_lines.py): what each line
says to a reader, where it opens, and that the matched words are painted marked, in the
part of the line where they stand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.search import Group, Hit
from ui.analysts.search_lines import (
    MARK,
    ROLE_LINE,
    ROLE_OPEN,
    LinesModel,
    group_line,
    hit_line,
    lines_view,
    more_line,
)

SNIPPET = "회령 보위부 구류장에서 조사를 받았습니다"


def _hit(highlights: tuple[tuple[int, int], ...], snippet: str = SNIPPET) -> Hit:
    return Hit(
        "transcript_segment", "seg-1", "iv-1", "SLK-AAAA-BBBB", "segment:seg-1:3-6",
        snippet, highlights, 3, 6, 1.0,
    )  # fmt: skip


def _marked_columns(qtbot: QtBot, highlights: tuple[tuple[int, int], ...]) -> list[int]:
    model = LinesModel()
    view = lines_view(model)
    qtbot.addWidget(view)
    view.resize(900, 200)
    model.show_lines([hit_line(_hit(highlights))])
    image = view.viewport().grab().toImage()
    height = view.visualRect(model.index(0)).height()
    return sorted(
        {x for x in range(image.width()) for y in range(height) if image.pixelColor(x, y) == MARK}
    )


def test_an_interview_line_says_its_code_origin_and_passages_and_opens_its_best() -> None:
    group = Group("iv-1", "SLK-AAAA-BBBB", 2.0, (_hit(((3, 6),)),), count=7)
    where = {"device_id": "dev-seoul", "imported": False, "import": None}
    line = group_line(group, where)
    assert line.plain == "SLK-AAAA-BBBB · dev-seoul · 7 passages"
    assert line.opens == ("SLK-AAAA-BBBB", "seg-1", "transcript_segment")
    imported = group_line(group, {"imported": True, "import": {"organisation": "NKDB"}})
    assert imported.plain == "SLK-AAAA-BBBB · imported: NKDB · 7 passages"
    model = LinesModel()
    model.show_lines([line, hit_line(group.hits[0]), more_line(4)])
    assert [model.index(n).data(ROLE_LINE) for n in range(3)] == ["interview", "passage", "more"]
    assert model.index(1).data(ROLE_OPEN) == ("SLK-AAAA-BBBB", "seg-1", "transcript_segment")
    assert model.index(2).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "… 4 more passages on this page: show them all"
    )


def test_the_matched_words_are_painted_marked_where_they_stand(qtbot: QtBot) -> None:
    assert hit_line(_hit(((3, 6),))).plain == f"transcript: {SNIPPET}"
    assert _marked_columns(qtbot, ()) == []  # nothing matched, nothing marked
    first = _marked_columns(qtbot, ((3, 6),))  # 보위부
    later = _marked_columns(qtbot, ((12, 15),))  # 에서 조 (further right)
    assert first and later
    assert min(later) > max(first)


def test_a_snippet_that_looks_like_markup_is_drawn_as_the_text_it_is(qtbot: QtBot) -> None:
    label_only = _last_inked_column(qtbot, _hit((), snippet=""))  # "transcript: " alone
    markup = _last_inked_column(qtbot, _hit((), snippet="<b></b>"))
    assert markup > label_only + 20  # the seven characters are drawn, not read as bold


def _last_inked_column(qtbot: QtBot, hit: Hit) -> int:
    """The rightmost column of the line where text is drawn (a dark pixel)."""
    model = LinesModel()
    view = lines_view(model)
    qtbot.addWidget(view)
    view.resize(600, 100)
    model.show_lines([hit_line(hit)])
    image = view.viewport().grab().toImage()
    height = view.visualRect(model.index(0)).height()
    return max(
        x
        for x in range(image.width())
        for y in range(height)
        if image.pixelColor(x, y).lightness() < 150
    )
