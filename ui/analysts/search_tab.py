"""Search across all testimony in the repository: a search box (Enter searches) with the
query language's help, exact spelling and newest first; the matching interviews page by
page with how many match in all, each with its code, the device (or import) it came from
and how many of its passages match, then its best passages with the matched words
highlighted. Activating a passage (double-click or Enter) opens its interview at that
record in the interviews tab (`open_requested`, as the matrix's drill-down does).

Every search runs on the worker through the tab's one door (`DeskTab.act`): the first
after packages arrived indexes them, and says how far it is; Cancel stops it there. A
newer query replaces one still running: the older one's answer is never shown, and it
is cancelled unless it is indexing (what it indexes serves the newer one). The lock
drops the results and the query text: both are testimony.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.i18n.formats import format_number
from app.search import Results
from app.search.labels import interviews_page
from app.sync.repository import desk_search
from ui.analysts.search_lines import (
    ROLE_LINE,
    ROLE_OPEN,
    Line,
    LineDelegate,
    LinesModel,
    group_line,
    hit_line,
    lines_view,
    more_line,
)
from ui.analysts.session import RepositorySession
from ui.analysts.status_text import StatusText
from ui.analysts.tab import DeskTab, task_finished
from ui.errors import error_text
from ui.search.query_help import name_controls, query_help
from ui.tasks import Progress, Task, report_progress

__all__ = ["ROLE_LINE", "ROLE_OPEN", "SearchTab"]

PASSAGES = 3
"""Passages shown under each interview, until every passage is asked for."""


class SearchTab(DeskTab):
    open_requested = Signal(str, str)
    """Open interview (code) at record (id)."""

    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.limit = 20
        self.offset = 0
        self.every_passage = False
        self.asked: tuple[str, bool] | None = None
        """What the pages shown are of: the query and whether the spelling is exact."""
        self.found: Results | None = None
        self.origins: list[dict[str, Any]] = []
        self._number = 0
        """The latest search asked: an answer of any earlier one is dropped."""
        self._task: Task[Any] | None = None
        """The latest search (None once its answer came)."""
        self._waiting: list[Task[Any]] = []
        """Searches submitted and not yet ended, oldest (the one running) first."""
        self._indexing: Task[Any] | None = None
        """The search that is indexing what arrived: a newer query does not cancel it."""
        self._say: Callable[[], str] = lambda: ""

        self.query = QLineEdit(self)
        self.query.setObjectName("repositorySearchQuery")
        self.query.returnPressed.connect(self.run_search)
        self.exact = QCheckBox(self)
        self.exact.toggled.connect(lambda _on: self._again())
        self.newest = QCheckBox(self)
        self.newest.toggled.connect(lambda _on: self._again())
        self.search_button = QPushButton(self)
        self.search_button.clicked.connect(self.run_search)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.exact)
        top.addWidget(self.newest)
        top.addWidget(self.search_button)
        self.help = QLabel(self)
        self.help.setProperty("role", "hint")
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.RichText)

        self.status = StatusText(self)  # changes at every search: no relayout of the window
        self.previous_button = QPushButton(self)
        self.previous_button.clicked.connect(lambda: self._page(-1))
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(lambda: self._page(1))
        pages = QHBoxLayout()
        pages.addWidget(self.status, 1)
        pages.addWidget(self.previous_button)
        pages.addWidget(self.next_button)
        self.lines = LinesModel(self)
        self.results = lines_view(self.lines, self)
        self.results.setObjectName("repositorySearchResults")
        self.results.activated.connect(self._activated)
        self.results.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addLayout(pages)
        layout.addWidget(self.results, 1)
        self.progressed.connect(self._progress)
        self.ended.connect(self._ended)
        self._pages_enabled()
        self.retranslate()

    def title(self) -> str:
        return _("Search")

    def load(self) -> None:
        """Nothing to read before a query: the cursor goes to the search box."""
        self.query.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        name_controls(
            self.query,
            self.exact,
            self.newest,
            (self.search_button, self.previous_button, self.next_button),
        )
        self.help.setText(query_help())
        if self.found is not None:
            self._lines()
        self.status.setText(self._say())

    def forget(self) -> None:
        """The lock: the results and the query (testimony, both) are dropped; an answer
        still on its way is never shown."""
        super().forget()
        self._number += 1
        self._task, self._waiting, self._indexing = None, [], None
        self.asked, self.found, self.origins = None, None, []
        self.offset, self.every_passage = 0, False
        self.lines.show_lines([])
        delegate = self.results.itemDelegate()
        if isinstance(delegate, LineDelegate):
            delegate.forget()  # the texts it shaped are testimony
        self.query.setText("")  # unlike clear(), setText empties the undo history too
        self._tell(lambda: "")
        self._pages_enabled()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the current line opens it (a list view activates on Enter only on some
        platforms, not on Linux)."""
        if (
            watched is self.results
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.results.currentIndex().isValid()
        ):
            self.results.activated.emit(self.results.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    # -- asking ---------------------------------------------------------------------------

    def run_search(self) -> None:
        """Search what is typed, from the first page."""
        text = self.query.text()
        if not text.strip():
            self._tell(lambda: _("Type the words to search for."))
            return
        self.asked = (text, self.exact.isChecked())
        self.offset, self.every_passage = 0, False
        self._run()

    def _again(self) -> None:
        """A box ticked or unticked: the same query again, from the first page."""
        if self.asked is not None:
            self.run_search()

    def _page(self, step: int) -> None:
        if self.asked is not None:
            self.offset = max(0, self.offset + step * self.limit)
            self._run()

    def _run(self) -> None:
        assert self.asked is not None
        text, exact = self.asked
        limit, offset, newest = self.limit, self.offset, self.newest.isChecked()
        passages = 0 if self.every_passage else PASSAGES
        for older in self._waiting:
            if older is not self._indexing:
                older.cancel()  # not started: it never runs; searching: its answer is dropped
        self._number += 1
        number = self._number
        self._tell(lambda: _("Searching…"))
        task = self.act(
            lambda repository: desk_search.page(
                repository,
                text,
                exact=exact,
                limit=limit,
                offset=offset,
                newest_first=newest,
                passages=passages,
                progress=report_progress,
            ),
            lambda page: self._shown(number, page),
            _("Searching all testimony…"),
            lambda error: self._failed(number, error),
        )
        self._task = task
        if not task_finished(task, self.session):
            self._waiting.append(task)

    def _progress(self, progress: Progress) -> None:
        """The first search after packages arrived indexes them (minutes for thousands of
        interviews): how far it is."""
        if self._waiting:
            self._indexing = self._waiting[0]  # the worker runs them in order
        done, total = progress.done, progress.total or 0
        self._tell(
            lambda: _("Preparing the search index: {done} of {total} records…").format(
                done=format_number(done), total=format_number(total)
            )
        )

    def _ended(self, task: Task[Any] | None) -> None:
        if task in self._waiting:
            self._waiting.remove(task)
        if task is self._indexing:
            self._indexing = None
        if task is not None and task is self._task and task.cancelled:
            self._task = None
            self._tell(lambda: _("The search was cancelled."))
            self._pages_enabled()

    # -- answers ---------------------------------------------------------------------------

    def _shown(self, number: int, page: dict[str, Any]) -> None:
        if number != self._number:
            return  # a newer query was asked meanwhile
        self._task = None
        self.found, self.origins = page["results"], page["origins"]
        self._lines()
        found = self.found
        shown = len(found.groups)
        if found.total == 0:
            self._tell(lambda: _("No interview found."))
        else:
            first, last = found.offset + 1, found.offset + shown
            self._tell(
                lambda: interviews_page(
                    first if shown else None, last if shown else None, found.total
                )
            )
        self._pages_enabled()

    def _failed(self, number: int, error: BaseException) -> None:
        if number != self._number:
            return
        self._task = None
        self.found, self.origins = None, []
        self.lines.show_lines([])
        self._tell(lambda: error_text(error))
        self._pages_enabled()

    def _tell(self, say: Callable[[], str]) -> None:
        """Show what `say` returns, and again in the next language chosen."""
        self._say = say
        self.status.setText(say())

    def _pages_enabled(self) -> None:
        found = self.found
        self.previous_button.setEnabled(found is not None and found.offset > 0)
        self.next_button.setEnabled(
            found is not None and found.offset + len(found.groups) < found.total
        )

    def _lines(self) -> None:
        """The results shown again (a new page, another language)."""
        lines: list[Line] = []
        more = 0
        found = self.found
        for group, where in zip(found.groups if found else (), self.origins, strict=True):
            lines.append(group_line(group, where))
            lines += [hit_line(hit) for hit in group.hits]
            if group.interview_code:
                more += max(0, group.count - len(group.hits))
        if more and not self.every_passage:
            lines.append(more_line(more))
        self.lines.show_lines(lines)

    # -- opening ---------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        if index.data(ROLE_LINE) == "more":
            self.every_passage = True
            self._run()
            return
        opens = index.data(ROLE_OPEN)
        if not opens:
            return
        code, record_id, _kind = opens
        if code:
            self.open_requested.emit(code, record_id)
        else:
            self._tell(lambda: _("A facility belongs to no interview: the Registers tab lists it."))
