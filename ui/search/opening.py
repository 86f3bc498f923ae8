"""Opening a search hit on the desk at its passage (desk-day review M10).

`PassageOpener.open(interview_id, target)` opens the interview the way the desk's list
does (`Desk.open_interview`) and, once its screen is there (`Desk.interview_opened`),
shows the passage: a transcript segment in the transcript tab with the matched words
selected (the segment's session is read on the worker first), an answer's question in its
section with the focus, an incident or a person on the records tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCursor

from app.search.targets import Target, parse_target, segment_session
from ui.tasks import Runner

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.desk.workbench import InterviewFile
    from app.store.database import Database
    from ui.desk.desk import Desk
    from ui.desk.session_screen import SessionScreen


class PassageOpener(QObject):
    def __init__(
        self, desk: Desk, runner: Runner, database: Callable[[], Database], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.runner = runner
        self.database = database
        self.pending: tuple[str, Target, str | None] | None = None
        desk.interview_opened.connect(self._opened)

    def open(self, interview_id: str, target: str) -> None:
        """Open `interview_id` at `target` ("" interview: a facility, nothing to open)."""
        if not interview_id:
            return
        where = parse_target(target) or Target("interview", interview_id)
        if where.kind != "segment":
            self._open(interview_id, where, None)
            return

        def read() -> str | None:
            with self.database().reading() as connection:
                return segment_session(connection, where.record_id)

        self.runner.run(
            read,
            lambda session_id: self._open(interview_id, where, session_id),
            lambda _error: self._open(interview_id, where, None),
            owner=self,
        )

    def _open(self, interview_id: str, where: Target, session_id: str | None) -> None:
        self.pending = (interview_id, where, session_id)
        screen = self.desk.screen
        shown = screen is not None and self.desk.stack.currentWidget() is screen
        if shown and screen is not None and screen.file is not None:
            if str(screen.file.interview.id) == interview_id:
                # Already on screen: go to the hit there. Opening it again would rebuild
                # the screen and drop what only the screen holds (a repeated group added
                # but not yet filled, the section shown). Its records are read again
                # (after what waits is saved) so the hit's answer or segment is among them.
                self.desk.flush()

                def reread(file: InterviewFile) -> None:
                    if self.desk.screen is screen:
                        screen.set_file(file)
                        self._opened(interview_id)

                self.desk.controller.call(lambda bench: bench.open(UUID(interview_id)), reread)
                return
        self.desk.open_interview(UUID(interview_id))

    def _opened(self, interview_id: str) -> None:
        pending, self.pending = self.pending, None
        screen = self.desk.screen
        if pending is None or pending[0] != interview_id or screen is None:
            return
        _interview, where, session_id = pending
        window = self.desk.window()
        window.raise_()
        window.activateWindow()
        if where.kind == "segment":
            _show_segment(screen, where, session_id)
        elif where.kind == "answer":
            _show_answer(screen, where)
        elif where.kind in ("incident", "person") and screen.records is not None:
            screen.tabs.setCurrentWidget(screen.records)


def _show_segment(screen: SessionScreen, where: Target, session_id: str | None) -> None:
    file = screen.file
    if file is None:
        return
    session = next((s for s in file.sessions if str(s.id) == session_id), None)
    if session is not None:
        screen.transcript_page.show_session(file.interview.id, session)
    screen.tabs.setCurrentWidget(screen.transcript_page)
    editor = screen.transcript_page.editor
    if editor is None:
        return

    def select() -> None:
        view = editor.views.get(UUID(where.record_id))
        if view is None:
            return
        cursor = view.text.textCursor()
        size = len(view.text.toPlainText())
        cursor.setPosition(min(where.start, size))
        cursor.setPosition(min(where.end, size), QTextCursor.MoveMode.KeepAnchor)
        view.text.setTextCursor(cursor)
        view.text.setFocus()
        editor.scroll.ensureWidgetVisible(view, 0, 40)

    def later() -> None:
        # after the editor's own focus on its last segment, which it queues right after
        # `loaded`
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, select))

    if editor.model.is_loaded and editor.views:
        later()
    else:
        editor.loaded.connect(later)


def _show_answer(screen: SessionScreen, where: Target) -> None:
    file = screen.file
    if file is None:
        return
    answer = next((a for a in file.answers if str(a.id) == where.record_id), None)
    if answer is None:
        return
    node = screen.questionnaire.structure.nodes.get(answer.question_id)
    if node is None:
        return
    screen.tabs.setCurrentWidget(screen.questions)
    screen.show_section(node.section)
    key = (answer.question_id, answer.position)
    QTimer.singleShot(0, lambda: screen.restore_focus(key, None))
