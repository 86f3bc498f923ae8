"""The interview list: sorts by any column (Korean in 가나다 order) and filters as typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.desk.summaries import InterviewRow
from tests.ui.helpers import type_into
from ui.desk.interview_list import InterviewListPage

START = datetime(2026, 11, 1, 9, tzinfo=UTC)


def row(code: str, interviewer: str, day: int, answered: int) -> InterviewRow:
    return InterviewRow(
        id=uuid4(),
        code=code,
        status="in_progress",
        created_at=START + timedelta(days=day),
        interviewer=interviewer,
        first_session=None,
        has_consent=True,
        answered=answered,
        shown=100,
        covered=0,
        elements=10,
        last_change=START,
    )


def shown(page: InterviewListPage, column: int = 0) -> list[str]:
    model = page.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_sorting_and_filtering(qtbot: QtBot) -> None:
    page = InterviewListPage()
    qtbot.addWidget(page)
    page.set_rows(
        [
            row("SLK-AAAA-0001", "하정민", 1, 10),
            row("SLK-BBBB-0002", "가영수", 3, 50),
            row("SLK-CCCC-0003", "나미래", 2, 30),
            row("SLK-DDDD-0004", "Anna Keller", 4, 0),
        ]
    )
    assert shown(page) == ["SLK-DDDD-0004", "SLK-BBBB-0002", "SLK-CCCC-0003", "SLK-AAAA-0001"]
    page.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # interviewer
    assert shown(page, 2) == ["Anna Keller", "가영수", "나미래", "하정민"]
    page.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # progress
    assert shown(page) == ["SLK-BBBB-0002", "SLK-CCCC-0003", "SLK-AAAA-0001", "SLK-DDDD-0004"]
    type_into(qtbot, page.filter, "나미")
    assert shown(page) == ["SLK-CCCC-0003"]
    assert page.count.text() == "1 of 4 interviews"
    page.filter.clear()
    type_into(qtbot, page.filter, "slk-aaaa")  # any case
    assert shown(page) == ["SLK-AAAA-0001"]
    page.filter.clear()
    assert page.count.text() == "4 interviews"
