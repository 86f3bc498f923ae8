"""Dates, times, numbers, durations and plurals in the reader's language, through Babel's
locale data; never by hand. And approximate dates as the witness told them.

Every function takes the language ('ko' or 'en') explicitly, defaulting to the current
one, so a statement can be written in Korean while the desk shows English. An
approximate date keeps its precision in words ("spring 2014", "2014년 봄"), and a date told
as a Juche year or on the lunar calendar is shown that way first, with the Gregorian
days it means after it: the witness recognises their own words when it is read back,
and a court sees what the date stands for.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from app.domain.calendars import JUCHE_OFFSET, Calendar, Season
from app.domain.dates import ApproximateDate, Precision, ToldDate
from app.i18n import N_, current_language, translator

BABEL_LOCALES = {"ko": "ko_KR", "en": "en_GB"}
"""Babel locale of each interface language. British English: day before month, 24-hour
clock, as in UN documents."""

SEASON_NAMES = {
    Season.SPRING: N_("spring {year}"),
    Season.SUMMER: N_("summer {year}"),
    Season.AUTUMN: N_("autumn {year}"),
    Season.WINTER: N_("winter {year}"),
}

SEASON_WORDS = {
    Season.SPRING: N_("spring"),
    Season.SUMMER: N_("summer"),
    Season.AUTUMN: N_("autumn"),
    Season.WINTER: N_("winter"),
}

PRECISION_NAMES = {
    Precision.DAY: N_("exact day"),
    Precision.MONTH: N_("month"),
    Precision.SEASON: N_("season"),
    Precision.YEAR: N_("year"),
    Precision.RANGE: N_("range"),
    Precision.BEFORE: N_("before"),
    Precision.AFTER: N_("after"),
}


def _lang(language: str | None) -> str:
    return current_language() if language is None else language


def locale_of(language: str | None = None) -> str:
    """The Babel locale for `language` (default: the current language)."""
    return BABEL_LOCALES.get(_lang(language), "en_GB")


def gettext_in(message: str, language: str | None = None) -> str:
    """`message` translated into `language`, whatever the current language is."""
    return translator(_lang(language)).gettext(message)


def plural(count: int, one: str, other: str, language: str | None = None, **values: object) -> str:
    """`one` or `other` as Babel's plural rule (CLDR) of `language` says for `count`,
    translated, with `count` written the locale's way ("1,250 answers") and any other
    placeholders from `values`. Korean always takes `other`. Mark both with `N_()`; each
    is a plain catalogue entry, translated on its own (so the catalogues need no plural
    forms)."""
    form = Locale.parse(locale_of(language)).plural_form(count)
    chosen = one if form == "one" else other
    return gettext_in(chosen, language).format(count=format_number(count, language), **values)


def format_number(value: int | float | Decimal, language: str | None = None) -> str:
    """A number with the locale's grouping and decimal sign, exactly as given (no rounding
    beyond what `value` holds)."""
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=locale_of(language))
    return format_decimal(value, locale=locale_of(language))


def format_date(day: date, language: str | None = None) -> str:
    """One day in full: "5 March 2014", "2014년 3월 5일"."""
    return _babel_date(day, "long", locale=locale_of(language))


def format_short_date(day: date, language: str | None = None) -> str:
    """One day, compact: "5 Mar 2014", "2014. 3. 5."."""
    return _babel_date(day, "medium", locale=locale_of(language))


def format_datetime(moment: datetime, language: str | None = None) -> str:
    """A moment on the 24-hour clock in the time zone it carries, with the offset shown,
    so a reader elsewhere knows when it was: "5 Mar 2014 14:03 (UTC+09:00)"."""
    day = format_short_date(moment.date(), language)
    return f"{day} {format_time(moment, language)} ({_offset(moment)})"


def format_time(moment: datetime, language: str | None = None) -> str:
    """The time of day of `moment` in its own time zone: "14:03"."""
    return format_skeleton("Hm", moment, tzinfo=moment.tzinfo, locale=locale_of(language))


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_duration(length: timedelta | int, language: str | None = None) -> str:
    """A duration in hours and minutes ("1 hour, 25 minutes", "1시간 25분"); an int is
    minutes. Seconds are dropped; less than a minute is "0 minutes"."""
    minutes = length if isinstance(length, int) else int(length.total_seconds() // 60)
    hours, rest = divmod(max(minutes, 0), 60)
    locale = locale_of(language)
    width: Literal["short", "long"] = "short" if _lang(language) == "ko" else "long"
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", length=width, locale=locale))
    if rest or not hours:
        parts.append(format_unit(rest, "duration-minute", length=width, locale=locale))
    style: Literal["unit-short", "unit"] = "unit-short" if width == "short" else "unit"
    return format_list(parts, style=style, locale=locale)


# Approximate dates ------------------------------------------------------------------------


def _year(year: int) -> str:
    return str(year)  # never grouped: "2014", not "2,014"


def _gregorian(told: ToldDate, language: str) -> str:
    """A Gregorian (or Juche, as its Gregorian year) point as told, in words."""
    year = told.year + JUCHE_OFFSET if told.calendar is Calendar.JUCHE else told.year
    locale = locale_of(language)
    if told.day is not None and told.month is not None:
        return format_date(date(year, told.month, told.day), language)
    if told.month is not None:
        return format_skeleton("yMMMM", date(year, told.month, 1), locale=locale)
    if told.season is not None:
        return gettext_in(SEASON_NAMES[told.season], language).format(year=_year(year))
    return format_skeleton("y", date(year, 1, 1), locale=locale)


def _juche(told: ToldDate, language: str) -> str:
    """ "Juche 103 (2014)", "March, Juche 103 (March 2014)": the year as told, then the
    Gregorian date it is."""
    gregorian = _gregorian(told, language)
    if told.day is not None:
        template = N_("{month}/{day}, Juche {juche} ({gregorian})")
    elif told.month is not None:
        template = N_("month {month} of Juche {juche} ({gregorian})")
    elif told.season is not None:
        template = N_("{season} of Juche {juche} ({gregorian})")
    else:
        template = N_("Juche {juche} ({gregorian})")
    season = gettext_in(SEASON_WORDS[told.season], language) if told.season else ""
    return gettext_in(template, language).format(
        juche=_year(told.year), month=told.month, day=told.day, gregorian=gregorian, season=season
    )


def _lunar(told: ToldDate, language: str) -> str:
    """ "Lunar 2014, leap month 9, day 15 (= 7 November 2014)": the lunar date as told,
    then the Gregorian days it stands for."""
    first, last = told.bounds()
    if told.month is None:
        template = N_("lunar year {year}")
    elif told.day is None:
        template = (
            N_("lunar {year}, leap month {month}")
            if told.leap_month
            else N_("lunar {year}, month {month}")
        )
    else:
        template = (
            N_("lunar {year}, leap month {month}, day {day}")
            if told.leap_month
            else N_("lunar {year}, month {month}, day {day}")
        )
    lunar = gettext_in(template, language).format(
        year=_year(told.year), month=told.month, day=told.day
    )
    return f"{lunar} (= {format_span(first, last, language)})"


def format_span(first: date, last: date, language: str | None = None) -> str:
    """The Gregorian days from `first` to `last`: one day, or "5 Mar 2014 – 7 Apr 2014"."""
    language = _lang(language)
    if first == last:
        return format_date(first, language)
    return f"{format_short_date(first, language)} – {format_short_date(last, language)}"


def format_told_date(told: ToldDate, language: str | None = None) -> str:
    """A point in time in the calendar it was told in."""
    language = _lang(language)
    if told.calendar is Calendar.LUNAR:
        return _lunar(told, language)
    if told.calendar is Calendar.JUCHE:
        return _juche(told, language)
    return _gregorian(told, language)


def format_approximate_date(
    value: ApproximateDate, language: str | None = None, *, with_precision: bool = True
) -> str:
    """An approximate date as told, with its precision: "spring 2014 (season)",
    "before March 2014 (before)", "Juche 103 (2014) (year)", and the witness's own note
    ("the year of the flood") after a dash."""
    language = _lang(language)
    start = format_told_date(value.start, language)
    if value.precision is Precision.RANGE:
        assert value.end is not None
        end = format_told_date(value.end, language)
        text = gettext_in(N_("from {start} to {end}"), language).format(start=start, end=end)
    elif value.precision is Precision.BEFORE:
        text = gettext_in(N_("before {date}"), language).format(date=start)
    elif value.precision is Precision.AFTER:
        text = gettext_in(N_("after {date}"), language).format(date=start)
    else:
        text = start
    if with_precision:
        text = f"{text} ({precision_name(value.precision, language)})"
    if value.note:
        text = f"{text} — {value.note}"
    return text


def precision_name(precision: Precision, language: str | None = None) -> str:
    """The precision in words: "exact day", "season", "범위"…"""
    return gettext_in(PRECISION_NAMES[precision], language)
