"""Dates, times and figures on the desk, in the current language (through Babel)."""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_date, format_time
from babel.numbers import format_percent as babel_percent

from app.i18n import current_language


def _locale() -> str:
    return "ko_KR" if current_language() == "ko" else "en_GB"


def format_date_short(moment: datetime) -> str:
    return format_date(moment.astimezone(), format="medium", locale=_locale())


def format_clock_time(moment: datetime) -> str:
    return format_time(moment.astimezone(), format="short", locale=_locale())


def format_percent(fraction: float) -> str:
    return babel_percent(fraction, locale=_locale())


def format_duration(span: timedelta) -> str:
    """h:mm:ss, with a minus sign once the budget is spent."""
    seconds = int(span.total_seconds())
    sign = "−" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
