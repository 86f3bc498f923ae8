"""An approximate date as the witness told it: how precise it is, in which calendar
(Gregorian, Juche, lunar with its leap months), a second date for a range, the reference
of "before …" / "after …", a note, and a live line with the Gregorian days it means.

Keyboard only: every field is reached with Tab and has a mnemonic (Alt+letter).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.domain.answers import AnswerValue, DateValue
from app.domain.dates import POINT_PRECISIONS, ApproximateDate, Precision, ToldDate
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.base import AnswerEditor, NotAnAnswer
from ui.editors.composing import ComposingLineEdit
from ui.editors.context import EditorContext
from ui.editors.date_fields import ToldDateFields
from ui.editors.date_rules import meaning, precision_names
from ui.editors.style import FIELD_SPACING, SPACING
from ui.editors.wheel import WheelSafeComboBox


class DateEditor(AnswerEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.precision_box = WheelSafeComboBox(self.body)
        for precision in Precision:
            self.precision_box.addItem("", precision)
        self.precision_box.setCurrentIndex(list(Precision).index(Precision.YEAR))
        self.precision_label = QLabel(self.body)
        self.precision_label.setBuddy(self.precision_box)
        self.start = ToldDateFields(self.body)
        self.start_label = QLabel(self.body)
        self.end = ToldDateFields(self.body)
        self.end.fix_precision(None)
        self.end_label = QLabel(self.body)
        self.meaning_label = QLabel(self.body)
        self.meaning_label.setProperty("role", "meaning")
        self.note = ComposingLineEdit(self.body)
        self.note_label = QLabel(self.body)
        self.note_label.setBuddy(self.note)

        layout = QGridLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(SPACING + FIELD_SPACING)
        layout.setVerticalSpacing(SPACING)
        layout.addWidget(self.precision_label, 0, 0)
        layout.addWidget(self.precision_box, 0, 1, 1, 1)
        layout.addWidget(self.start_label, 1, 0)
        layout.addWidget(self.start, 1, 1, 1, 2)
        layout.addWidget(self.end_label, 2, 0)
        layout.addWidget(self.end, 2, 1, 1, 2)
        layout.addWidget(self.meaning_label, 3, 1, 1, 2)
        # Why a date does not exist is said right under it, in the place of its meaning.
        outer = self.layout()
        assert outer is not None
        outer.removeWidget(self.problem_label)
        layout.addWidget(self.problem_label, 3, 1, 1, 2)
        layout.addWidget(self.note_label, 4, 0)
        layout.addWidget(self.note, 4, 1, 1, 2)
        layout.setColumnStretch(2, 1)

        self.precision_box.currentIndexChanged.connect(self._precision_changed)
        self.start.changed.connect(self._fields_changed)
        self.end.changed.connect(self._fields_changed)
        self.note.edited.connect(self._fields_changed)
        self._arrange()
        self._finish()

    def precision(self) -> Precision:
        return Precision(self.precision_box.currentData())

    def choose_precision(self, precision: Precision) -> None:
        """Select a precision, as the interviewer would."""
        self.precision_box.setCurrentIndex(list(Precision).index(precision))

    # -- the hooks -------------------------------------------------------------------------------

    def _read(self) -> AnswerValue | None:
        precision = self.precision()
        ranged = precision is Precision.RANGE
        note = self.note.text() if self.note.text().strip() else None
        if self.start.is_empty() and (not ranged or self.end.is_empty()) and note is None:
            return None
        told = self.start.read().model_dump()
        end = self._read_end() if ranged else None
        try:
            return DateValue(date=ApproximateDate(precision=precision, end=end, note=note, **told))
        except ValueError:
            if ranged:
                raise NotAnAnswer(_("The second date is before the first.")) from None
            raise NotAnAnswer(_("Nothing can be dated before 1900 or after 2100.")) from None

    def _read_end(self) -> ToldDate:
        try:
            return self.end.read()
        except NotAnAnswer as problem:
            raise NotAnAnswer(_("The second date: {problem}").format(problem=problem)) from None

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, DateValue)
        told = None if value is None else value.date
        if told is not None:
            self.precision_box.setCurrentIndex(list(Precision).index(told.precision))
        self._arrange()
        self.start.show_date(None if told is None else told.start)
        self.end.show_date(None if told is None else told.end)
        note = None if told is None else told.note
        self.note.set_text_quietly(note or "")
        self._update_meaning()

    def _fields_changed(self, *args: object) -> None:
        super()._fields_changed(*args)
        self._update_meaning()

    def _retranslate_body(self) -> None:
        for index, name in enumerate(precision_names().values()):
            self.precision_box.setItemText(index, name)
        self.precision_label.setText(_("&How precise"))
        self.note_label.setText(_("&Note"))
        self.note.setPlaceholderText(_("As the witness put it, e.g. “the year of the flood”"))
        self.start.retranslate()
        self.end.retranslate()
        self._arrange()
        self._update_meaning()

    # -- inside ----------------------------------------------------------------------------------

    def _precision_changed(self) -> None:
        self._arrange()
        self._fields_changed()

    def _arrange(self) -> None:
        precision = self.precision()
        point = precision in POINT_PRECISIONS
        self.start.fix_precision(precision if point else None)
        ranged = precision is Precision.RANGE
        self.end.setVisible(ranged)
        self.end_label.setVisible(ranged)
        labels = {
            Precision.RANGE: _("From"),
            Precision.BEFORE: _("Before"),
            Precision.AFTER: _("After"),
        }
        self.start_label.setText(labels.get(precision, _("Date")))
        self.end_label.setText(_("To"))

    def _set_problem(self, message: str | None) -> None:
        super()._set_problem(message)
        self.meaning_label.setVisible(message is None)

    def _update_meaning(self) -> None:
        try:
            value = self._read()
        except NotAnAnswer:
            value = None
        if isinstance(value, DateValue):
            self.meaning_label.setText(meaning(value.date))
        else:
            self.meaning_label.setText("")
