"""Undoable changes to the transcript: each one goes through `TranscriptModel`, which keeps
the document, the views and the autosave in step (an undo is saved like any edit)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtGui import QUndoCommand

from app.transcript.document import SegmentState, TagState

if TYPE_CHECKING:
    from ui.transcript.model import TranscriptModel

TEXT_MERGE_SECONDS = 3.0
"""Typing in one segment is undone in stretches: a pause this long, or typing somewhere
else than where the last stretch ended, starts a new one."""


class TextCommand(QUndoCommand):
    """Typing in one segment. The view already shows the text when it is pushed, so the
    first redo changes only the document (and moves the tags); later ones change both."""

    ID = 1

    def __init__(self, model: TranscriptModel, segment_id: UUID, text: str, hint: int) -> None:
        super().__init__()
        self.model = model
        self.segment_id = segment_id
        self.before_text = model.document.segment(segment_id).text
        self.before_tags = model.document.tags_of(segment_id)
        self.after_text = text
        self.after_tags: tuple[TagState, ...] = ()
        self.hint = hint
        self.last_edit = time.monotonic()
        self.start: int | None = None
        self.caret: int | None = None
        """Where the edit began and where typing ended (string indices)."""
        self._first = True

    def id(self) -> int:
        return self.ID

    def redo(self) -> None:
        if self._first:
            self._first = False
            edit = self.model.apply_typed_text(self.segment_id, self.after_text, self.hint)
            if edit is not None:
                self.start, self.caret = edit.start, edit.start + edit.inserted
            self.after_tags = self.model.document.tags_of(self.segment_id)
            return
        self.model.restore_text(self.segment_id, self.after_text, self.after_tags)

    def undo(self) -> None:
        self.model.restore_text(self.segment_id, self.before_text, self.before_tags)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, TextCommand) or other.segment_id != self.segment_id:
            return False
        if other.last_edit - self.last_edit > TEXT_MERGE_SECONDS:
            return False
        typed_on = other.start == self.caret
        erased_back = other.start is not None and other.caret == other.start == _back(self)
        if not (typed_on or erased_back):
            return False
        self.after_text, self.after_tags = other.after_text, other.after_tags
        self.last_edit, self.caret = other.last_edit, other.caret
        self.setObsolete(self.after_text == self.before_text)
        return True


def _back(command: TextCommand) -> int | None:
    """Where a backspace right after `command` would begin: one before its caret."""
    return None if command.caret is None else command.caret - 1


class InsertSegmentCommand(QUndoCommand):
    def __init__(self, model: TranscriptModel, index: int, segment: SegmentState) -> None:
        super().__init__()
        self.model, self.index, self.segment = model, index, segment

    def redo(self) -> None:
        self.model.insert_segment_now(self.index, self.segment, ())

    def undo(self) -> None:
        self.model.remove_segment_now(self.segment.id)


class RemoveSegmentCommand(QUndoCommand):
    def __init__(self, model: TranscriptModel, segment_id: UUID) -> None:
        super().__init__()
        self.model, self.segment_id = model, segment_id
        self.index = 0
        self.segment: SegmentState | None = None
        self.tags: tuple[TagState, ...] = ()

    def redo(self) -> None:
        self.index, self.segment, self.tags = self.model.remove_segment_now(self.segment_id)

    def undo(self) -> None:
        assert self.segment is not None
        self.model.insert_segment_now(self.index, self.segment, self.tags)


class MoveSegmentCommand(QUndoCommand):
    def __init__(self, model: TranscriptModel, segment_id: UUID, index: int) -> None:
        super().__init__()
        self.model, self.segment_id, self.index = model, segment_id, index
        self.previous = model.document.index_of(segment_id)

    def redo(self) -> None:
        self.model.move_segment_now(self.segment_id, self.index)

    def undo(self) -> None:
        self.model.move_segment_now(self.segment_id, self.previous)


class SegmentFieldCommand(QUndoCommand):
    """The speaker or the time offset of a segment."""

    def __init__(self, model: TranscriptModel, segment_id: UUID, field: str, value: object) -> None:
        super().__init__()
        self.model, self.segment_id, self.field, self.value = model, segment_id, field, value
        self.previous = getattr(model.document.segment(segment_id), field)

    def redo(self) -> None:
        self.model.update_segment_now(self.segment_id, **{self.field: self.value})

    def undo(self) -> None:
        self.model.update_segment_now(self.segment_id, **{self.field: self.previous})


class TagsCommand(QUndoCommand):
    """Tags added, removed, or replaced (a detached tag attached to a new selection)."""

    def __init__(
        self,
        model: TranscriptModel,
        added: tuple[TagState, ...] = (),
        removed: tuple[TagState, ...] = (),
    ) -> None:
        super().__init__()
        self.model, self.added, self.removed = model, added, removed

    def redo(self) -> None:
        self.model.change_tags_now(self.added, self.removed)

    def undo(self) -> None:
        self.model.change_tags_now(self.removed, self.added)
