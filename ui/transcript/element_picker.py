"""Choosing legal elements: a search field over the catalogue, grouped by act or mode of
liability, usable from the keyboard alone.

Type part of an id (`7.1.e`, `MOL.28`) or of a name in Korean or English (`고문`,
`torture`); Down goes to the list; Space ticks an element; Enter accepts (the element under
the cursor when none is ticked). `ElementChooser` is the widget; `ElementPicker` the dialog
(`ElementPicker.choose(parent)` returns the chosen ids, or None when cancelled).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.legal import Catalogue, default_catalogue

ID_ROLE = Qt.ItemDataRole.UserRole


def _folded(text: str) -> str:
    return text.casefold().replace(" ", "")


class ElementChooser(QWidget):
    changed = Signal()
    """The ticked elements, or the current one, changed."""
    accepted = Signal()
    """Enter was pressed on an element."""

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        preselected: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue or default_catalogue()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemChanged.connect(lambda *_: self.changed.emit())
        self.tree.currentItemChanged.connect(lambda *_: self.changed.emit())
        self.tree.itemActivated.connect(self._activated)
        self.empty = QLabel(self)
        self.empty.setProperty("role", "hint")
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)

        chosen = set(preselected)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.group_items: dict[str, QTreeWidgetItem] = {}
        self.tree.blockSignals(True)
        for group in self.catalogue.groups.values():
            group_item = QTreeWidgetItem(self.tree)
            group_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.group_items[group.id] = group_item
            for element in group.elements:
                item = QTreeWidgetItem(group_item)
                item.setData(0, ID_ROLE, element.id)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                checked = element.id in chosen
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.items[element.id] = item
        self.tree.blockSignals(False)
        self.retranslate()
        self.tree.collapseAll()
        for element_id in chosen & set(self.items):
            heading = self.items[element_id].parent()
            if heading is not None:
                heading.setExpanded(True)

    # -- what was chosen --------------------------------------------------------------------

    def ticked(self) -> list[str]:
        return [
            element_id
            for element_id, item in self.items.items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def chosen(self) -> list[str]:
        """The ticked elements in catalogue order; else the one under the cursor."""
        ticked = self.ticked()
        if ticked:
            return ticked
        current = self.tree.currentItem()
        element_id = current.data(0, ID_ROLE) if current is not None else None
        if element_id and current is not None and not current.isHidden():
            return [str(element_id)]
        return []

    def set_ticked(self, element_id: str, ticked: bool = True) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.items[element_id].setCheckState(0, state)

    # -- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        language = current_language()
        self.search.setPlaceholderText(_("Search elements by id or name (Korean or English)"))
        self.search.setAccessibleName(_("Search elements"))
        self.empty.setText(_("No element matches. Try an id such as 7.1.e, or another word."))
        self.tree.blockSignals(True)
        for group in self.catalogue.groups.values():
            self.group_items[group.id].setText(0, f"{group.title.get(language)}  ·  {group.id}")
            for element in group.elements:
                item = self.items[element.id]
                item.setText(0, f"{element.id}   {element.text.get(language)}")
                item.setToolTip(
                    0,
                    f"{element.text.ko}\n{element.text.en}\n\n{element.guidance.get(language)}",
                )
        self.tree.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- searching and keys -----------------------------------------------------------------

    def _filter(self, text: str) -> None:
        wanted = _folded(text)
        shown = 0
        for group in self.catalogue.groups.values():
            group_item = self.group_items[group.id]
            group_text = _folded(f"{group.id} {group.title.ko} {group.title.en}")
            whole_group = bool(wanted) and wanted in group_text
            visible = 0
            for element in group.elements:
                haystack = _folded(f"{element.id} {element.text.ko} {element.text.en}")
                match = not wanted or whole_group or wanted in haystack
                self.items[element.id].setHidden(not match)
                visible += match
            group_item.setHidden(visible == 0)
            group_item.setExpanded(bool(wanted) and visible > 0)
            shown += visible
        self.empty.setVisible(shown == 0)
        first = self._first_visible()
        if wanted and first is not None:
            self.tree.setCurrentItem(first)

    def _first_visible(self) -> QTreeWidgetItem | None:
        for item in self.items.values():
            parent = item.parent()
            if not item.isHidden() and (parent is None or not parent.isHidden()):
                return item
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
                first = self.tree.currentItem() or self._first_visible()
                if first is not None:
                    self.tree.setCurrentItem(first)
                self.tree.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, ID_ROLE):
            self.accepted.emit()


class ElementPicker(QDialog):
    """The chooser as a dialog of its own."""

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        preselected: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.resize(720, 560)
        self.chooser = ElementChooser(catalogue, preselected, self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.chooser.accepted.connect(self.accept)
        self.chooser.changed.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update()
        self.chooser.search.setFocus()

    def chosen(self) -> list[str]:
        return self.chooser.chosen()

    def accept(self) -> None:
        if self.chosen():
            super().accept()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen()))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Choose legal elements"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @classmethod
    def choose(
        cls, parent: QWidget | None = None, preselected: Iterable[str] = ()
    ) -> list[str] | None:
        """Ask; the chosen element ids, or None if the person cancelled."""
        picker = cls(preselected=preselected, parent=parent)
        try:
            if picker.exec() == QDialog.DialogCode.Accepted:
                return picker.chosen()
            return None
        finally:
            picker.deleteLater()
