"""Approximate dates: a date as the witness told it, with its precision and bounds.

A witness rarely gives a day. "Spring 2014", "Juche 103", "the 15th of the 8th lunar
month", "before I was sent to the camp", "between 2010 and 2012" are all dates here. Each
keeps what was told (calendar, year, month, day, season, leap month, a note such as "the
year of the flood") and the Gregorian days it can mean: `earliest` … `latest`, both
inclusive. The bounds are computed from what was told whenever a date is built or loaded;
bounds that disagree with the told date are refused, so the two can never drift apart.

How the told fields are read depends on `precision`:

- day / month / season / year: they are the date itself;
- range: they are the start, and `end` is the end (each may be of any point precision);
- before / after: they are the reference point ("before spring 2014").

Open ends use the documented `DATE_FLOOR` and `DATE_CEILING` of `app.domain.calendars`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from app.domain.base import FrozenModel
from app.domain.calendars import (
    DATE_CEILING,
    DATE_FLOOR,
    ONE_DAY,
    Calendar,
    Season,
    told_bounds,
)

_UNSET = date.min  # stands for "compute from the told date" in earliest/latest


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    RANGE = "range"
    BEFORE = "before"
    AFTER = "after"


POINT_PRECISIONS = frozenset({Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR})


class ToldDate(FrozenModel):
    """A point in time as told: a day, a month, a season or a year, in one calendar."""

    calendar: Calendar = Calendar.GREGORIAN
    year: int
    month: int | None = None
    day: int | None = None
    season: Season | None = None
    leap_month: bool = False

    @model_validator(mode="after")
    def _exists(self) -> Self:
        self.bounds()
        return self

    @property
    def precision(self) -> Precision:
        """Day, month, season or year, from which fields were told."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        if self.season is not None:
            return Precision.SEASON
        return Precision.YEAR

    def bounds(self) -> tuple[date, date]:
        """The first and last Gregorian day this told date can mean."""
        return told_bounds(
            self.calendar, self.year, self.month, self.day, self.season, self.leap_month
        )


class ApproximateDate(FrozenModel):
    """A date with a precision and an uncertainty; see the module documentation."""

    precision: Precision
    calendar: Calendar = Calendar.GREGORIAN
    year: int
    month: int | None = None
    day: int | None = None
    season: Season | None = None
    leap_month: bool = False
    end: ToldDate | None = None
    note: str | None = None
    earliest: date = Field(default=_UNSET, description="first Gregorian day it can mean")
    latest: date = Field(default=_UNSET, description="last Gregorian day it can mean")

    @model_validator(mode="after")
    def _derive_bounds(self) -> Self:
        earliest, latest = self._compute_bounds()
        for name, value in (("earliest", earliest), ("latest", latest)):
            given = getattr(self, name)
            if given == _UNSET:
                object.__setattr__(self, name, value)  # frozen: set once, while validating
            elif given != value:
                raise ValueError(f"{name} {given} does not match the date as told ({value})")
        return self

    def _compute_bounds(self) -> tuple[date, date]:
        start = self.start
        if self.precision is not Precision.RANGE and self.end is not None:
            raise ValueError("only a range has an end")
        if self.precision in POINT_PRECISIONS:
            if start.precision is not self.precision:
                raise ValueError(
                    f"a {self.precision} date was given the fields of a {start.precision}"
                )
            return start.bounds()
        first, last = start.bounds()
        if self.precision is Precision.RANGE:
            if self.end is None:
                raise ValueError("a range needs an end")
            end_last = self.end.bounds()[1]
            if end_last < first:
                raise ValueError(f"the range ends ({end_last}) before it starts ({first})")
            return first, end_last
        if self.precision is Precision.BEFORE:
            if first <= DATE_FLOOR:
                raise ValueError(f"nothing can be dated before {DATE_FLOOR}")
            return DATE_FLOOR, first - ONE_DAY
        if last >= DATE_CEILING:
            raise ValueError(f"nothing can be dated after {DATE_CEILING}")
        return last + ONE_DAY, DATE_CEILING

    @property
    def start(self) -> ToldDate:
        """The told point: the date itself, the start of a range, or the reference of
        a before/after date."""
        return ToldDate(
            calendar=self.calendar,
            year=self.year,
            month=self.month,
            day=self.day,
            season=self.season,
            leap_month=self.leap_month,
        )

    # Constructors ---------------------------------------------------------------------

    @classmethod
    def _point(cls, precision: Precision, told: ToldDate, note: str | None) -> Self:
        return cls(precision=precision, note=note, **told.model_dump())

    @classmethod
    def exact(
        cls,
        year: int,
        month: int,
        day: int,
        calendar: Calendar = Calendar.GREGORIAN,
        *,
        leap_month: bool = False,
        note: str | None = None,
    ) -> Self:
        """One day."""
        told = ToldDate(calendar=calendar, year=year, month=month, day=day, leap_month=leap_month)
        return cls._point(Precision.DAY, told, note)

    @classmethod
    def month_of(
        cls,
        year: int,
        month: int,
        calendar: Calendar = Calendar.GREGORIAN,
        *,
        leap_month: bool = False,
        note: str | None = None,
    ) -> Self:
        """A whole month (a lunar month may be a leap month)."""
        told = ToldDate(calendar=calendar, year=year, month=month, leap_month=leap_month)
        return cls._point(Precision.MONTH, told, note)

    @classmethod
    def season_of(
        cls,
        year: int,
        season: Season,
        calendar: Calendar = Calendar.GREGORIAN,
        *,
        note: str | None = None,
    ) -> Self:
        """A season; winter runs from December of `year` to the end of February."""
        told = ToldDate(calendar=calendar, year=year, season=season)
        return cls._point(Precision.SEASON, told, note)

    @classmethod
    def year_of(
        cls, year: int, calendar: Calendar = Calendar.GREGORIAN, *, note: str | None = None
    ) -> Self:
        """A whole year (a lunar year runs from one lunar new year to the next)."""
        return cls._point(Precision.YEAR, ToldDate(calendar=calendar, year=year), note)

    @classmethod
    def between(
        cls, start: ApproximateDate, end: ApproximateDate, *, note: str | None = None
    ) -> Self:
        """From `start` to `end`, both inclusive; each a day, month, season or year."""
        _require_point(start, "the start of a range")
        _require_point(end, "the end of a range")
        return cls(precision=Precision.RANGE, end=end.start, note=note, **start.start.model_dump())

    @classmethod
    def before(cls, reference: ApproximateDate, *, note: str | None = None) -> Self:
        """Some time before `reference` began, back to DATE_FLOOR."""
        _require_point(reference, "the reference of 'before'")
        return cls._point(Precision.BEFORE, reference.start, note)

    @classmethod
    def after(cls, reference: ApproximateDate, *, note: str | None = None) -> Self:
        """Some time after `reference` ended, up to DATE_CEILING."""
        _require_point(reference, "the reference of 'after'")
        return cls._point(Precision.AFTER, reference.start, note)

    # Queries ----------------------------------------------------------------------------

    def overlaps(self, other: ApproximateDate) -> bool:
        """True when both dates can mean a common day (they may be the same event)."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, day: date) -> bool:
        """True when `day` is one of the days this date can mean."""
        return self.earliest <= day <= self.latest


def _require_point(value: ApproximateDate, role: str) -> None:
    if value.precision not in POINT_PRECISIONS:
        raise ValueError(f"{role} must be a day, month, season or year, not a {value.precision}")
