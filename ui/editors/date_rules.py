"""Why a told date does not exist, and what an approximate date means, said to a person.

The domain (app.domain.calendars) decides whether a date exists; these functions only put
its reason in the interviewer's language, and the Gregorian days a date means in a line.
"""

from __future__ import annotations

import calendar as stdlib_calendar

from app.domain.calendars import (
    DATE_CEILING,
    DATE_FLOOR,
    JUCHE_OFFSET,
    Calendar,
    Season,
    lunar_to_gregorian,
)
from app.domain.dates import ApproximateDate, Precision
from app.i18n import _


def calendar_names() -> dict[Calendar, str]:
    return {
        Calendar.GREGORIAN: _("Gregorian (양력)"),
        Calendar.JUCHE: _("Juche year (주체)"),
        Calendar.LUNAR: _("Lunar (음력)"),
    }


def precision_names() -> dict[Precision, str]:
    return {
        Precision.DAY: _("A day"),
        Precision.MONTH: _("A month"),
        Precision.SEASON: _("A season"),
        Precision.YEAR: _("A year"),
        Precision.RANGE: _("Between two dates"),
        Precision.BEFORE: _("Before a date"),
        Precision.AFTER: _("After a date"),
    }


def season_names() -> dict[Season, str]:
    return {
        Season.SPRING: _("spring (Mar–May)"),
        Season.SUMMER: _("summer (Jun–Aug)"),
        Season.AUTUMN: _("autumn (Sep–Nov)"),
        Season.WINTER: _("winter (Dec–Feb)"),
    }


def why_not(
    cal: Calendar,
    year: int,
    month: int | None,
    day: int | None,
    season: Season | None,
    leap_month: bool,
) -> str:
    """Why this told date does not exist (the domain refused it)."""
    if cal is Calendar.JUCHE and year < 1:
        return _("Juche years start at 1 (1912).")
    solar_year = year + JUCHE_OFFSET if cal is Calendar.JUCHE else year
    if not DATE_FLOOR.year <= solar_year <= DATE_CEILING.year:
        return _("Dates must lie between {first} and {last}.").format(
            first=DATE_FLOOR.year, last=DATE_CEILING.year
        )
    if month is not None and not 1 <= month <= 12:
        return _("There is no month {month}.").format(month=month)
    if day is not None and not 1 <= day <= 31:
        return _("There is no day {day}.").format(day=day)
    if cal is Calendar.LUNAR:
        return _why_not_lunar(year, month, day, season, leap_month)
    if month is not None and day is not None:
        days = stdlib_calendar.monthrange(solar_year, month)[1]
        if day > days:
            return _("Month {month} of {year} has only {days} days.").format(
                month=month, year=year, days=days
            )
    return _("This date does not exist.")


def _why_not_lunar(
    year: int, month: int | None, day: int | None, season: Season | None, leap_month: bool
) -> str:
    if season is not None:
        return _("Give a season in the Gregorian or Juche calendar.")
    if lunar_to_gregorian(year, 1, 1) is None or lunar_to_gregorian(year + 1, 1, 1) is None:
        return _("The lunar calendar can be converted from 1900 to 2049 only.")
    if month is not None and lunar_to_gregorian(year, month, 1, leap_month) is None:
        if leap_month:
            return _("Lunar year {year} has no leap month {month}.").format(year=year, month=month)
    if month is not None and day is not None:
        days = 30 if lunar_to_gregorian(year, month, 30, leap_month) else 29
        if leap_month:
            return _("Lunar leap month {month} of {year} has only {days} days.").format(
                month=month, year=year, days=days
            )
        return _("Lunar month {month} of {year} has only {days} days.").format(
            month=month, year=year, days=days
        )
    return _("This date does not exist.")


def meaning(value: ApproximateDate) -> str:
    """The Gregorian days the date means, e.g. "Gregorian: 2014-03-01 – 2014-05-31"."""
    first, last = value.earliest.isoformat(), value.latest.isoformat()
    if value.precision is Precision.BEFORE:
        span = _("up to {last}").format(last=last)
    elif value.precision is Precision.AFTER:
        span = _("from {first}").format(first=first)
    elif first == last:
        span = first
    else:
        span = f"{first} – {last}"
    return _("In the Gregorian calendar: {span}").format(span=span)
