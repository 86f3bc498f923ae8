"""Which legal elements the interview covers, which are gaps, and what to ask next.

A tree of the catalogue's groups (acts, contextual elements, modes of liability) with each
element's status: covered (by an answer or a tagged passage), open (a question shown could
cover it), gap (nothing shown can), or out of scope. Below, the engine's suggestions for
the minutes left. Activating an element or a suggestion asks the screen to jump to a
question that covers it. For a questionnaire with a plan (2.0), a line above the tree
shows the core module's minutes left against its budget and the follow-up modules' minutes
(`show_plan`, fed with `minutes_left_by_module(evaluation)`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.legal.catalogue import Catalogue
from app.questionnaire import Coverage, Status, Suggestion
from app.questionnaire.plan import ModuleLeft

SLOT_ROLE = Qt.ItemDataRole.UserRole + 1
ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 2

COLOURS = {
    Status.COVERED: "#1b6e3a",
    Status.OPEN: "#8a5a00",
    Status.GAP: "#8c1d18",
    Status.OUT_OF_SCOPE: "#5f5f5f",
}


def status_text(status: Status) -> str:
    return {
        Status.COVERED: _("covered"),
        Status.OPEN: _("open"),
        Status.GAP: _("gap"),
        Status.OUT_OF_SCOPE: _("out of scope"),
    }[status]


class CoveragePanel(QWidget):
    jump_requested = Signal(str, str)
    """(question id, position key) of a question to show."""

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.coverage: Coverage | None = None
        self.suggestions: list[Suggestion] = []
        self.minutes_left: int | None = 0
        self.modules: list[ModuleLeft] = []
        self.plan_line = QLabel(self)
        self.plan_line.setWordWrap(True)
        self.plan_line.hide()
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.summary = QLabel(self)
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._element_activated)
        self.suggest_heading = QLabel(self)
        self.suggest_heading.setStyleSheet("font-weight: bold;")
        self.suggest_list = QListWidget(self)
        self.suggest_list.setWordWrap(True)
        self.suggest_list.itemActivated.connect(self._suggestion_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plan_line)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.suggest_heading)
        layout.addWidget(self.suggest_list, 2)
        self.retranslate()

    def show_coverage(
        self, coverage: Coverage, suggestions: list[Suggestion], minutes_left: int | None
    ) -> None:
        """`minutes_left`: of the running session, as its clock shows them; None when no
        session runs (the suggestions are then for the next one, and name no minutes that
        the clock would contradict)."""
        self.coverage = coverage
        self.suggestions = suggestions
        self.minutes_left = minutes_left
        self._fill()

    def show_plan(self, modules: list[ModuleLeft]) -> None:
        """The minutes still planned per module: core against its budget, then follow-up."""
        self.modules = modules
        self._fill_plan()

    def _fill_plan(self) -> None:
        if not self.modules:
            self.plan_line.hide()
            return
        language = current_language()
        parts: list[str] = []
        later: list[str] = []
        for row in self.modules:
            minutes = int(row.minutes_left)
            if row.core:
                text = (
                    _("Core: ~{minutes} of {budget} min left").format(
                        minutes=minutes, budget=int(row.budget)
                    )
                    if row.budget is not None
                    else _("Core: ~{minutes} min left").format(minutes=minutes)
                )
                parts.append(text)
            elif minutes:
                later.append(f"{_short(row.title.get(language))} ~{minutes}")
        if later:
            parts.append(_("follow-up: {modules} min").format(modules=", ".join(later)))
        self.plan_line.setText(" · ".join(parts))
        self.plan_line.show()

    def clear(self) -> None:
        self.modules = []
        self.plan_line.hide()
        self.coverage = None
        self.suggestions = []
        self.tree.clear()
        self.suggest_list.clear()

    def retranslate(self) -> None:
        self.heading.setText(_("Legal elements"))
        self.suggest_heading.setText(_("Suggested next"))
        self._fill_plan()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill(self) -> None:
        coverage = self.coverage
        tops = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        expanded = {
            top.data(0, ELEMENT_ROLE) for top in tops if top is not None and top.isExpanded()
        }
        self.tree.clear()
        self.suggest_list.clear()
        if coverage is None:
            self.summary.clear()
            return
        language = current_language()
        by_group: dict[str, list[tuple[str, Status]]] = {}
        for element in coverage.elements:
            if not self.catalogue.is_known(element.element_id):
                continue
            group = self.catalogue.group_of(element.element_id)
            by_group.setdefault(group.id, []).append((element.element_id, element.status))
        counts = {status: len(coverage.with_status(status)) for status in Status}
        self.summary.setText(
            _("{covered} covered, {open} open, {gap} gaps").format(
                covered=counts[Status.COVERED], open=counts[Status.OPEN], gap=counts[Status.GAP]
            )
        )
        for group_id, elements in by_group.items():
            group = self.catalogue.groups[group_id]
            done = sum(1 for _id, status in elements if status is Status.COVERED)
            top = QTreeWidgetItem([group.title.get(language), f"{done}/{len(elements)}"])
            top.setData(0, ELEMENT_ROLE, group_id)
            self.tree.addTopLevelItem(top)
            for element_id, status in elements:
                legal = self.catalogue.element(element_id)
                child = QTreeWidgetItem([legal.text.get(language), status_text(status)])
                child.setToolTip(0, f"{element_id}\n{legal.text.get(language)}")
                child.setData(0, ELEMENT_ROLE, element_id)
                child.setForeground(1, QBrush(QColor(COLOURS[status])))
                top.addChild(child)
            top.setExpanded(group_id in expanded)
        self.suggest_heading.setText(
            _("Suggested for the next session")
            if self.minutes_left is None
            else _("Suggested for the {minutes} minutes left").format(minutes=self.minutes_left)
        )
        for suggestion in self.suggestions:
            question = suggestion.slot.node.question
            item = QListWidgetItem(
                _("{question} (~{minutes} min)").format(
                    question=question.text.get(language), minutes=suggestion.minutes
                )
            )
            item.setData(SLOT_ROLE, (suggestion.slot.id, suggestion.slot.position))
            self.suggest_list.addItem(item)

    def _element_activated(self, item: QTreeWidgetItem) -> None:
        if self.coverage is None:
            return
        element_id = item.data(0, ELEMENT_ROLE)
        if not self.catalogue.is_known(element_id):
            return
        found = self.coverage.of(element_id)
        slots = found.open_questions or tuple(slot for slot, _answer in found.answers)
        if slots:
            self.jump_requested.emit(slots[0].id, slots[0].position)

    def _suggestion_activated(self, item: QListWidgetItem) -> None:
        question_id, position = item.data(SLOT_ROLE)
        self.jump_requested.emit(question_id, position)


def _short(title: str) -> str:
    """A follow-up module's title without its own "Follow-up:" / "후속:" (the line says it
    once, before them all)."""
    head, colon, rest = title.partition(": ")
    return rest if colon and head.lower() in ("follow-up", "후속") else title
