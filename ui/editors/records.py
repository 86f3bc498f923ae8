"""Pick a person or facility already recorded for the interview, or add a new one.

One perpetrator or one facility is recorded once and referred to everywhere: the list
offers the interview's records; a new one is added from the line below it (Enter or the
Add button). Adding is a write the app does on its worker, so the editor asks through the
context's callback and selects the new record when it is told its id.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import shiboken6
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from app.domain.answers import AnswerValue
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.base import AnswerEditor
from ui.editors.composing import ComposingLineEdit
from ui.editors.context import EditorContext, KnownRecords
from ui.editors.style import FIELD_SPACING
from ui.editors.wheel import WheelSafeComboBox


class RecordPicker(AnswerEditor):
    """The shared part; subclasses give the records, the value and how to add one."""

    def __init__(
        self,
        question: Question,
        context: EditorContext,
        known: KnownRecords,
        name_field: ComposingLineEdit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, context, parent)
        self.known = known
        self.combo = WheelSafeComboBox(self.body)
        self.combo.setMinimumContentsLength(24)
        self.combo_label = QLabel(self.body)
        self.combo_label.setBuddy(self.combo)
        self.name = name_field
        self.name.setParent(self.body)
        self.name_label = QLabel(self.body)
        self.name_label.setBuddy(self.name)
        self.add_button = QPushButton(self.body)
        self.add_button.setAutoDefault(False)
        self.status = QLabel(self.body)
        self.status.setProperty("role", "caption")
        self.status.hide()
        self._message: Callable[[], str] | None = None
        self.extras = QWidget(self.body)  # what a subclass adds beside the name

        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(FIELD_SPACING)
        self.grid.addWidget(self.combo_label, 0, 0)
        self.grid.addWidget(self.combo, 0, 1, 1, 3)
        self.grid.addWidget(self.name_label, 1, 0)
        self.grid.addWidget(self.name, 1, 1)
        self.grid.addWidget(self.extras, 1, 2)
        self.grid.addWidget(self.add_button, 1, 3)
        self.grid.addWidget(self.status, 2, 1, 1, 3)
        self.grid.setColumnStretch(1, 1)

        self.combo.currentIndexChanged.connect(self._fields_changed)
        self.name.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self._pending = False
        self.refresh()

    # -- for subclasses --------------------------------------------------------------------------

    def _value_for(self, record_id: UUID) -> AnswerValue:
        raise NotImplementedError

    def _id_of(self, value: AnswerValue) -> UUID:
        raise NotImplementedError

    def _create(self, text: str) -> None:
        """Ask the context to record a new one; it calls `self._created`."""
        raise NotImplementedError

    # -- the interface ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the interview's records, keeping the selection."""
        chosen = self.chosen()
        with self._quietly():
            self.combo.clear()
            self.combo.addItem("", None)
            for record_id, label in self.known():
                self.combo.addItem(label, str(record_id))
            self._select(chosen)
        self._retranslate_combo()

    def chosen(self) -> UUID | None:
        data = self.combo.currentData()
        return UUID(data) if isinstance(data, str) else None

    def add(self) -> None:
        """Record a new one from the typed text, then select it."""
        text = self.name.text()
        if self._pending:
            return
        if not text.strip():
            self._say(lambda: _("Type a name or a description first."))
            return
        self._pending = True
        self.add_button.setEnabled(False)
        self._say(lambda: _("Adding…"))
        self._create(text)

    def draft(self) -> dict[str, str]:
        """The line of a new record as typed but not yet added ({} if empty): kept across
        a lock (`app.desk.drafts`)."""
        text = self.name.text()
        return {"name": text, **self._draft_extras()} if text else {}

    def restore_draft(self, draft: dict[str, str]) -> None:
        self.name.set_text_quietly(draft.get("name", ""))
        self._restore_extras(draft)

    def _draft_extras(self) -> dict[str, str]:
        return {}

    def _restore_extras(self, draft: dict[str, str]) -> None:
        """What a subclass keeps beside the name (a facility's type and reference)."""

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    # -- the hooks -------------------------------------------------------------------------------

    def _read(self) -> AnswerValue | None:
        chosen = self.chosen()
        return None if chosen is None else self._value_for(chosen)

    def _show(self, value: AnswerValue | None) -> None:
        self._select(None if value is None else self._id_of(value))

    def _retranslate_body(self) -> None:
        self.add_button.setText(_("&Add"))
        self._say(self._message)
        self._retranslate_combo()

    # -- inside ----------------------------------------------------------------------------------

    def _created(self, record_id: UUID | None) -> None:
        if not shiboken6.isValid(self):
            return  # the editor was closed while the record was being made
        self._pending = False
        self.add_button.setEnabled(True)
        if record_id is None:
            self._say(lambda: _("It could not be added. Try again."))
            return
        self._say(None)
        self.name.set_text_quietly("")
        self.refresh()
        self._select(record_id)
        self._fields_changed()

    def _say(self, message: Callable[[], str] | None) -> None:
        """Show a status line (a function giving it in the current language), or none."""
        self._message = message
        self.status.setText("" if message is None else message())
        self.status.setVisible(message is not None)

    def _select(self, record_id: UUID | None) -> None:
        with self._quietly():
            if record_id is None:
                self.combo.setCurrentIndex(0)
                return
            index = self.combo.findData(str(record_id))
            if index < 0:  # recorded, but not (yet) in the list the context gave
                self.combo.addItem(_("Recorded earlier ({id})").format(id=str(record_id)[:8]))
                index = self.combo.count() - 1
                self.combo.setItemData(index, str(record_id))
            self.combo.setCurrentIndex(index)

    def _retranslate_combo(self) -> None:
        self.combo.setItemText(0, _("Choose…") if self.combo.count() > 1 else _("None yet"))
