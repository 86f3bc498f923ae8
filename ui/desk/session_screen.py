"""The session screen: where an interview is carried for two hours.

Left, the sections with their progress; in the middle, the questions of the current
section (or the transcript); right, the session clock and the legal elements covered so
far with the engine's suggestions. Every change is saved a moment after it is made (the
quiet indicator says so) and can be undone and redone (Ctrl+Z, Ctrl+Shift+Z).

The questionnaire engine runs here, on the UI thread, after every change: it takes about
a millisecond on the default questionnaire (benchmarks/questionnaire_benchmark.py).

Beside it: the sections list (`section_list`), the answers' undo history
(`answer_history`) and the place kept across a lock (`place`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.desk.drafts import Drafts
from app.desk.workbench import InterviewFile, Stats, stats_of
from app.domain import (
    Answer,
    AnswerValue,
    ElementTag,
    Facility,
    PauseReason,
    Session,
)
from app.i18n import _
from app.legal.catalogue import Catalogue
from app.questionnaire import Evaluation, Questionnaire, coverage, evaluate, suggest
from app.questionnaire.answers import parse_position
from app.questionnaire.plan import minutes_left_by_module
from ui.composition import commit_composition
from ui.desk.answer_history import AnswerEdit, remove_answers_in
from ui.desk.clock import SessionClock
from ui.desk.consent_dialog import scope_text
from ui.desk.controller import DeskController, PendingAnswer
from ui.desk.coverage_panel import CoveragePanel
from ui.desk.geneva_asks import GenevaAsks
from ui.desk.interview_records import InterviewRecords
from ui.desk.place import Place, cursor_of, put_cursor
from ui.desk.question_panel import Key, QuestionPanel
from ui.desk.records_panel import RecordsPanel
from ui.desk.screen_drafts import (
    focus_records_field,
    record_of,
    records_place,
    restore_drafts,
    restore_records_place,
)
from ui.desk.section_list import SectionList
from ui.desk.transcript_tab import TranscriptTab
from ui.editors import EDITOR_STYLE, AnswerEditor
from ui.transcript import TranscriptEditor


class SessionScreen(QWidget):
    back_requested = Signal()
    withdraw_requested = Signal()
    identity_requested = Signal()

    def __init__(
        self,
        controller: DeskController,
        questionnaire: Questionnaire,
        catalogue: Catalogue,
        make_editor: Callable[[object, QWidget], AnswerEditor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(EDITOR_STYLE)  # once here: the editors inherit it
        self.controller = controller
        self.questionnaire = questionnaire
        self.catalogue = catalogue
        self.file: InterviewFile | None = None
        self.answers: dict[Key, Answer] = {}
        self.added: dict[tuple[str, str], int] = {}
        self.session: Session | None = None
        self.evaluation: Evaluation | None = None
        self.section_id: str | None = None
        self.undo_stack = QUndoStack(self)
        self._stats: Stats | None = None
        self.records: RecordsPanel | None = None
        self.interview_records: InterviewRecords | None = None
        """The interview's persons and facilities, which the questions offer."""

        self.back = QPushButton(self)
        self.back.clicked.connect(self.back_requested)
        self.title = QLabel(self)
        self.title.setProperty("role", "heading")
        self.consent_line = QLabel(self)
        self.consent_line.setProperty("role", "hint")
        self.consent_button = QPushButton(self)
        self.consent_button.clicked.connect(self.withdraw_requested)
        self.identity_button = QPushButton(self)
        self.identity_button.clicked.connect(self.identity_requested)
        self.saved_label = QLabel(self)
        self.saved_label.setProperty("role", "hint")
        # Bound methods, never lambdas: the controller outlives this screen (a lock deletes
        # the screen), and a bound slot is disconnected when its object is deleted.
        controller.saving.connect(self._show_saving)
        controller.saved.connect(self._show_saved)
        controller.failed.connect(self._save_failed)

        self.sections = SectionList(self)
        self.sections.section_chosen.connect(self.show_section)
        self.questions = QuestionPanel(make_editor, self)
        self.questions.answer_changed.connect(self._answer_changed)
        self.questions.add_instance_requested.connect(self._add_instance)
        self.questions.remove_instance_requested.connect(self._remove_instance)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.questions, "")
        self.transcript_page = TranscriptTab(controller, catalogue, self)
        self.transcript_page.tags_changed.connect(self.refresh)
        self.transcript_page.saved.connect(self._show_saved)
        self.transcript_page.save_failed.connect(self._save_failed)
        self.tabs.addTab(self.transcript_page, "")
        # The window's Undo/Redo (the only owners of Ctrl+Z, Ctrl+Shift+Z) act on the
        # history of the tab shown: the answers', or the transcript's.
        self.history = QUndoGroup(self)
        self.history.addStack(self.undo_stack)
        self.tabs.currentChanged.connect(self._choose_history)
        self.transcript_page.editor_changed.connect(self._choose_history)
        self.clock = SessionClock(self)
        self.clock.start_requested.connect(self._start_session)
        self.clock.pause_requested.connect(self._pause)
        self.clock.resume_requested.connect(self._resume)
        self.clock.end_requested.connect(self._end_session)
        self.clock.near_end.connect(self._near_end)
        self.coverage_panel = CoveragePanel(catalogue, self)
        self.coverage_panel.jump_requested.connect(self.jump_to)
        self.message = QLabel(self)
        self.message.setProperty("role", "warning")
        self.message.setWordWrap(True)
        self.message.hide()
        self.geneva_asks = GenevaAsks(catalogue, self)

        header = QHBoxLayout()
        header.addWidget(self.back)
        header.addWidget(self.title)
        header.addWidget(self.consent_line, 1)
        header.addWidget(self.identity_button)
        header.addWidget(self.consent_button)
        header.addWidget(self.saved_label)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.clock)
        right_layout.addWidget(self.coverage_panel, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.sections)
        splitter.addWidget(self.tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([230, 700, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.geneva_asks)
        layout.addWidget(splitter, 1)
        self.retranslate()

    # -- loading ----------------------------------------------------------------------

    def load(
        self,
        file: InterviewFile,
        place: Place | None = None,
        drafts: Drafts | None = None,
        facilities: list[Facility] | None = None,
    ) -> None:
        """Show `file` (at `place`, with the `drafts` a lock kept); `facilities`, read with
        it, are listed at once (else they are read after)."""
        self.file = file
        self.answers = {(a.question_id, a.position): a for a in file.answers}
        self.added = dict(place.added) if place else {}
        running = [s for s in file.sessions if s.ended_at is None]
        self.session = running[-1] if running else None
        self.clock.set_session(self.session)
        if self.session is not None:
            self._reopened(self.session)
        self.undo_stack.clear()
        self._records(file, facilities)
        self.geneva_asks.show_file(file)
        self._transcript_for(self.session or (file.sessions[-1] if file.sessions else None))
        self._header()
        self.sections.fill(self.questionnaire)
        self.section_id = None
        self.refresh()
        wanted = place.section_id if place and place.section_id else None
        self.show_section(wanted or self.questionnaire.structure.sections()[0].id)
        if place is not None:
            self.tabs.setCurrentIndex(place.tab)
        field = restore_records_place(self, place) if place is not None else None
        restore_drafts(self, drafts or {})  # typed but not saved before a lock
        if place is not None and place.keys_elsewhere:
            if self.transcript is not None:
                self.transcript.focus_on_load = False
            QTimer.singleShot(0, self.park_keys)
        elif place is not None:
            editor = self.transcript
            if place.records_tab is not None and self.tabs.currentWidget() is self.records:
                cursor = place.cursor
                QTimer.singleShot(0, lambda: focus_records_field(field, cursor))
            elif place.segment is not None and editor is not None:
                editor.focus_after_load = (place.segment, place.cursor)
            elif place.key is not None:
                key, cursor, part = place.key, place.cursor, place.part
                # after the unlock dialog has closed and given the focus back
                QTimer.singleShot(0, lambda: self.restore_focus(key, cursor, part))

    def place(self) -> Place | None:
        """Where the interviewer is now (kept across a lock, holds no testimony)."""
        if self.file is None:
            return None
        row, cursor, segment, part = None, None, None, None
        editor = self.transcript
        records_tab, field, field_cursor = records_place(self)
        if self.tabs.currentWidget() is self.questions:
            row = self.questions.focused_row()
            if row is not None:
                focused = self.focusWidget()
                cursor = cursor_of(focused)
                parts = row.findChildren(QWidget)
                part = parts.index(focused) if focused in parts else None
        elif editor is not None and self.tabs.currentWidget() is self.transcript_page:
            view = editor.current_view()
            if view is not None:
                segment = view.segment_id
                cursor = view.text.textCursor().position()
        elif records_tab is not None:
            cursor = field_cursor
        return Place(
            interview_id=self.file.interview.id,
            section_id=self.section_id,
            key=row.key if row is not None else None,
            cursor=cursor,
            part=part,
            tab=self.tabs.currentIndex(),
            segment=segment,
            added=dict(self.added),
            records_tab=records_tab,
            record=record_of(self),
            field=field,
        )

    def park_keys(self) -> None:
        """Back from a lock that closed a window over the desk: the keys go to the tabs,
        where typing writes nothing (what is typed next was meant for that window). The
        main window says which windows the lock closed."""
        self.activateWindow()
        self.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)

    def restore_focus(self, key: Key, cursor: int | None, part: int | None = None) -> None:
        self.activateWindow()
        if not self.questions.focus_row(*key):
            return
        row = self.questions.row(*key)
        parts = row.findChildren(QWidget) if row is not None else []
        if part is not None and part < len(parts):
            parts[part].setFocus(Qt.FocusReason.OtherFocusReason)
        put_cursor(self.focusWidget(), cursor)

    def _records(self, file: InterviewFile, facilities: list[Facility] | None) -> None:
        if self.records is not None:
            self.tabs.removeTab(self.tabs.indexOf(self.records))
            self.records.deleteLater()
        if self.interview_records is not None:
            self.interview_records.deleteLater()
        shared = InterviewRecords(file, self.controller, self, facilities)
        shared.changed.connect(self.questions.refresh_records)
        shared.changed.connect(self._persons_to_transcript)
        self.interview_records = shared
        self.records = RecordsPanel(file, self.controller, shared, self)
        self.tabs.addTab(self.records, _("Incidents and people"))

    @property
    def transcript(self) -> TranscriptEditor | None:
        """The transcript editor of the running (or last) session, if any."""
        return self.transcript_page.editor

    def _transcript_for(self, session: Session | None) -> None:
        if self.file is not None:
            editor = self.transcript
            self.transcript_page.show_session(self.file.interview.id, session)
            if self.transcript is not None and self.transcript is not editor:
                model = self.transcript.model
                model.references_changed.connect(self._persons_from_transcript)
                self._persons_to_transcript()

    def _persons_from_transcript(self) -> None:
        """A person made in the transcript's tag dialog is offered by the questions too."""
        if self.transcript is not None and self.interview_records is not None:
            self.interview_records.add_known(self.transcript.model.persons)

    def _persons_to_transcript(self) -> None:
        """A person made from a question or the records tab is offered when tagging."""
        if self.transcript is None or self.interview_records is None:
            return
        persons = self.transcript.model.persons
        known = {p.id for p in persons}
        persons.extend(p for p in self.interview_records.persons.values() if p.id not in known)

    def flush(self) -> None:
        """Send what waits (answers and transcript) to the worker now, the syllable being
        composed included."""
        commit_composition(self.window())
        self.controller.flush()
        self.transcript_page.flush()

    def all_tags(self) -> list[ElementTag]:
        """The interview's tags, with the transcript editor's as they are now."""
        return [] if self.file is None else self.transcript_page.with_tags(self.file.tags)

    # -- undo and redo ----------------------------------------------------------------

    def _choose_history(self, *_args: object) -> None:
        transcript = self.transcript
        if transcript is not None and transcript.undo_stack not in self.history.stacks():
            self.history.addStack(transcript.undo_stack)
        on_transcript = self.tabs.currentWidget() is self.transcript_page
        if on_transcript and transcript is not None:
            self.history.setActiveStack(transcript.undo_stack)
        else:
            self.history.setActiveStack(self.undo_stack)

    def undo(self) -> None:
        self._choose_history()
        self.history.undo()

    def redo(self) -> None:
        self._choose_history()
        self.history.redo()

    # -- the engine -------------------------------------------------------------------

    def refresh(self) -> None:
        """Evaluate again and show what changed."""
        if self.file is None:
            return
        evaluation = evaluate(self.questionnaire, self.answers.values(), self.added)
        self.evaluation = evaluation
        found = coverage(evaluation, self.catalogue.elements.values(), self.all_tags())
        minutes = self._minutes_left()
        shown = minutes if self._running() else None  # what the clock shows, or nothing
        self.coverage_panel.show_coverage(found, suggest(evaluation, found, minutes), shown)
        self.coverage_panel.show_plan(minutes_left_by_module(evaluation))
        self.sections.show_progress(self.questionnaire, evaluation)
        if self.section_id is not None:
            self.questions.show_section(self.section_id, evaluation, self._values())
        self._stats = stats_of(evaluation, found)

    def _values(self) -> dict[Key, AnswerValue]:
        return {key: answer.value for key, answer in self.answers.items()}

    def _running(self) -> bool:
        """The clock shows minutes left: of the session running (or paused), or the whole
        budget before one starts; not after one has ended (its time is spent)."""
        shown = self.clock.session
        return shown is None or shown.ended_at is None

    def _minutes_left(self) -> int:
        if self.session is None:
            return 120
        left = self.session.remaining(datetime.now(UTC))
        return max(0, int(left / timedelta(minutes=1)))

    def show_section(self, section_id: str) -> None:
        if self.evaluation is None:
            return
        self.section_id = section_id
        self.sections.select(section_id)
        self.questions.show_section(section_id, self.evaluation, self._values())
        self.questions.verticalScrollBar().setValue(0)

    def jump_to(self, question_id: str, position: str) -> None:
        node = self.questionnaire.node(question_id)
        self.tabs.setCurrentWidget(self.questions)
        if node.section != self.section_id:
            self.show_section(node.section)
        self.questions.focus_row(question_id, position)

    # -- answers ----------------------------------------------------------------------

    def _answer_changed(self, question_id: str, position: str, value: object) -> None:
        key = (question_id, position)
        before = self.answers[key].value if key in self.answers else None
        after = value if value is not None else None
        if before == after:
            return
        self.undo_stack.push(AnswerEdit(self, key, before, after))  # type: ignore[arg-type]

    def apply_answer(self, key: Key, value: AnswerValue | None, *, from_history: bool) -> None:
        """Make `value` the answer at `key`: in memory, on screen, and (soon) on disk."""
        if self.file is None:
            return
        interview = self.file.interview
        if value is None:
            self.answers.pop(key, None)
        else:
            previous = self.answers.get(key)
            self.answers[key] = Answer(
                id=previous.id if previous else uuid4(),
                interview_id=interview.id,
                question_id=key[0],
                position=key[1],
                value=value,
            )
        if from_history:
            self.jump_to(*key)
            self.questions.set_value(key[0], key[1], value)
        self.refresh()
        self.controller.save_answer(
            PendingAnswer(
                interview_id=interview.id,
                question_id=key[0],
                position=key[1],
                value=value,
                session_id=self.session.id if self.session else None,
                questionnaire_version=self.questionnaire.version,
            ),
            self._stats,
        )

    def _add_instance(self, group_id: str, enclosing: str) -> None:
        if self.evaluation is None:
            return
        indices = tuple(index for _group, index in parse_position(enclosing))
        count = self.evaluation.instances(group_id, indices)
        self.added[(group_id, enclosing)] = count + 1
        self.refresh()

    def _remove_instance(self, group_id: str, position: str) -> None:
        """Remove an instance: only the last one, with its answers (undoable one by one)."""
        if self.evaluation is None:
            return
        steps = parse_position(position)
        enclosing = "/".join(f"{g}#{i}" for g, i in steps[:-1])
        indices = tuple(index for _group, index in steps[:-1])
        count = self.evaluation.instances(group_id, indices)
        if steps[-1][1] != count - 1:
            self._show_message(_("Only the last one can be removed. Remove that one first."))
            return
        remove_answers_in(self.undo_stack, self, position)
        self.added[(group_id, enclosing)] = count - 1
        self.refresh()

    # -- the clock --------------------------------------------------------------------

    def _start_session(self) -> None:
        if self.file is None:
            return
        interview = self.file.interview
        present = [p for p in (interview.interviewer, interview.interpreter) if p]
        self.controller.change(
            lambda bench: bench.start_session(interview.id, present), self._session_changed
        )

    def _pause(self, reason: object) -> None:
        if self.session is not None:
            session = self.session
            self.controller.change(
                lambda bench: bench.pause(session, reason),  # type: ignore[arg-type]
                self._session_changed,
            )

    def _resume(self) -> None:
        if self.session is not None:
            session = self.session
            self.controller.change(lambda bench: bench.resume(session), self._session_changed)

    def _end_session(self) -> None:
        """Ending a session is on the record and cannot be undone: ask first."""
        if self.session is None:
            return
        session = self.session
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("End session"))
        box.setText(_("End session {number}?").format(number=session.number))
        box.setInformativeText(
            _(
                "The session log records its end now, and it cannot be undone. To stop the "
                "clock for a while, pause the session instead."
            )
        )
        self.confirm_end_button = box.addButton(
            _("End the session"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.keep_running_button = box.addButton(
            _("Keep it running"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(self.keep_running_button)
        box.setEscapeButton(self.keep_running_button)
        self.end_confirmation = box

        def answered(_result: int) -> None:
            ended = box.clickedButton() is self.confirm_end_button
            box.deleteLater()
            if ended:
                self.controller.change(
                    lambda bench: bench.end_session(session), self._session_changed
                )

        box.finished.connect(answered)
        box.open()

    def _reopened(self, session: Session) -> None:
        """Sillok was closed while the session ran: its clock runs again from now."""
        if session.is_paused and session.pauses[-1].reason is PauseReason.CLOSED:
            self.controller.change(
                lambda bench: bench.reopen_session(session), self._session_changed
            )

    def _session_changed(self, session: Session) -> None:
        self.session = session if session.ended_at is None else None
        self.clock.set_session(session)
        self._transcript_for(session)
        self.refresh()

    def _near_end(self) -> None:
        self._show_message(
            _("About fifteen minutes are left in this session. Time to think about closing.")
        )

    # -- header and messages ----------------------------------------------------------

    def _header(self) -> None:
        if self.file is None:
            return
        interview = self.file.interview
        self.title.setText(interview.code)
        consent = self.file.consent
        if consent is None:
            self.consent_line.setText(_("No consent"))
            return
        names = [scope_text(scope)[0] for scope in sorted(consent.current_scopes)]
        self.consent_line.setText(
            _("Consent: {scopes}").format(scopes=", ".join(names) if names else _("none"))
        )

    def set_file(self, file: InterviewFile) -> None:
        """The interview's records changed outside the answers (consent, tags)."""
        self.file = file
        self._header()
        self.refresh()

    def detach(self) -> None:
        """Hear nothing more from the controller (before this screen is deleted)."""
        for signal, slot in (
            (self.controller.saving, self._show_saving),
            (self.controller.saved, self._show_saved),
            (self.controller.failed, self._save_failed),
        ):
            signal.disconnect(slot)

    def _show_saving(self) -> None:
        self.saved_label.setText(_("Saving…"))

    def _show_saved(self) -> None:
        self.saved_label.setText(_("Saved"))

    def _save_failed(self, text: str) -> None:
        self.saved_label.setText(_("Not saved"))
        self._show_message(text)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def retranslate(self) -> None:
        self.back.setText(_("← Interviews"))
        self.consent_button.setText(_("Withdraw consent…"))
        self.identity_button.setText(_("Identity (sealed)…"))
        self.tabs.setTabText(0, _("Questions"))
        self.tabs.setTabText(1, _("Transcript"))
        if self.records is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.records), _("Incidents and people"))
        if self.saved_label.text():
            self.saved_label.setText(_("Saved"))
        self._header()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
