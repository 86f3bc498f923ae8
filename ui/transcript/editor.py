"""`TranscriptEditor`: the transcript of one session, typed during or after the interview.

Keys (also on the toolbar; shown in tooltips):

- Ctrl+Enter: a new segment after the current one. Its speaker takes turns with the one
  before (interviewee ↔ interviewer); Enter alone starts a new line in the same segment.
- Ctrl+1 … Ctrl+4: the current segment's speaker is the interviewer, the interviewee, the
  interpreter, someone else.
- Ctrl+T: tag the selected words with legal elements, an incident, a person.
- Alt+Up / Alt+Down: the segment before / after. Ctrl+Shift+Up / Down: move the segment.
- Ctrl+Shift+Delete (or Backspace in an empty segment): delete the segment.
- Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y): undo / redo, across every segment of the session.

Nothing needs saving by hand: every change is stored through the services on the task
runner shortly after it is made (see `ui.transcript.model`). `saved` and `save_failed(str)`
let the window show a quiet indicator; `tags_changed` tells it coverage may differ
(`tags()` gives the `ElementTag`s for `app.questionnaire.coverage`). Call `flush()` before
locking or closing the database: the last words are then stored first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from uuid import UUID, uuid4

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import ElementTag, Speaker
from app.i18n import _
from app.legal import Catalogue, default_catalogue
from app.transcript.document import TagState
from ui.tasks import Runner
from ui.transcript.model import DatabaseGetter, TranscriptModel
from ui.transcript.segment_view import SPEAKERS, SegmentView, speaker_name
from ui.transcript.tag_description import describe_tag
from ui.transcript.tag_dialog import TagDialog
from ui.transcript.view_builder import ViewBuilder

STATUS_STYLE = {"hint": "color: #4a4a4a;", "alert": "color: #8c1d18;"}
"""Style sheets are set on the few widgets that need one, never on the whole editor: a
sheet there is applied to every widget of every segment, which made opening a long
transcript half again as slow."""


class TranscriptEditor(QWidget):
    scroll: QScrollArea  # type: ignore[assignment]  # hides QWidget.scroll(), never used here
    loaded = Signal()
    """The transcript is read and its first segments are shown (the rest follow)."""
    views_built = Signal()
    """Every segment has its view."""
    saved = Signal()
    save_failed = Signal(str)
    tags_changed = Signal()

    def __init__(
        self,
        runner: Runner,
        database_getter: DatabaseGetter,
        actor: str,
        interview_id: UUID,
        session_id: UUID,
        catalogue: Catalogue | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue or default_catalogue()
        self.model = TranscriptModel(runner, database_getter, actor, interview_id, session_id, self)
        self.views: dict[UUID, SegmentView] = {}
        """The segments' views built so far (all, once `views_built`): see `view_builder`."""
        self.builder = ViewBuilder(
            lambda: self.model.document.segments,
            lambda sid: sid in self.views,
            self._add_view,
            self,
        )
        self.builder.finished.connect(self._all_built)
        self._current: UUID | None = None
        self.focus_after_load: tuple[UUID, int | None] | None = None
        """Where the cursor goes once loaded (after an unlock); else the last segment's end."""
        self.focus_on_load = True
        """Whether loading puts the cursor anywhere (not when the keys were in a window the
        lock closed: what is typed next was meant for that window)."""
        self._status_key = "loading"
        self.tag_dialog: TagDialog | None = None
        self._tag_span: tuple[UUID, int, int] | None = None
        """The passage the tag dialog is for: segment, start, end."""
        self.tag_after_load: dict[str, str] | None = None
        """The tag dialog a lock closed (`draft`): opened again once loaded."""

        self.actions_by_name: dict[str, QAction] = {}
        self.new_action = self._action("new", self.new_segment, "Ctrl+Return", "Ctrl+Enter")
        self.tag_action = self._action("tag", self.tag_selection, "Ctrl+T")
        self.delete_action = self._action("delete", self.delete_segment, "Ctrl+Shift+Del")
        self.up_action = self._action("up", lambda: self._move(-1), "Ctrl+Shift+Up")
        self.down_action = self._action("down", lambda: self._move(1), "Ctrl+Shift+Down")
        self.previous_action = self._action("previous", lambda: self._step(-1), "Alt+Up")
        self.next_action = self._action("next", lambda: self._step(1), "Alt+Down")
        self.speaker_actions = [
            self._action(
                f"speaker-{speaker}",
                partial(self.set_speaker, speaker),
                f"Ctrl+{number}",
            )
            for number, speaker in enumerate(SPEAKERS, start=1)
        ]
        stack = self.model.undo_stack
        self.undo_action = self._action("undo", stack.undo, "Ctrl+Z")
        self.redo_action = self._action("redo", stack.redo, "Ctrl+Shift+Z", "Ctrl+Y")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.passthrough = [
            key for action in self.actions() for key in action.shortcuts() if not key.isEmpty()
        ]

        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for name, action in (
            ("new", self.new_action),
            ("tag", self.tag_action),
            ("undo", self.undo_action),
            ("redo", self.redo_action),
        ):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toolbar.addWidget(button)
            self.buttons[name] = button
        toolbar.addStretch(1)
        self.status = QLabel(self)
        self.status.setProperty("role", "hint")
        self.status.setStyleSheet(STATUS_STYLE["hint"])
        toolbar.addWidget(self.status)

        self.container = QWidget()
        self.list_layout = QVBoxLayout(self.container)
        self.list_layout.setContentsMargins(4, 4, 4, 4)
        self.list_layout.setSpacing(10)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.container)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.scroll, 1)

        model = self.model
        model.loaded.connect(self._build)
        model.load_failed.connect(self._load_failed)
        model.segment_inserted.connect(self._inserted)
        model.segment_removed.connect(self._removed)
        model.segment_moved.connect(self._moved)
        model.segment_changed.connect(self._segment_changed)
        model.text_restored.connect(self._text_restored)
        model.segment_tags_changed.connect(self._segment_tags_changed)
        model.tags_changed.connect(self.tags_changed)
        model.saved.connect(self._saved)
        model.save_failed.connect(self._save_failed)
        self.setEnabled(False)
        self.retranslate()
        model.load()

    def _action(self, name: str, slot: Callable[[], object], *keys: str) -> QAction:
        action = QAction(self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    # -- what the window uses ---------------------------------------------------------------

    @property
    def undo_stack(self) -> QUndoStack:
        """The transcript's undo stack (main may add it to a QUndoGroup)."""
        return self.model.undo_stack

    def tags(self) -> list[ElementTag]:
        """The tags that point at words now, for coverage."""
        return self.model.document.element_tags()

    def tagged_element_ids(self) -> set[str]:
        return self.model.document.tagged_element_ids()

    def flush(self) -> None:
        self.model.flush()

    @property
    def has_unsaved_changes(self) -> bool:
        return self.model.has_unsaved_changes

    def current_view(self) -> SegmentView | None:
        widget = QApplication.focusWidget()
        while widget is not None:
            if isinstance(widget, SegmentView) and widget.segment_id in self.views:
                return widget
            widget = widget.parentWidget()
        if self._current is not None and self._current in self.views:
            return self.views[self._current]
        return None

    def view_at(self, index: int) -> SegmentView:
        self.builder.build_until(index + 1)
        return self.views[self.model.document.segments[index].id]

    def _view(self, segment_id: UUID) -> SegmentView:
        if segment_id not in self.views:
            self.builder.build_until(self.model.document.index_of(segment_id) + 1)
        return self.views[segment_id]

    # -- actions ----------------------------------------------------------------------------

    def new_segment(self) -> None:
        current = self.current_view()
        after = current.segment_id if current is not None else None
        self.model.add_segment(after)

    def delete_segment(self) -> None:
        current = self.current_view()
        if current is not None and len(self.model.document) > 1:
            self.model.remove_segment(current.segment_id)

    def set_speaker(self, speaker: Speaker) -> None:
        current = self.current_view()
        if current is not None:
            self.model.set_speaker(current.segment_id, speaker)

    def _move(self, steps: int) -> None:
        current = self.current_view()
        if current is not None:
            self.model.move_segment(current.segment_id, steps)
            current.focus_text(at_end=False)

    def _step(self, steps: int) -> None:
        current = self.current_view()
        if current is None:
            return
        index = self.model.document.index_of(current.segment_id) + steps
        if 0 <= index < len(self.model.document):
            self.view_at(index).focus_text()

    def tag_selection(self) -> None:
        """Ask which elements (and incident, person) the selected words support."""
        current = self.current_view()
        span = current.text.selected_span() if current is not None else None
        text = current.text.text() if current is not None else ""
        if current is None or span is None or not text[span[0] : span[1]].strip():
            self._show_status("select", _("Select the words to tag first."))
            return
        self._open_tag_dialog(text[span[0] : span[1]], current.segment_id, *span)

    def _open_tag_dialog(
        self,
        passage: str,
        segment_id: UUID,
        start: int,
        end: int,
        draft: dict[str, str] | None = None,
    ) -> None:
        dialog = TagDialog(
            passage,
            self.model.document.interview_id,
            self.model.incidents,
            self.model.persons,
            self.catalogue,
            self,
        )
        if draft:
            dialog.restore_draft(draft)
        self.tag_dialog = dialog
        self._tag_span = (segment_id, start, end)

        def finished(result: int) -> None:
            self.tag_dialog = None
            self._tag_span = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                self._apply_tag_choice(dialog, segment_id, start, end)
            if segment_id in self.views:
                self.views[segment_id].text.setFocus()

        dialog.finished.connect(finished)
        dialog.open()

    def _apply_tag_choice(self, dialog: TagDialog, segment_id: UUID, start: int, end: int) -> None:
        choice = dialog.choice()
        if choice.new_incident is not None:
            self.model.create_incident(choice.new_incident)
        if choice.new_person is not None:
            self.model.create_person(choice.new_person)
        self.model.add_tags(
            TagState(
                uuid4(),
                segment_id,
                element_id,
                start,
                end,
                choice.incident_id,
                choice.person_id,
                choice.note,
            )
            for element_id in choice.element_ids
        )

    def _attach(self, view: SegmentView, tag_id: UUID) -> None:
        span = view.text.selected_span()
        if span is None:
            self._show_status("select", _("Select the words to tag first."))
            view.text.setFocus()
            return
        self.model.attach_tag(tag_id, *span)

    # -- the model's news -------------------------------------------------------------------

    def _build(self) -> None:
        self.setEnabled(True)
        self._show_status("", "")
        self.builder.start()  # the first views now, the others when the window is idle
        self.loaded.emit()
        QTimer.singleShot(0, self._focus_wanted)
        QTimer.singleShot(0, self._tag_again)

    # -- the tag dialog across a lock ------------------------------------------------------

    def draft(self) -> dict[str, str]:
        """The open tag dialog's passage and choices, kept across a lock with the records
        forms' drafts (`ui.desk.screen_drafts`); nothing if no tag dialog is open."""
        dialog, span = self.tag_dialog, self._tag_span
        if dialog is None or span is None or not dialog.isVisible():
            return {}
        segment_id, start, end = span
        return {
            **{f"dialog.{key}": value for key, value in dialog.draft().items()},
            "segment": str(segment_id),
            "start": str(start),
            "end": str(end),
        }

    def restore_draft(self, draft: dict[str, str]) -> None:
        """Open the tag dialog again as it was, once the transcript is loaded."""
        self.tag_after_load = draft

    def _tag_again(self) -> None:
        draft, self.tag_after_load = self.tag_after_load, None
        if not draft or self.tag_dialog is not None:
            return
        try:
            segment_id = UUID(draft["segment"])
            start, end = int(draft["start"]), int(draft["end"])
            text = self.model.document.segment(segment_id).text
        except (KeyError, ValueError):
            return  # the segment is gone (deleted elsewhere): nothing to tag
        if not 0 <= start < end <= len(text):
            return
        prefix = "dialog."
        fields = {k[len(prefix) :]: v for k, v in draft.items() if k.startswith(prefix)}
        self._open_tag_dialog(text[start:end], segment_id, start, end, fields)

    def _focus_wanted(self) -> None:
        """Back from a lock: the cursor where the interviewer left it, as soon as the
        transcript is loaded (the views it needs are built at once). Only on screen: a
        hidden segment given the focus would take the keys typed into what the
        interviewer sees (the unlock's restored question, say)."""
        if not self.isVisible() or not self.views:
            return
        wanted, self.focus_after_load = self.focus_after_load, None
        if wanted is not None and self.focus_segment(*wanted):
            self.activateWindow()  # back from the unlock dialog

    def _all_built(self) -> None:
        self.views_built.emit()
        QTimer.singleShot(0, self._focus_last)

    def _focus_last(self) -> None:
        """The cursor at the end of the transcript, unless the interviewer has already
        put it somewhere or changed something while the rest was being built. Only on
        screen, as above."""
        if not self.focus_on_load or not self.isVisible() or not self.views:
            return
        if self.model.undo_stack.count():
            return
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            return
        self.view_at(len(self.model.document) - 1).focus_text()

    def focus_segment(self, segment_id: UUID, cursor: int | None) -> bool:
        """Put the cursor in `segment_id`'s text at `cursor` (the end if None)."""
        try:
            view = self._view(segment_id)
        except KeyError:  # the segment is gone
            return False
        view.focus_text(at_end=cursor is None)
        if cursor is not None:
            text_cursor = view.text.textCursor()
            text_cursor.setPosition(min(cursor, len(view.text.toPlainText())))
            view.text.setTextCursor(text_cursor)
        return True

    def _add_view(self, index: int, segment_id: UUID) -> SegmentView:
        view = SegmentView(self.model, segment_id, self.describe_tag, self.container)
        view.text.passthrough = self.passthrough
        view.became_current.connect(self._became_current)
        view.attach_requested.connect(lambda tag_id, view=view: self._attach(view, tag_id))
        self.list_layout.insertWidget(index, view)
        self.views[segment_id] = view
        return view

    def _became_current(self, segment_id: UUID) -> None:
        self._current = segment_id
        view = self.views.get(segment_id)
        if view is not None:
            self.scroll.ensureWidgetVisible(view, 0, 20)

    def _inserted(self, index: int, segment_id: UUID) -> None:
        if self.model.is_loaded and self.isEnabled() and self.builder.inserted(index):
            self._add_view(index, segment_id).focus_text()

    def _removed(self, segment_id: UUID) -> None:
        view = self.views.pop(segment_id, None)
        self.builder.removed(view is not None)
        if view is None:
            return  # not built yet
        index = self.list_layout.indexOf(view)
        self.list_layout.removeWidget(view)
        view.hide()
        view.deleteLater()
        if self.views:
            self.view_at(min(max(index - 1, 0), len(self.views) - 1)).focus_text()

    def _moved(self, segment_id: UUID, index: int) -> None:
        if not self.builder.done:
            self.builder.build_all()
        view = self.views[segment_id]
        self.list_layout.removeWidget(view)
        self.list_layout.insertWidget(index, view)
        view.focus_text(at_end=False)

    def _segment_changed(self, segment_id: UUID) -> None:
        view = self.views.get(segment_id)
        if view is not None:  # one not built yet shows the segment as it is when built
            view.refresh()

    def _text_restored(self, segment_id: UUID, text: str) -> None:
        view = self._view(segment_id)
        view.show_text(text)
        view.text.setFocus()

    def _segment_tags_changed(self, segment_id: UUID) -> None:
        view = self.views.get(segment_id)
        if view is not None:
            view.refresh_tags()

    def describe_tag(self, tag: TagState, long: bool) -> str:
        """A tag in words (see `ui.transcript.tag_description`)."""
        return describe_tag(self.catalogue, self.model, tag, long)

    # -- saving and texts -------------------------------------------------------------------

    def _saved(self) -> None:
        self._show_status("saved", _("Saved"))
        self.saved.emit()

    def _save_failed(self, message: str) -> None:
        self._show_status("failed", message, alert=True)
        self.save_failed.emit(message)

    def _load_failed(self, message: str) -> None:
        self._show_status("failed", message, alert=True)

    def _show_status(self, key: str, text: str, alert: bool = False) -> None:
        self._status_key = key
        self.status.setText(text)
        role = "alert" if alert else "hint"
        if self.status.property("role") != role:
            self.status.setProperty("role", role)
            self.status.setStyleSheet(STATUS_STYLE[role])

    def retranslate(self) -> None:
        texts = {
            "new": (_("New segment"), _("Start a new segment after this one")),
            "tag": (_("Tag…"), _("Tag the selected words with legal elements")),
            "delete": (_("Delete segment"), _("Delete the current segment")),
            "up": (_("Move up"), _("Move the current segment up")),
            "down": (_("Move down"), _("Move the current segment down")),
            "previous": (_("Previous segment"), _("Go to the segment before")),
            "next": (_("Next segment"), _("Go to the segment after")),
        }
        for name, (text, tip) in texts.items():
            self._name_action(self.actions_by_name[name], text, tip)
        for action, speaker in zip(self.speaker_actions, SPEAKERS, strict=True):
            self._name_action(action, speaker_name(speaker), speaker_name(speaker))
        self._name_action(self.undo_action, _("Undo"), _("Undo the last change"))
        self._name_action(self.redo_action, _("Redo"), _("Redo what was undone"))
        if self._status_key == "loading":
            self.status.setText(_("Loading the transcript…"))
        elif self._status_key == "saved":
            self.status.setText(_("Saved"))
        elif self._status_key == "select":
            self.status.setText(_("Select the words to tag first."))

    @staticmethod
    def _name_action(action: QAction, text: str, tip: str) -> None:
        action.setText(text)
        action.setToolTip(f"{tip} ({_shortcut_text(action)})")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def hideEvent(self, event: object) -> None:
        self.flush()  # leaving the screen or locking: store the last words now
        super().hideEvent(event)  # type: ignore[arg-type]


def _shortcut_text(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
