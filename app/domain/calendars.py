"""Calendars a witness may speak in, and the Gregorian days a told date stands for.

- Gregorian: the ordinary calendar.
- Juche: the DPRK year count. Juche year N is Gregorian year N + 1911 (Juche 1 = 1912,
  Juche 103 = 2014); months and days are the Gregorian ones.
- Lunar: the Korean lunisolar calendar (as published by KASI), converted with
  `korean_lunar_calendar`. A lunar year has 12 months and, some years, a leap month
  (윤달) that follows the month of the same number.

Seasons follow Korean usage: spring March–May, summer June–August, autumn
September–November, winter December of the year told to the end of February of the next
("winter 2014" = 2014-12-01 … 2015-02-28).

Every told date must lie between `DATE_FLOOR` and `DATE_CEILING`; those two days are also
the open ends of "before …" and "after …" dates.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from korean_lunar_calendar import KoreanLunarCalendar

DATE_FLOOR = date(1900, 1, 1)
"""The earliest day a date can mean; the open start of a "before …" date."""

DATE_CEILING = date(2100, 12, 31)
"""The latest day a date can mean; the open end of an "after …" date."""

JUCHE_OFFSET = 1911
"""Juche year N is Gregorian year N + JUCHE_OFFSET."""

ONE_DAY = timedelta(days=1)


class Calendar(StrEnum):
    GREGORIAN = "gregorian"
    JUCHE = "juche"
    LUNAR = "lunar"


class Season(StrEnum):
    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


_SEASON_MONTHS: dict[Season, tuple[int, int]] = {
    Season.SPRING: (3, 5),
    Season.SUMMER: (6, 8),
    Season.AUTUMN: (9, 11),
}


def gregorian_year(year: int, cal: Calendar) -> int:
    """The Gregorian year of a Gregorian or Juche year number."""
    if cal is Calendar.JUCHE:
        if year < 1:
            raise ValueError(f"Juche year {year} does not exist (Juche 1 is 1912)")
        return year + JUCHE_OFFSET
    return year


def _month_end(year: int, month: int) -> date:
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


@lru_cache(maxsize=4096)
def lunar_to_gregorian(year: int, month: int, day: int, leap_month: bool = False) -> date | None:
    """The Gregorian day of a lunar date, or None when that lunar date does not exist."""
    converter = KoreanLunarCalendar()  # one per call: the library keeps state
    if not converter.setLunarDate(year, month, day, leap_month):
        return None
    return date(converter.solarYear, converter.solarMonth, converter.solarDay)


def _lunar_day(year: int, month: int, day: int, leap_month: bool) -> date:
    found = lunar_to_gregorian(year, month, day, leap_month)
    if found is not None:
        return found
    leap = " leap" if leap_month else ""
    if lunar_to_gregorian(year, month, 1, leap_month) is None:
        if leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        raise ValueError(f"lunar year {year} is outside the supported range")
    raise ValueError(f"lunar{leap} month {month} of {year} has no day {day}")


def _lunar_month_bounds(year: int, month: int, leap_month: bool) -> tuple[date, date]:
    first = _lunar_day(year, month, 1, leap_month)
    last = lunar_to_gregorian(year, month, 30, leap_month) or _lunar_day(
        year, month, 29, leap_month
    )
    return first, last


def _lunar_year_bounds(year: int) -> tuple[date, date]:
    first = _lunar_day(year, 1, 1, False)
    next_new_year = lunar_to_gregorian(year + 1, 1, 1, False)
    if next_new_year is None:
        raise ValueError(f"lunar year {year} is outside the supported range")
    return first, next_new_year - ONE_DAY


def told_bounds(
    cal: Calendar,
    year: int,
    month: int | None = None,
    day: int | None = None,
    season: Season | None = None,
    leap_month: bool = False,
) -> tuple[date, date]:
    """The first and last Gregorian day a told date can mean.

    Which of month, day and season are given sets the precision: a day, a month, a
    season or a whole year. Raises ValueError, with a message a person can act on, when
    the told date does not exist or lies outside DATE_FLOOR … DATE_CEILING.
    """
    if day is not None and month is None:
        raise ValueError("a day needs a month")
    if season is not None and (month is not None or day is not None):
        raise ValueError("give either a season or a month, not both")
    if leap_month and (cal is not Calendar.LUNAR or month is None):
        raise ValueError("a leap month exists only for a lunar month")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist (1–12)")
    if day is not None and not 1 <= day <= 31:
        raise ValueError(f"day {day} does not exist (1–31)")

    if cal is Calendar.LUNAR:
        if season is not None:
            raise ValueError("a season is told in the Gregorian or Juche calendar, not lunar")
        if not DATE_FLOOR.year <= year <= DATE_CEILING.year:
            raise ValueError(f"year {year} is outside {DATE_FLOOR.year}–{DATE_CEILING.year}")
        if month is None:
            bounds = _lunar_year_bounds(year)
        elif day is None:
            bounds = _lunar_month_bounds(year, month, leap_month)
        else:
            one = _lunar_day(year, month, day, leap_month)
            bounds = (one, one)
    else:
        bounds = _solar_bounds(gregorian_year(year, cal), month, day, season)

    if bounds[0] < DATE_FLOOR or bounds[1] > DATE_CEILING:
        raise ValueError(f"the date must lie between {DATE_FLOOR} and {DATE_CEILING}")
    return bounds


def _solar_bounds(
    year: int, month: int | None, day: int | None, season: Season | None
) -> tuple[date, date]:
    if not DATE_FLOOR.year <= year <= DATE_CEILING.year:
        raise ValueError(f"year {year} is outside {DATE_FLOOR.year}–{DATE_CEILING.year}")
    if season is Season.WINTER:
        if year + 1 > DATE_CEILING.year:
            raise ValueError(f"winter {year} ends after {DATE_CEILING}")
        return date(year, 12, 1), _month_end(year + 1, 2)
    if season is not None:
        first_month, last_month = _SEASON_MONTHS[season]
        return date(year, first_month, 1), _month_end(year, last_month)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), _month_end(year, month)
    last_day = _month_end(year, month).day
    if day > last_day:
        raise ValueError(f"{year}-{month:02d} has {last_day} days, not {day}")
    return date(year, month, day), date(year, month, day)
