"""Dates, durations, numbers and plurals through Babel, and approximate dates as told:
with their precision, Juche years and lunar dates shown the way the witness gave them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from app.domain import ApproximateDate, Calendar, Season
from app.i18n import N_, build, translator
from app.i18n.formats import (
    format_approximate_date,
    format_date,
    format_datetime,
    format_duration,
    format_number,
    plural,
)


@pytest.fixture(scope="module", autouse=True)
def _compiled() -> None:
    build.compile_all()
    translator.cache_clear()


def test_days_follow_the_locale() -> None:
    assert format_date(date(2014, 3, 5), "ko") == "2014년 3월 5일"
    assert format_date(date(2014, 3, 5), "en") == "5 March 2014"


def test_a_moment_keeps_its_time_zone_and_says_it() -> None:
    seoul = timezone(timedelta(hours=9))
    moment = datetime(2026, 3, 5, 0, 30, tzinfo=UTC).astimezone(seoul)
    assert format_datetime(moment, "ko") == "2026. 3. 5. 09:30 (UTC+09:00)"
    assert format_datetime(moment, "en") == "5 Mar 2026 09:30 (UTC+09:00)"


def test_numbers_keep_their_exact_value() -> None:
    assert format_number(Decimal("1234.50"), "en") == "1,234.50"
    assert format_number(12000, "ko") == "12,000"


def test_durations_in_hours_and_minutes() -> None:
    assert format_duration(timedelta(minutes=85), "en") == "1 hour, 25 minutes"
    assert format_duration(85, "ko") == "1시간 25분"
    assert format_duration(0, "en") == "0 minutes"


def test_plurals_follow_the_languages_rule() -> None:
    one, other = N_("{count} session"), N_("{count} sessions")
    assert plural(1, one, other, "en") == "1 session"
    assert plural(1200, one, other, "en") == "1,200 sessions"
    assert plural(1, one, other, "ko") == "1회"
    assert plural(3, one, other, "ko") == "3회"


@pytest.mark.parametrize(
    ("value", "korean", "english"),
    [
        (
            ApproximateDate.exact(2014, 3, 5),
            "2014년 3월 5일 (정확한 날짜)",
            "5 March 2014 (exact day)",
        ),
        (ApproximateDate.month_of(2014, 3), "2014년 3월 (월)", "March 2014 (month)"),
        (
            ApproximateDate.season_of(2013, Season.WINTER),
            "2013년 겨울 (계절)",
            "winter 2013 (season)",
        ),
        (ApproximateDate.year_of(2014), "2014년 (연도)", "2014 (year)"),
        (
            ApproximateDate.between(
                ApproximateDate.year_of(2013), ApproximateDate.month_of(2016, 5)
            ),
            "2013년부터 2016년 5월까지 (기간)",
            "from 2013 to May 2016 (range)",
        ),
        (
            ApproximateDate.before(ApproximateDate.season_of(2014, Season.SPRING)),
            "2014년 봄 이전 (이전)",
            "before spring 2014 (before)",
        ),
        (
            ApproximateDate.after(ApproximateDate.year_of(2015)),
            "2015년 이후 (이후)",
            "after 2015 (after)",
        ),
    ],
)
def test_approximate_dates_keep_their_precision(
    value: ApproximateDate, korean: str, english: str
) -> None:
    assert format_approximate_date(value, "ko") == korean
    assert format_approximate_date(value, "en") == english


def test_a_juche_year_is_shown_as_told_with_its_gregorian_year() -> None:
    year = ApproximateDate.year_of(103, Calendar.JUCHE)
    assert format_approximate_date(year, "ko") == "주체 103년 (2014년) (연도)"
    assert format_approximate_date(year, "en") == "Juche 103 (2014) (year)"
    month = ApproximateDate.month_of(103, 4, Calendar.JUCHE, note="진달래가 필 때")
    assert (
        format_approximate_date(month, "ko") == "주체 103년 4월 (2014년 4월) (월) — 진달래가 필 때"
    )
    spring = ApproximateDate.season_of(103, Season.SPRING, Calendar.JUCHE)
    assert (
        format_approximate_date(spring, "ko", with_precision=False) == "주체 103년 봄 (2014년 봄)"
    )
    assert format_approximate_date(spring, "en", with_precision=False) == (
        "spring of Juche 103 (spring 2014)"
    )


def test_a_lunar_date_is_shown_as_told_with_the_days_it_means() -> None:
    chuseok = ApproximateDate.exact(2014, 8, 15, Calendar.LUNAR, note="추석 무렵")
    assert format_approximate_date(chuseok, "ko") == (
        "음력 2014년 8월 15일 (= 2014년 9월 8일) (정확한 날짜) — 추석 무렵"
    )
    assert format_approximate_date(chuseok, "en") == (
        "lunar 2014, month 8, day 15 (= 8 September 2014) (exact day) — 추석 무렵"
    )
    leap = ApproximateDate.month_of(2014, 9, Calendar.LUNAR, leap_month=True)
    assert format_approximate_date(leap, "ko", with_precision=False) == (
        "음력 2014년 윤9월 (= 2014. 10. 24. – 2014. 11. 21.)"
    )
