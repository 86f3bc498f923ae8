"""The search panel: a search box, the exact-spelling toggle, filters, and the matching
interviews page by page (how many in all, "Previous"/"Next"), each with every matching
passage and its highlighted snippet. Activating a passage (double-click or Enter) emits
`open_requested(interview_id, target)` (targets: app.search.engine.Hit.target), an
interview's line its best passage; the desk opens the interview at the passage.

The search runs on the task runner's worker, with the database the desk gives through
`database()` (called there, never on the UI thread)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import SillokError
from app.i18n import N_, _
from app.i18n.formats import format_number, plural
from app.search import Group, Hit, Results, SearchFilters, parse_date, search
from app.search.labels import interviews_page
from app.store.database import Database
from ui.search.names import kind_name
from ui.search.query_help import name_controls, query_help
from ui.tasks import Progress, Runner, report_progress

ROLE_TARGET = Qt.ItemDataRole.UserRole + 1
ROLE_MORE = Qt.ItemDataRole.UserRole + 2
PASSAGES = 3
"""Passages shown under each interview; with the Interview filter, all of them."""


def snippet_html(hit: Hit) -> str:
    """The snippet with its matches in bold, everything else escaped."""
    parts, last = [], 0
    for start, end in hit.highlights:
        parts.append(html.escape(hit.snippet[last:start]))
        parts.append(f"<b style='background:#fff2a8'>{html.escape(hit.snippet[start:end])}</b>")
        last = end
    parts.append(html.escape(hit.snippet[last:]))
    return "".join(parts)


class SearchPanel(QWidget):
    open_requested = Signal(str, str)
    """(interview id, target); the interview id is "" for a facility."""
    searched = Signal(object)
    """The Results of the last search, once shown."""

    def __init__(
        self, runner: Runner, database: Callable[[], Database], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.database = database
        self.limit = 20
        self.offset = 0
        self.asked: tuple[str, bool, SearchFilters] | None = None
        """What the shown pages are of (the query, exact, the filters)."""

        self.query = QLineEdit(self)
        self.query.returnPressed.connect(self.run_search)
        self.newest = QCheckBox(self)
        self.exact = QCheckBox(self)
        self.search_button = QPushButton(self)
        self.search_button.clicked.connect(self.run_search)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.exact)
        top.addWidget(self.newest)
        top.addWidget(self.search_button)

        self.filters_box = QGroupBox(self)
        self.filters_box.setCheckable(True)
        self.filters_box.setChecked(False)
        self.date_from, self.date_to = QLineEdit(self), QLineEdit(self)
        self.place, self.facility, self.agency = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.element, self.interview = QLineEdit(self), QLineEdit(self)
        self.form = QFormLayout(self.filters_box)
        self.filter_labels = [QLabel(self) for _ in range(7)]
        fields = (
            self.date_from,
            self.date_to,
            self.place,
            self.facility,
            self.agency,
            self.element,
            self.interview,
        )
        for label, field in zip(self.filter_labels, fields, strict=True):
            self.form.addRow(label, field)
            field.returnPressed.connect(self.run_search)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.results = QListWidget(self)
        self.results.itemActivated.connect(self._activated)
        self.results.installEventFilter(self)
        self.previous_button = QPushButton(self)
        self.previous_button.clicked.connect(lambda: self._page(-1))
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(lambda: self._page(1))
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)
        pages = QHBoxLayout()
        pages.addWidget(self.status, 1)
        pages.addWidget(self.previous_button)
        pages.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters_box)
        layout.addLayout(pages)
        layout.addWidget(self.results, 1)
        self.retranslate()

    def retranslate(self) -> None:
        name_controls(
            self.query,
            self.exact,
            self.newest,
            (self.search_button, self.previous_button, self.next_button),
        )
        self.query.setToolTip(query_help())
        self.filters_box.setTitle(_("Filters"))
        texts = (
            _("From (2014, 2014-05)"),
            _("Until"),
            _("Place"),
            _("Facility"),
            _("Agency"),
            _("Legal element"),
            _("Interview"),
        )
        for label, text in zip(self.filter_labels, texts, strict=True):
            label.setText(text)
        for row in range(self.results.count()):
            item = self.results.item(row)
            hit = item.data(Qt.ItemDataRole.UserRole)
            if isinstance(hit, Hit):
                item.setToolTip(_("{kind} — double-click to open").format(kind=kind_name(hit.kind)))
            elif isinstance(hit, Group):
                item.setToolTip(_("Double-click to open the interview at its best passage"))
            elif item.data(ROLE_MORE) is not None:
                self._more_text(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the current result opens it: QListWidget does not activate on Enter on
        every platform (not on Linux), only on a double-click."""
        if (
            watched is self.results
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.results.currentItem() is not None
        ):
            self.results.itemActivated.emit(self.results.currentItem())
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def filters(self) -> SearchFilters:
        """The filters as typed (SillokError when one cannot be read)."""
        if not self.filters_box.isChecked():
            return SearchFilters()

        def text(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        start, end = text(self.date_from), text(self.date_to)
        return SearchFilters(
            date_from=parse_date(start, end=False, name=_("From")) if start else None,
            date_to=parse_date(end, end=True, name=_("Until")) if end else None,
            place=text(self.place),
            facility=text(self.facility),
            agency=text(self.agency),
            element=text(self.element),
            interview=text(self.interview),
        )

    def focus_query(self) -> None:
        """Put the cursor in the search box, its text selected (Ctrl+F)."""
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def run_search(self) -> None:
        """Search what is typed, from the first page."""
        text, exact = self.query.text(), self.exact.isChecked()
        try:
            filters = self.filters()
        except SillokError as error:
            self._failed(error)
            return
        self.asked = (text, exact, filters)
        self.offset = 0
        self._run()

    def _page(self, step: int) -> None:
        if self.asked is None:
            return
        self.offset = max(0, self.offset + step * self.limit)
        self._run()

    def _run(self) -> None:
        assert self.asked is not None
        text, exact, filters = self.asked
        limit, offset, newest = self.limit, self.offset, self.newest.isChecked()
        self.status.setText(_("Searching…"))
        self.search_button.setEnabled(False)
        self.runner.run(
            lambda: search(
                self.database(),
                text,
                filters,
                exact=exact,
                limit=limit,
                offset=offset,
                newest_first=newest,
                passages=0 if filters.interview else PASSAGES,
                progress=report_progress,
            ),
            self._show,
            self._failed,
            self._indexing,
            owner=self,
        )

    def _indexing(self, progress: Progress) -> None:
        """Shown when the index is being built first (after an update: minutes on a large
        database)."""
        self.status.setText(
            _("Preparing the search index: {done} of {total} records…").format(
                done=format_number(progress.done), total=format_number(progress.total or 0)
            )
        )

    def _show(self, results: Results) -> None:
        self.search_button.setEnabled(True)
        self.results.clear()
        for group in results.groups:
            self._add_group(group)
            for hit in group.hits:
                self._add_hit(hit)
            if len(group.hits) < group.count and group.interview_code:
                self._add_more(group)
        self.retranslate()
        shown = len(results.groups)
        if results.total == 0:
            self.status.setText(_("No interview found."))
        else:
            self.status.setText(
                interviews_page(
                    results.offset + 1 if shown else None,
                    results.offset + shown if shown else None,
                    results.total,
                )
            )
        self.previous_button.setEnabled(results.offset > 0)
        self.next_button.setEnabled(results.offset + shown < results.total)
        self.searched.emit(results)

    def _add_group(self, group: Group) -> None:
        item = QListWidgetItem(self.results)
        item.setData(Qt.ItemDataRole.UserRole, group)
        best = group.hits[0]
        item.setData(ROLE_TARGET, (group.interview_id or "", best.target))
        count = plural(group.count, N_("{count} passage"), N_("{count} passages"))
        label = QLabel(f"<b>{html.escape(group.interview_code or '—')}</b> · {html.escape(count)}")
        label.setTextFormat(Qt.TextFormat.RichText)
        item.setSizeHint(label.sizeHint())
        self.results.setItemWidget(item, label)

    def _add_hit(self, hit: Hit) -> None:
        item = QListWidgetItem(self.results)
        item.setData(Qt.ItemDataRole.UserRole, hit)
        item.setData(ROLE_TARGET, (hit.interview_id or "", hit.target))
        label = QLabel(f"<small>{html.escape(kind_name(hit.kind))}</small><br>{snippet_html(hit)}")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setContentsMargins(16, 0, 0, 0)
        item.setSizeHint(label.sizeHint())
        self.results.setItemWidget(item, label)

    def _add_more(self, group: Group) -> None:
        """A line that shows every passage of the interview (the Interview filter set)."""
        item = QListWidgetItem(self.results)
        item.setData(ROLE_MORE, (group.interview_code, group.count - len(group.hits)))
        self._more_text(item)

    @staticmethod
    def _more_text(item: QListWidgetItem) -> None:
        _code, count = item.data(ROLE_MORE)
        item.setText(
            "    " + _("… {count} more passages: show them all").format(count=format_number(count))
        )

    def show_every_passage(self, interview_code: str) -> None:
        """Search again within one interview, every passage shown."""
        self.filters_box.setChecked(True)
        self.interview.setText(interview_code)
        self.run_search()

    def _failed(self, error: BaseException) -> None:
        self.search_button.setEnabled(True)
        if isinstance(error, SillokError):
            self.status.setText(error.message())
        else:
            self.status.setText(
                _("The search failed unexpectedly ({kind}).").format(kind=type(error).__name__)
            )

    def _activated(self, item: QListWidgetItem) -> None:
        more = item.data(ROLE_MORE)
        if more is not None:
            self.show_every_passage(more[0])
            return
        interview_id, target = item.data(ROLE_TARGET)
        self.open_requested.emit(interview_id, target)
