"""Approximate dates: calendars, precisions, bounds, and dates that do not exist."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from app.domain import DATE_CEILING, DATE_FLOOR, ApproximateDate, Calendar, Precision, Season
from app.domain.calendars import lunar_to_gregorian

LUNAR = Calendar.LUNAR
JUCHE = Calendar.JUCHE


def bounds(value: ApproximateDate) -> tuple[date, date]:
    return value.earliest, value.latest


def test_exact_gregorian_day() -> None:
    value = ApproximateDate.exact(2014, 3, 15)
    assert value.precision is Precision.DAY
    assert bounds(value) == (date(2014, 3, 15), date(2014, 3, 15))


def test_juche_103_is_2014() -> None:
    assert bounds(ApproximateDate.year_of(103, JUCHE)) == (date(2014, 1, 1), date(2014, 12, 31))
    assert bounds(ApproximateDate.year_of(1, JUCHE)) == (date(1912, 1, 1), date(1912, 12, 31))


def test_juche_day_and_month_are_gregorian() -> None:
    assert bounds(ApproximateDate.exact(103, 2, 16, JUCHE)) == (date(2014, 2, 16),) * 2
    assert bounds(ApproximateDate.month_of(104, 2, JUCHE)) == (date(2015, 2, 1), date(2015, 2, 28))


def test_juche_year_zero_does_not_exist() -> None:
    with pytest.raises(ValidationError, match="Juche year 0 does not exist"):
        ApproximateDate.year_of(0, JUCHE)


def test_lunar_new_year_2014_is_31_january() -> None:
    assert lunar_to_gregorian(2014, 1, 1) == date(2014, 1, 31)
    assert bounds(ApproximateDate.exact(2014, 1, 1, LUNAR)) == (date(2014, 1, 31),) * 2


def test_lunar_chuseok_2023() -> None:
    assert ApproximateDate.exact(2023, 8, 15, LUNAR).earliest == date(2023, 9, 29)


def test_lunar_leap_month_differs_from_the_ordinary_month() -> None:
    # 2020 had a leap fourth month (윤4월), 23 May – 20 June.
    ordinary = ApproximateDate.exact(2020, 4, 1, LUNAR)
    leap = ApproximateDate.exact(2020, 4, 1, LUNAR, leap_month=True)
    assert ordinary.earliest == date(2020, 4, 23)
    assert leap.earliest == date(2020, 5, 23)
    assert bounds(ApproximateDate.month_of(2020, 4, LUNAR, leap_month=True)) == (
        date(2020, 5, 23),
        date(2020, 6, 20),
    )


def test_lunar_leap_month_that_did_not_exist_is_refused() -> None:
    with pytest.raises(ValidationError, match="lunar year 2021 has no leap month 4"):
        ApproximateDate.month_of(2021, 4, LUNAR, leap_month=True)


def test_lunar_day_30_of_a_short_month_is_refused() -> None:
    # Lunar 2014-01 had 29 days (31 January – 28 February 2014).
    assert bounds(ApproximateDate.month_of(2014, 1, LUNAR)) == (
        date(2014, 1, 31),
        date(2014, 2, 28),
    )
    with pytest.raises(ValidationError, match="lunar month 1 of 2014 has no day 30"):
        ApproximateDate.exact(2014, 1, 30, LUNAR)


def test_lunar_long_month_has_30_days() -> None:
    # Lunar 2014-02 had 30 days (1 – 30 March 2014).
    assert bounds(ApproximateDate.month_of(2014, 2, LUNAR)) == (date(2014, 3, 1), date(2014, 3, 30))
    assert ApproximateDate.exact(2014, 2, 30, LUNAR).earliest == date(2014, 3, 30)


def test_lunar_year_runs_from_new_year_to_new_year() -> None:
    assert bounds(ApproximateDate.year_of(2014, LUNAR)) == (date(2014, 1, 31), date(2015, 2, 18))


def test_leap_month_only_in_lunar_calendar() -> None:
    with pytest.raises(ValidationError, match="leap month exists only for a lunar month"):
        ApproximateDate.month_of(2020, 4, leap_month=True)


@pytest.mark.parametrize(
    ("season", "first", "last"),
    [
        (Season.SPRING, date(2014, 3, 1), date(2014, 5, 31)),
        (Season.SUMMER, date(2014, 6, 1), date(2014, 8, 31)),
        (Season.AUTUMN, date(2014, 9, 1), date(2014, 11, 30)),
        (Season.WINTER, date(2014, 12, 1), date(2015, 2, 28)),
    ],
)
def test_seasons(season: Season, first: date, last: date) -> None:
    assert bounds(ApproximateDate.season_of(2014, season)) == (first, last)


def test_winter_before_a_leap_year_ends_on_29_february() -> None:
    assert ApproximateDate.season_of(2015, Season.WINTER).latest == date(2016, 2, 29)


def test_season_in_juche_years() -> None:
    assert ApproximateDate.season_of(103, Season.SPRING, JUCHE).earliest == date(2014, 3, 1)


def test_season_in_lunar_calendar_is_refused() -> None:
    with pytest.raises(ValidationError, match="season is told in the Gregorian or Juche"):
        ApproximateDate.season_of(2014, Season.SPRING, LUNAR)


def test_month_bounds_in_a_leap_year() -> None:
    assert bounds(ApproximateDate.month_of(2016, 2)) == (date(2016, 2, 1), date(2016, 2, 29))


@pytest.mark.parametrize(
    ("year", "month", "day", "message"),
    [
        (2014, 13, 1, "month 13 does not exist"),
        (2014, 0, 1, "month 0 does not exist"),
        (2014, 2, 30, "2014-02 has 28 days, not 30"),
        (2015, 4, 31, "2015-04 has 30 days, not 31"),
        (2014, 1, 0, "day 0 does not exist"),
        (1899, 12, 31, "year 1899 is outside 1900–2100"),
    ],
)
def test_invalid_days_are_refused(year: int, month: int, day: int, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ApproximateDate.exact(year, month, day)


def test_precision_must_match_the_told_fields() -> None:
    with pytest.raises(ValidationError, match="a day date was given the fields of a month"):
        ApproximateDate(precision=Precision.DAY, year=2014, month=3)
    with pytest.raises(ValidationError, match="either a season or a month"):
        ApproximateDate(precision=Precision.SEASON, year=2014, month=3, season=Season.SPRING)
    with pytest.raises(ValidationError, match="a day needs a month"):
        ApproximateDate(precision=Precision.DAY, year=2014, day=3)


def test_range_between_dates_of_different_precision_and_calendar() -> None:
    value = ApproximateDate.between(
        ApproximateDate.season_of(2010, Season.SPRING), ApproximateDate.year_of(101, JUCHE)
    )
    assert value.precision is Precision.RANGE
    assert bounds(value) == (date(2010, 3, 1), date(2012, 12, 31))
    assert value.end is not None and value.end.calendar is JUCHE
    assert ApproximateDate.model_validate_json(value.model_dump_json()) == value


def test_range_of_one_day_is_allowed() -> None:
    day = ApproximateDate.exact(2014, 5, 10)
    assert bounds(ApproximateDate.between(day, day)) == (date(2014, 5, 10),) * 2


def test_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"ends \(2010-12-31\) before it starts \(2012-01-01"):
        ApproximateDate.between(ApproximateDate.year_of(2012), ApproximateDate.year_of(2010))


def test_range_needs_an_end_and_only_a_range_has_one() -> None:
    with pytest.raises(ValidationError, match="a range needs an end"):
        ApproximateDate(precision=Precision.RANGE, year=2012)
    with pytest.raises(ValidationError, match="only a range has an end"):
        ApproximateDate(precision=Precision.YEAR, year=2012, end={"year": 2013})


def test_range_of_ranges_is_refused() -> None:
    years = ApproximateDate.between(ApproximateDate.year_of(2010), ApproximateDate.year_of(2011))
    with pytest.raises(ValueError, match="must be a day, month, season or year, not a range"):
        ApproximateDate.between(years, ApproximateDate.year_of(2012))


def test_before_and_after() -> None:
    spring = ApproximateDate.season_of(2014, Season.SPRING)
    before = ApproximateDate.before(spring, note="수용소에 가기 전")
    after = ApproximateDate.after(spring)
    assert (before.precision, bounds(before)) == (Precision.BEFORE, (DATE_FLOOR, date(2014, 2, 28)))
    assert (after.precision, bounds(after)) == (Precision.AFTER, (date(2014, 6, 1), DATE_CEILING))
    assert before.note == "수용소에 가기 전"
    assert (before.year, before.season) == (2014, Season.SPRING)


def test_nothing_before_the_floor() -> None:
    with pytest.raises(ValidationError, match="nothing can be dated before 1900-01-01"):
        ApproximateDate.before(ApproximateDate.year_of(1900))


def test_overlaps() -> None:
    spring = ApproximateDate.season_of(2014, Season.SPRING)
    assert spring.overlaps(ApproximateDate.exact(2014, 5, 31))
    assert spring.overlaps(ApproximateDate.year_of(103, JUCHE))
    assert not spring.overlaps(ApproximateDate.exact(2014, 6, 1))
    assert not spring.overlaps(ApproximateDate.season_of(2013, Season.WINTER))
    assert ApproximateDate.season_of(2013, Season.WINTER).overlaps(
        ApproximateDate.month_of(2014, 2)
    )
    assert not spring.overlaps(ApproximateDate.after(spring))
    assert ApproximateDate.exact(2014, 1, 31).overlaps(ApproximateDate.exact(2014, 1, 1, LUNAR))


def test_contains() -> None:
    winter = ApproximateDate.season_of(2014, Season.WINTER)
    assert winter.contains(date(2015, 1, 15))
    assert not winter.contains(date(2014, 11, 30))


def test_bounds_that_disagree_with_the_told_date_are_refused() -> None:
    data = ApproximateDate.year_of(2014).model_dump(mode="json")
    data["latest"] = "2015-12-31"
    with pytest.raises(ValidationError, match=r"latest 2015-12-31 does not match .*2014-12-31"):
        ApproximateDate.model_validate(data)


def test_note_and_korean_text_are_kept() -> None:
    value = ApproximateDate.year_of(2012, note="큰물이 진 해 (the year of the flood)")
    again = ApproximateDate.model_validate_json(value.model_dump_json())
    assert again.note == "큰물이 진 해 (the year of the flood)"
    assert again == value
