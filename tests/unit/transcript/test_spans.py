"""Where an edit happened, and where a tagged span goes after it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.transcript.spans import Edit, diff_edit, from_utf16, shift_span, to_utf16


def apply(old: str, new: str, edit: Edit) -> str:
    return (
        old[: edit.start]
        + new[edit.start : edit.start + edit.inserted]
        + old[edit.start + edit.removed :]
    )


@given(st.text(alphabet="보위부ab ", max_size=12), st.text(alphabet="보위부ab ", max_size=12))
def test_the_edit_turns_the_old_text_into_the_new(old: str, new: str) -> None:
    edit = diff_edit(old, new)
    if old == new:
        assert edit is None
        return
    assert edit is not None
    assert apply(old, new, edit) == new
    # minimal: the untouched head and tail are as long as they can be together
    assert edit.removed == 0 or edit.inserted == 0 or old[edit.start] != new[edit.start]


@given(
    st.text(alphabet="보위ab", max_size=10),
    st.text(alphabet="보위ab", min_size=1, max_size=3),
    st.integers(0, 12),
    st.integers(0, 12),
)
def test_a_hint_picks_among_equal_edits_and_never_enlarges_one(
    head: str, typed: str, where: int, hint: int
) -> None:
    where = min(where, len(head))
    old, new = head, head[:where] + typed + head[where:]
    edit = diff_edit(old, new, hint)
    assert edit is not None
    assert (edit.removed, edit.inserted) == (0, len(typed))
    assert apply(old, new, edit) == new


def test_typing_the_first_letter_of_a_tagged_word_before_it_lands_before_it() -> None:
    old, new = "x보위부", "x보보위부"
    assert diff_edit(old, new, hint=1) == Edit(1, 0, 1)
    assert diff_edit(old, new) == Edit(2, 0, 1)  # without a hint: the latest place


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (Edit(0, 0, 3), (8, 11)),  # typed before it
        (Edit(5, 0, 2), (7, 10)),  # typed right at its start: stays outside
        (Edit(8, 0, 2), (5, 8)),  # typed right at its end: stays outside
        (Edit(9, 1, 0), (5, 8)),  # deleted after it
        (Edit(6, 0, 2), (5, 10)),  # typed inside: grows
        (Edit(7, 1, 1), (5, 8)),  # its last letter corrected
        (Edit(2, 2, 0), (3, 6)),  # deleted before it
        (Edit(3, 3, 1), (4, 6)),  # its first letter deleted with text before it
        (Edit(7, 3, 0), (5, 7)),  # its last letter deleted with text after it
        (Edit(5, 3, 0), None),  # every tagged letter deleted
        (Edit(4, 6, 2), None),  # replaced together with its surroundings
    ],
)
def test_spans_follow_their_words(edit: Edit, expected: tuple[int, int] | None) -> None:
    assert shift_span(5, 8, edit) == expected


@given(
    st.text(alphabet="abc보", min_size=1, max_size=12),
    st.text(alphabet="abc보", max_size=12),
    st.data(),
)
def test_a_shifted_span_still_holds_its_surviving_words(
    old: str, new: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    edit = diff_edit(old, new)
    if edit is None:
        return
    span = shift_span(start, end, edit)
    if span is None:
        assert edit.start <= start and edit.start + edit.removed >= end
        return
    new_start, new_end = span
    assert 0 <= new_start < new_end <= len(new)
    cut = range(edit.start, edit.start + edit.removed)
    before = [old[i] for i in range(start, end) if i not in cut and i < edit.start]
    after = [old[i] for i in range(start, end) if i not in cut and i >= edit.start]
    words = new[new_start:new_end]
    assert words.startswith("".join(before))
    assert words.endswith("".join(after))


def test_utf16_positions_count_characters_outside_the_basic_plane_twice() -> None:
    text = "a😀보위부"
    assert to_utf16(text, 2) == 3
    assert from_utf16(text, 3) == 2
    assert from_utf16(text, 99) == len(text)
    assert [from_utf16("보위부", to_utf16("보위부", i)) for i in range(4)] == [0, 1, 2, 3]
