"""How the witness knows: saw it, it happened to them, heard it (from whom), read it."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QWidget

from app.domain.answers import AnswerValue, SourceValue
from app.domain.sources import KnowledgeSource
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.base import AnswerEditor, NotAnAnswer
from ui.editors.composing import ComposingLineEdit
from ui.editors.context import EditorContext
from ui.editors.style import FIELD_SPACING

SOURCES = tuple(KnowledgeSource)


def source_names() -> dict[KnowledgeSource, str]:
    return {
        KnowledgeSource.SAW: _("Saw it with their own eyes"),
        KnowledgeSource.EXPERIENCED: _("It happened to them"),
        KnowledgeSource.HEARD: _("Heard it from someone"),
        KnowledgeSource.DOCUMENT: _("Read it in a document"),
        KnowledgeSource.OTHER: _("Another way"),
    }


class SourceEditor(AnswerEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.group = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        layout = QGridLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(FIELD_SPACING)
        layout.setVerticalSpacing(4)
        for index, _source in enumerate(SOURCES):
            radio = QRadioButton(self.body)
            self.group.addButton(radio, index)
            self.radios.append(radio)
            layout.addWidget(radio, index, 0, 1, 2)
        self.heard_from = ComposingLineEdit(self.body)
        self.heard_label = QLabel(self.body)
        self.heard_label.setBuddy(self.heard_from)
        self.note = ComposingLineEdit(self.body)
        self.note_label = QLabel(self.body)
        self.note_label.setBuddy(self.note)
        row = len(SOURCES)
        layout.addWidget(self.heard_label, row, 0)
        layout.addWidget(self.heard_from, row, 1)
        layout.addWidget(self.note_label, row + 1, 0)
        layout.addWidget(self.note, row + 1, 1)
        layout.setColumnStretch(1, 1)

        self.group.idToggled.connect(self._source_toggled)
        self.heard_from.edited.connect(self._fields_changed)
        self.note.edited.connect(self._fields_changed)
        self._arrange()
        self._finish()

    def chosen(self) -> KnowledgeSource | None:
        index = self.group.checkedId()
        return SOURCES[index] if index >= 0 else None

    def choose(self, source: KnowledgeSource | None) -> None:
        """Select how the witness knows, as the interviewer would."""
        self._select(source)
        self._arrange()
        self._fields_changed()

    def _read(self) -> AnswerValue | None:
        source = self.chosen()
        note = self.note.text() if self.note.text().strip() else None
        heard = self.heard_from.text() if self.heard_from.text().strip() else None
        if source is None:
            if note or heard:
                raise NotAnAnswer(_("Choose how the witness knows."))
            return None
        if source is not KnowledgeSource.HEARD:
            heard = None  # kept in the field, in case HEARD is chosen again
        return SourceValue(source=source, heard_from=heard, note=note)

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, SourceValue)
        self._select(None if value is None else value.source)
        self.heard_from.set_text_quietly("" if value is None else value.heard_from or "")
        self.note.set_text_quietly("" if value is None else value.note or "")
        self._arrange()

    def _retranslate_body(self) -> None:
        for radio, name in zip(self.radios, source_names().values(), strict=True):
            radio.setText(name)
        self.heard_label.setText(_("&From whom"))
        self.heard_from.setPlaceholderText(_("e.g. a cellmate, a neighbour, the guard"))
        self.note_label.setText(_("&Note"))

    def _source_toggled(self, _index: int, on: bool) -> None:
        if on:
            self._arrange()
            self._fields_changed()

    def _select(self, source: KnowledgeSource | None) -> None:
        self.group.setExclusive(False)
        for each, radio in zip(SOURCES, self.radios, strict=True):
            radio.setChecked(each is source)
        self.group.setExclusive(True)

    def _arrange(self) -> None:
        heard = self.chosen() is KnowledgeSource.HEARD
        self.heard_from.setEnabled(heard)
        self.heard_label.setEnabled(heard)
