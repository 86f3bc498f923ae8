"""The session screen's transcript tab: the editor of the running (or last) session.

Before any session there is nothing to type into, and the tab says so. The tags typed in
the editor count for coverage at once, before they reach the database.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain import ElementTag, Session
from app.i18n import _
from app.legal.catalogue import Catalogue
from ui.desk.controller import DeskController
from ui.ops import database_getter
from ui.transcript import TranscriptEditor


class TranscriptTab(QWidget):
    editor_changed = Signal()
    """Another session's transcript (or none) is shown."""
    tags_changed = Signal()
    saved = Signal()
    save_failed = Signal(str)

    def __init__(
        self, controller: DeskController, catalogue: Catalogue, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.catalogue = catalogue
        self.editor: TranscriptEditor | None = None
        self.hint = QLabel(self)
        self.hint.setProperty("role", "hint")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.hint)
        self.retranslate()

    def show_session(self, interview_id: UUID, session: Session | None) -> None:
        """Edit the transcript of `session`; None: no session yet."""
        if self.editor is not None:
            if session is not None and self.editor.model.document.session_id == session.id:
                return
            self.editor.flush()
            self.layout_.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
        self.hint.setVisible(session is None)
        if session is None:
            self.editor_changed.emit()
            return
        editor = TranscriptEditor(
            self.controller.runner,
            database_getter(self.controller.session),
            self.controller.actor,
            interview_id,
            session.id,
            self.catalogue,
            self,
        )
        # The window's Undo/Redo own Ctrl+Z and Ctrl+Shift+Z (and act on this editor's
        # history while the tab is shown): the editor's buttons keep working, without keys.
        for action in (editor.undo_action, editor.redo_action):
            action.setShortcuts([])
        editor.tags_changed.connect(self.tags_changed)
        editor.saved.connect(self.saved)
        editor.save_failed.connect(self.save_failed)
        self.editor = editor
        self.layout_.addWidget(editor, 1)
        self.editor_changed.emit()

    def flush(self) -> None:
        if self.editor is not None:
            self.editor.flush()

    def with_tags(self, stored: list[ElementTag]) -> list[ElementTag]:
        """`stored` with the editor's own tags as they are now in place of their old copies."""
        if self.editor is None:
            return list(stored)
        mine = {segment.id for segment in self.editor.model.document.segments}
        others = [t for t in stored if t.segment_id is None or t.segment_id not in mine]
        return [*others, *self.editor.tags()]

    def retranslate(self) -> None:
        self.hint.setText(_("Start a session to type its transcript."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
