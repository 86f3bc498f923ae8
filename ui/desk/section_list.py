"""The list of the questionnaire's sections on the left of the session screen.

Each section shows its title and, once the engine shows any of its questions, how many are
answered and about how many minutes are left; a section with nothing shown is grey.
Choosing one emits `section_chosen(section_id)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from app.i18n import _, current_language
from app.questionnaire import Evaluation, Questionnaire

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1


class SectionList(QListWidget):
    section_chosen = Signal(str)
    """The id of the section the interviewer chose."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Long titles ("Interviewer's assessment of reliability and credibility") wrap
        # within the list's width instead of being cut; the whole title is the tooltip too.
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.currentItemChanged.connect(self._chosen)

    def fill(self, questionnaire: Questionnaire) -> None:
        """One row per section of `questionnaire`, untitled until `show_progress`."""
        self.blockSignals(True)
        self.clear()
        for section in questionnaire.structure.sections():
            item = QListWidgetItem()
            item.setData(SECTION_ROLE, section.id)
            self.addItem(item)
        self.blockSignals(False)

    def show_progress(self, questionnaire: Questionnaire, evaluation: Evaluation) -> None:
        """Each section's title and, where questions are shown, its progress."""
        language = current_language()
        progress = {p.section.id: p for p in evaluation.progress}
        for row in range(self.count()):
            item = self.item(row)
            section_id = item.data(SECTION_ROLE)
            node = questionnaire.node(section_id)
            shown = progress.get(section_id)
            title = node.item.title.get(language)  # type: ignore[union-attr]
            item.setToolTip(title)
            if shown is None or shown.shown == 0:
                item.setText(title)
                item.setForeground(Qt.GlobalColor.gray)
            else:
                item.setText(
                    _("{title}\n{answered} of {shown} · ~{minutes} min left").format(
                        title=title,
                        answered=shown.answered,
                        shown=shown.shown,
                        minutes=int(shown.minutes_left),
                    )
                )
                item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def select(self, section_id: str) -> None:
        """Show `section_id` as the current row without emitting `section_chosen`."""
        for row in range(self.count()):
            if self.item(row).data(SECTION_ROLE) == section_id:
                self.blockSignals(True)
                self.setCurrentRow(row)
                self.blockSignals(False)

    def _chosen(self, current: QListWidgetItem | None) -> None:
        if current is not None:
            self.section_chosen.emit(current.data(SECTION_ROLE))
