"""`TranscriptModel`: one session's transcript as the editor holds it, with its undo
stack and its autosave.

Every change goes through an undo command (`ui.transcript.commands`) into the document
(`app.transcript.document`), then out to the views through signals. The autosave sends
the whole document state to the writer on the worker 300 ms after typing pauses, and at
most a second after the first unsaved change however fast the typing is; the writer
stores only what changed. Saving never writes back into a text field: what is being
composed with an input method is not in the document yet and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.domain import Incident, Person, Speaker
from app.i18n import _
from app.store.database import Database
from app.transcript.document import (
    SegmentState,
    TagState,
    TranscriptDocument,
    new_segment,
    next_speaker,
)
from app.transcript.errors import TranscriptLocked
from app.transcript.spans import Edit
from app.transcript.writer import Loaded, SaveReport, TranscriptWriter
from ui import errors
from ui.tasks import Runner
from ui.transcript.commands import (
    InsertSegmentCommand,
    MoveSegmentCommand,
    RemoveSegmentCommand,
    SegmentFieldCommand,
    TagsCommand,
    TextCommand,
)

SAVE_DELAY_MS = 300
"""Save this long after the last change…"""
SAVE_AT_MOST_MS = 1000
"""…and never later than this after the first unsaved one."""
RETRY_MS = 2000
"""After a failed save (the database locked, say), try again this often."""

DatabaseGetter = Callable[[], Database | None]


def error_text(error: BaseException) -> str:
    """What to tell the interviewer; never the text of an unexpected exception, which
    may quote testimony."""
    return errors.error_text(
        error,
        _(
            "The transcript could not be saved just now. Everything typed stays in the "
            "editor; Sillok keeps trying."
        ),
    )


class TranscriptModel(QObject):
    loaded = Signal()
    load_failed = Signal(str)
    segment_inserted = Signal(int, object)
    """index, segment id"""
    segment_removed = Signal(object)
    segment_moved = Signal(object, int)
    segment_changed = Signal(object)
    """The speaker or the time offset changed."""
    text_restored = Signal(object, str)
    """Undo or redo changed a segment's text: the view must show this text."""
    segment_tags_changed = Signal(object)
    tags_changed = Signal()
    """Tags were added, removed, detached or attached: coverage may differ."""
    references_changed = Signal()
    """The incidents or persons of the interview changed."""
    saved = Signal()
    save_failed = Signal(str)

    def __init__(
        self,
        runner: Runner,
        database_getter: DatabaseGetter,
        actor: str,
        interview_id: UUID,
        session_id: UUID,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.database_getter = database_getter
        self.writer = TranscriptWriter(actor)
        self.document = TranscriptDocument(interview_id, session_id)
        self.incidents: list[Incident] = []
        self.persons: list[Person] = []
        self.is_loaded = False
        self.undo_stack = QUndoStack(self)
        self._dirty = False
        self._saving = 0
        self._tag_signature = self._signature()
        self._debounce = self._timer(SAVE_DELAY_MS)
        self._deadline = self._timer(SAVE_AT_MOST_MS)
        self._retry = self._timer(RETRY_MS)

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.flush)
        return timer

    # -- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        writer, getter = self.writer, self.database_getter
        interview_id, session_id = self.document.interview_id, self.document.session_id

        def op() -> Loaded:
            return writer.load(_database(getter), interview_id, session_id)

        self.runner.run(op, self._loaded, self._load_failed, owner=self)

    def _loaded(self, loaded: Loaded) -> None:
        self.document = loaded.document
        self.incidents = list(loaded.incidents)
        self.persons = list(loaded.persons)
        if len(self.document) == 0:  # somewhere to type; stored once something is typed
            self.document.insert_segment(0, new_segment(next_speaker(None)))
        self.is_loaded = True
        self._tag_signature = self._signature()
        self.undo_stack.clear()
        self.loaded.emit()
        self.references_changed.emit()

    def _load_failed(self, error: BaseException) -> None:
        self.load_failed.emit(error_text(error))

    # -- changes the views ask for (undoable) -----------------------------------------------

    def type_text(self, segment_id: UUID, text: str, hint: int) -> None:
        """The interviewer changed a segment's text in its view (already shown there)."""
        if text != self.document.segment(segment_id).text:
            self.undo_stack.push(TextCommand(self, segment_id, text, hint))

    def add_segment(self, after: UUID | None = None, speaker: Speaker | None = None) -> UUID:
        """A new empty segment after `after` (at the end without one); by default the
        speaker takes turns with the segment before it."""
        index = self.document.index_of(after) + 1 if after is not None else len(self.document)
        previous = self.document.segments[index - 1].speaker if index > 0 else None
        segment = new_segment(speaker or next_speaker(previous))
        self.undo_stack.push(InsertSegmentCommand(self, index, segment))
        return segment.id

    def remove_segment(self, segment_id: UUID) -> None:
        self.undo_stack.push(RemoveSegmentCommand(self, segment_id))

    def move_segment(self, segment_id: UUID, steps: int) -> None:
        index = self.document.index_of(segment_id) + steps
        if 0 <= index < len(self.document) and steps:
            self.undo_stack.push(MoveSegmentCommand(self, segment_id, index))

    def set_speaker(self, segment_id: UUID, speaker: Speaker) -> None:
        if self.document.segment(segment_id).speaker is not speaker:
            self.undo_stack.push(SegmentFieldCommand(self, segment_id, "speaker", speaker))

    def set_offset(self, segment_id: UUID, seconds: float | None) -> None:
        if self.document.segment(segment_id).offset_seconds != seconds:
            self.undo_stack.push(SegmentFieldCommand(self, segment_id, "offset_seconds", seconds))

    def add_tags(self, tags: Iterable[TagState]) -> None:
        added = tuple(tags)
        if added:
            self.undo_stack.push(TagsCommand(self, added=added))

    def remove_tag(self, tag_id: UUID) -> None:
        self.undo_stack.push(TagsCommand(self, removed=(self.document.tag(tag_id),)))

    def attach_tag(self, tag_id: UUID, start: int, end: int) -> None:
        """Point a (detached) tag at a new span of its segment."""
        old = self.document.tag(tag_id)
        new = TagState(
            old.id,
            old.segment_id,
            old.element_id,
            start,
            end,
            old.incident_id,
            old.person_id,
            old.note,
        )
        self.undo_stack.push(TagsCommand(self, added=(new,), removed=(old,)))

    # -- incidents and persons (stored at once, not undone) --------------------------------

    def create_incident(self, incident: Incident) -> None:
        self.incidents.append(incident)
        self._create_reference(lambda services: services.incidents.create(incident))

    def create_person(self, person: Person) -> None:
        self.persons.append(person)
        self._create_reference(lambda services: services.persons.create(person))

    def _create_reference(self, store: Callable[..., object]) -> None:
        writer, getter = self.writer, self.database_getter
        self.references_changed.emit()
        self.runner.run(
            lambda: store(writer.services(_database(getter))),
            lambda _stored: None,
            self._save_failed,
            owner=self,
        )

    # -- what the commands do ---------------------------------------------------------------

    def apply_typed_text(self, segment_id: UUID, text: str, hint: int) -> Edit | None:
        edit = self.document.edit_text(segment_id, text, hint)
        self._after_change(segment_id, tags=True)
        return edit

    def restore_text(self, segment_id: UUID, text: str, tags: tuple[TagState, ...]) -> None:
        self.document.restore_text(segment_id, text, tags)
        self.text_restored.emit(segment_id, text)
        self._after_change(segment_id, tags=True)

    def insert_segment_now(
        self, index: int, segment: SegmentState, tags: tuple[TagState, ...]
    ) -> None:
        self.document.insert_segment(index, segment, tags)
        self.segment_inserted.emit(index, segment.id)
        self._after_change(segment.id, tags=bool(tags))

    def remove_segment_now(
        self, segment_id: UUID
    ) -> tuple[int, SegmentState, tuple[TagState, ...]]:
        removed = self.document.remove_segment(segment_id)
        self.segment_removed.emit(segment_id)
        self._after_change(None, tags=bool(removed[2]))
        return removed

    def move_segment_now(self, segment_id: UUID, index: int) -> None:
        self.document.move_segment(segment_id, index)
        self.segment_moved.emit(segment_id, index)
        self._after_change(None)

    def update_segment_now(self, segment_id: UUID, **changes: object) -> None:
        self.document.update_segment(segment_id, **changes)
        self.segment_changed.emit(segment_id)
        self._after_change(None)

    def change_tags_now(self, added: tuple[TagState, ...], removed: tuple[TagState, ...]) -> None:
        for tag in removed:
            self.document.remove_tag(tag.id)
        for tag in added:
            self.document.put_tag(tag)
        for segment_id in {tag.segment_id for tag in (*added, *removed)}:
            self.segment_tags_changed.emit(segment_id)
        self._after_change(None, tags=False)

    def _after_change(self, segment_id: UUID | None, tags: bool = False) -> None:
        if tags and segment_id is not None:
            self.segment_tags_changed.emit(segment_id)
        signature = self._signature()
        if signature != self._tag_signature:
            self._tag_signature = signature
            self.tags_changed.emit()
        self._mark_dirty()

    def _signature(self) -> frozenset[tuple[UUID, str, bool]]:
        return frozenset((t.id, t.element_id, t.detached) for t in self.document.tags)

    # -- autosave ---------------------------------------------------------------------------

    @property
    def has_unsaved_changes(self) -> bool:
        return self._dirty or self._saving > 0

    def _mark_dirty(self) -> None:
        self._dirty = True
        self._debounce.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> None:
        """Save now what is not saved yet (also before locking or closing: the save is
        queued on the worker ahead of whatever comes next)."""
        self._debounce.stop()
        self._deadline.stop()
        self._retry.stop()
        if not self._dirty or not self.is_loaded:
            return
        # Saves queue on the one worker in order, so a second one may start before the
        # first is back: waiting instead would lose the last words when a lock follows.
        self._dirty = False
        self._saving += 1
        writer, getter, state = self.writer, self.database_getter, self.document.state()
        self.runner.run(
            lambda: writer.save(_database(getter), state),
            self._saved,
            self._save_failed_retry,
            owner=self,
        )

    def _saved(self, _report: SaveReport) -> None:
        self._saving -= 1
        if self._saving:
            return
        if self._dirty:
            self.flush()
        else:
            self.saved.emit()

    def _save_failed_retry(self, error: BaseException) -> None:
        self._saving = max(0, self._saving - 1)
        self._dirty = True
        self._retry.start()
        self._save_failed(error)

    def _save_failed(self, error: BaseException) -> None:
        self.save_failed.emit(error_text(error))


def _database(getter: DatabaseGetter) -> Database:
    database = getter()
    if database is None:
        raise TranscriptLocked()
    return database
