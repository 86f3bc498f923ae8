"""Where an edit happened in a segment's text, and where a tagged span is after it.

Offsets are Python string indices (Unicode code points) into the segment text, as
`ElementTag.start`/`end` store them. Qt counts UTF-16 units; `to_utf16`/`from_utf16`
convert (they differ only outside the Basic Multilingual Plane; Hangul is inside it).

The rule for spans (`shift_span`), chosen so that a tag keeps covering the same words:

- an edit entirely before the span moves it; text typed right at its start stays outside;
- an edit entirely after it, or text typed right at its end, leaves it as it is;
- text typed or replaced inside it belongs to it (the passage grew or was corrected);
- an edit that removes its first or last words together with text outside it shrinks it to
  the tagged words left (what was typed in their place is not assumed to be tagged);
- an edit that removes every tagged character detaches it: `shift_span` returns None and the
  caller keeps the tag, flagged, for the interviewer to attach again or remove (see
  `app.transcript.document`). It is never silently pointed at other words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """`removed` characters of the old text from `start` were replaced by `inserted` ones."""

    start: int
    removed: int
    inserted: int

    @property
    def delta(self) -> int:
        return self.inserted - self.removed


def _common_prefix(old: str, new: str) -> int:
    limit = min(len(old), len(new))
    low, high = 0, limit
    # Binary search on slice equality: C-speed comparisons, a few dozen at most.
    while low < high:
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(old: str, new: str) -> int:
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def diff_edit(old: str, new: str, hint: int | None = None) -> Edit | None:
    """The smallest single edit that turns `old` into `new`, or None if they are equal.

    Where several places give the same text (typing "보" before "보위부"), `hint` (where
    the editor says the change was) picks the place; it never makes the edit larger.
    """
    if old == new:
        return None
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new)
    shortest = min(len(old), len(new))
    lowest = max(0, shortest - suffix)  # the earliest start that keeps the edit minimal
    start = prefix if hint is None else min(max(hint, lowest), prefix)
    tail = min(suffix, shortest - start)
    return Edit(start, len(old) - start - tail, len(new) - start - tail)


def shift_span(start: int, end: int, edit: Edit) -> tuple[int, int] | None:
    """The span [start, end) after `edit`, or None if every tagged character was removed."""
    cut_end = edit.start + edit.removed
    if cut_end <= start:  # before it, or typed right at its start
        return start + edit.delta, end + edit.delta
    if edit.start >= end:  # after it, or typed right at its end
        return start, end
    if edit.start <= start and cut_end >= end:  # every tagged character went
        return None
    if start <= edit.start and cut_end <= end:  # within it: corrected or grown
        return start, end + edit.delta
    if edit.start < start:  # took its first words, and text before it
        return edit.start + edit.inserted, end + edit.delta
    return start, edit.start  # took its last words, and text after it


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 position (what Qt counts) of string index `index` in `text`."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


def from_utf16(text: str, position: int) -> int:
    """The string index of UTF-16 position `position` in `text` (clamped to the text)."""
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
