"""One told date: its calendar and the fields its precision needs (year; month; day;
season; the lunar leap month), with labels above the fields so the row reads at a glance."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from app.domain.calendars import Calendar, Season
from app.domain.dates import Precision, ToldDate
from app.i18n import _
from ui.editors.base import NotAnAnswer
from ui.editors.composing import ComposingLineEdit
from ui.editors.date_rules import calendar_names, precision_names, season_names, why_not
from ui.editors.style import FIELD_SPACING
from ui.editors.wheel import WheelSafeComboBox

POINTS = (Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR)


def _digits(parent: QWidget, width: int, length: int) -> ComposingLineEdit:
    field = ComposingLineEdit(parent)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(rf"^\d{{0,{length}}}$")))
    field.setFixedWidth(width)
    return field


class ToldDateFields(QWidget):
    """Calendar, year, month, day, season and leap month of one point in time."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fixed: Precision | None = Precision.YEAR
        self.precision_box = WheelSafeComboBox(self)
        for precision in POINTS:
            self.precision_box.addItem("", precision)
        self.precision_box.setCurrentIndex(POINTS.index(Precision.YEAR))
        self.calendar_box = WheelSafeComboBox(self)
        for cal in Calendar:
            self.calendar_box.addItem("", cal)
        self.year = _digits(self, 72, 4)
        self.month = _digits(self, 48, 2)
        self.day = _digits(self, 48, 2)
        self.season_box = WheelSafeComboBox(self)
        self.season_box.addItem("", None)
        for season in Season:
            self.season_box.addItem("", season)
        self.leap = QCheckBox(self)

        self.labels: dict[QWidget, QLabel] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(FIELD_SPACING)
        layout.setVerticalSpacing(2)
        fields: list[QWidget] = [
            self.precision_box,
            self.calendar_box,
            self.year,
            self.month,
            self.day,
            self.season_box,
        ]
        for column, field in enumerate(fields):
            label = QLabel(self)
            label.setProperty("role", "caption")
            label.setBuddy(field)
            self.labels[field] = label
            layout.addWidget(label, 0, column)
            layout.addWidget(field, 1, column)
        layout.addWidget(self.leap, 1, len(fields))
        layout.setColumnStretch(len(fields) + 1, 1)

        for box in (self.precision_box, self.calendar_box, self.season_box):
            box.currentIndexChanged.connect(self._changed)
        for line in (self.year, self.month, self.day):
            line.edited.connect(self._changed)
        self.leap.toggled.connect(self._changed)
        self._arrange()

    # -- what the date editor uses ---------------------------------------------------------------

    def fix_precision(self, precision: Precision | None) -> None:
        """Let the date editor set the precision (a point date), or None to let this
        row choose its own (the ends of a range, the reference of before/after)."""
        self._fixed = precision
        self._arrange()

    def precision(self) -> Precision:
        if self._fixed is not None:
            return self._fixed
        return Precision(self.precision_box.currentData())

    def calendar(self) -> Calendar:
        return Calendar(self.calendar_box.currentData())

    def is_empty(self) -> bool:
        return not any(line.text().strip() for line in (self.year, self.month, self.day)) and (
            self.season_box.currentData() is None
        )

    def read(self) -> ToldDate:
        """The told date the fields the precision needs give; NotAnAnswer says what is
        missing or why that date does not exist."""
        precision = self.precision()
        cal = self.calendar()
        if not self.year.text():
            raise NotAnAnswer(_("Type the year."))
        year = int(self.year.text())
        month = day = season = None
        if precision in (Precision.DAY, Precision.MONTH):
            if not self.month.text():
                raise NotAnAnswer(_("Type the month (1–12)."))
            month = int(self.month.text())
        if precision is Precision.DAY:
            if not self.day.text():
                raise NotAnAnswer(_("Type the day."))
            day = int(self.day.text())
        if precision is Precision.SEASON:
            season = self.season_box.currentData()
            if season is None:
                raise NotAnAnswer(_("Choose the season."))
        leap = self._leap_applies() and self.leap.isChecked()
        try:
            return ToldDate(
                calendar=cal, year=year, month=month, day=day, season=season, leap_month=leap
            )
        except ValueError:
            raise NotAnAnswer(why_not(cal, year, month, day, season, leap)) from None

    def show_date(self, told: ToldDate | None) -> None:
        """Show a told date (None empties the fields); changes nothing else."""
        self.blockSignals(True)
        try:
            cal = Calendar.GREGORIAN if told is None else told.calendar
            self.calendar_box.setCurrentIndex(list(Calendar).index(cal))
            if told is not None and self._fixed is None:
                self.precision_box.setCurrentIndex(POINTS.index(told.precision))
            for line, number in (
                (self.year, None if told is None else told.year),
                (self.month, None if told is None else told.month),
                (self.day, None if told is None else told.day),
            ):
                line.set_text_quietly("" if number is None else str(number))
            season = None if told is None else told.season
            self.season_box.setCurrentIndex(0 if season is None else list(Season).index(season) + 1)
            self.leap.setChecked(told is not None and told.leap_month)
        finally:
            self.blockSignals(False)
        self._arrange()

    def retranslate(self) -> None:
        precisions = precision_names()
        for index, precision in enumerate(POINTS):
            self.precision_box.setItemText(index, precisions[precision])
        for index, name in enumerate(calendar_names().values()):
            self.calendar_box.setItemText(index, name)
        self.season_box.setItemText(0, "—")
        for index, name in enumerate(season_names().values(), start=1):
            self.season_box.setItemText(index, name)
        captions = {
            self.precision_box: _("&Precision"),
            self.calendar_box: _("&Calendar"),
            self.year: _("&Year"),
            self.month: _("&Month"),
            self.day: _("D&ay"),
            self.season_box: _("&Season"),
        }
        for field, caption in captions.items():
            self.labels[field].setText(caption)
        self.leap.setText(_("&Leap month (윤달)"))
        self.year.setToolTip(_("A Juche year such as 103, or a year such as 2014"))

    # -- inside ----------------------------------------------------------------------------------

    def _leap_applies(self) -> bool:
        return self.calendar() is Calendar.LUNAR and self.precision() in (
            Precision.DAY,
            Precision.MONTH,
        )

    def _arrange(self) -> None:
        precision = self.precision()
        shown = {
            self.precision_box: self._fixed is None,
            self.calendar_box: True,
            self.year: True,
            self.month: precision in (Precision.DAY, Precision.MONTH),
            self.day: precision is Precision.DAY,
            self.season_box: precision is Precision.SEASON,
        }
        for field, visible in shown.items():
            field.setVisible(visible)
            self.labels[field].setVisible(visible)
        self.leap.setVisible(self._leap_applies())

    def _changed(self, *_args: object) -> None:
        self._arrange()
        self.changed.emit()
