"""The status line of the analysts' search tab (ui/analysts/status_text.py): a new text of
the same height is shown without asking the window's layouts again (that relayout and the
repaint of the whole tab it brings cost the UI thread about 20 ms per search), and a text
that needs more lines, or less, gets its height, so every word of it shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.analysts.status_text import StatusText
from ui.style import DIALOG_STYLE

LONG = "The search index could not be read: " + "보위부에서 조사를 받았습니다 " * 12


class LayoutRequests(QObject):
    """Counts the layout requests `watched` receives."""

    def __init__(self, watched: QWidget) -> None:
        super().__init__()
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _page(qtbot: QtBot) -> tuple[QWidget, StatusText]:
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    status = StatusText(page)
    layout.addWidget(QPushButton("Search", page))
    layout.addWidget(status)
    layout.addStretch(1)
    page.resize(400, 400)
    page.show()
    qtbot.waitExposed(page)
    status.setText("Searching…")
    qtbot.wait(20)
    return page, status


def test_a_new_text_of_one_line_does_not_lay_out_the_page_again(qtbot: QtBot) -> None:
    page, status = _page(qtbot)
    requests = LayoutRequests(page)
    for text in ("1–20 of 300 interviews", "Searching…", "No interview found."):
        status.setText(text)
        qtbot.wait(20)
        assert status.text() == text
    assert requests.count == 0


def test_a_text_that_needs_more_lines_gets_them_and_gives_them_back(qtbot: QtBot) -> None:
    _page_widget, status = _page(qtbot)
    one_line = status.height()
    status.setText(LONG)
    qtbot.waitUntil(lambda: status.height() >= status.heightForWidth(status.width()))
    assert status.height() > 2 * one_line  # every word shows, on several lines
    assert status.label.geometry() == status.rect()
    status.setText("1–20 of 300 interviews")
    qtbot.waitUntil(lambda: status.height() == one_line)


def test_it_reads_as_the_label_it_replaces(qtbot: QtBot) -> None:
    """What a reader sees: the same text, wrapped the same way as a word-wrapped QLabel."""
    _page_widget, status = _page(qtbot)
    status.setText(LONG)
    label = QLabel(LONG)
    label.setWordWrap(True)
    assert status.heightForWidth(300) == label.heightForWidth(300)
    assert status.label.wordWrap() and status.text() == LONG


def test_a_heading_keeps_the_style_of_a_heading(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    page.setStyleSheet(DIALOG_STYLE)
    layout = QVBoxLayout(page)
    heading = StatusText(page, role="heading")
    label = QLabel(page)
    label.setProperty("role", "heading")
    layout.addWidget(heading)
    layout.addWidget(label)
    heading.setText("Interview SLK-AAAA-BBBB · dev-seoul · 12 records")
    label.setText(heading.text())
    page.show()
    qtbot.waitExposed(page)
    assert heading.label.font().bold() and heading.label.font() == label.font()
    assert heading.height() == label.height()
