"""Time offsets typed as m:ss or h:mm:ss."""

from __future__ import annotations

import pytest

from app.transcript.errors import InvalidTimeOffset
from app.transcript.offsets import format_offset, parse_offset


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("12:05", 725.0), ("1:12:05", 4325.0), ("0:07.5", 7.5), (" 95:00 ", 5700.0), ("", None)],
)
def test_offsets_people_write_are_read(text: str, seconds: float | None) -> None:
    assert parse_offset(text) == seconds


@pytest.mark.parametrize("text", ["12", "0:75", "1:75:00", "ab:cd", "-1:00", "1:2:3:4"])
def test_anything_else_is_refused_with_a_message_saying_how_to_write_it(text: str) -> None:
    with pytest.raises(InvalidTimeOffset) as caught:
        parse_offset(text)
    assert "12:05" in caught.value.message()
    assert text.strip() in caught.value.message()


@pytest.mark.parametrize(
    ("seconds", "text"), [(None, ""), (725, "12:05"), (4325.9, "1:12:05"), (59, "0:59")]
)
def test_offsets_are_shown_the_way_they_are_typed(seconds: float | None, text: str) -> None:
    assert format_offset(seconds) == text
    if seconds is not None:
        assert parse_offset(text) == int(seconds)
