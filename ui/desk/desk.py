"""The desk: the interview list and the session screen, and the steps between them.

New interview → consent, scope by scope → the session screen. No screen records anything
of the testimony before consent is on record: the session screen opens only on an interview
with consent, and the core refuses an answer without it (`ConsentRequired`) whatever the
screen does.

`teardown()` (before a lock) removes every widget that shows testimony and forgets the
records, keeping what waited for Save or Add as drafts in the database (`app.desk.drafts`);
`place()` says where the interviewer was, so `start(place)` after the unlock comes back to
the same question with the cursor where it was, and the drafts where they were typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import shiboken6
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QDialog, QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.demo import is_demo
from app.desk.drafts import Drafts, keep_dialog, keep_drafts, take_dialog, take_drafts
from app.desk.summaries import interview_rows
from app.desk.workbench import InterviewFile, Workbench
from app.domain import Consent, Facility, Interview
from app.i18n import _
from app.legal import default_catalogue
from app.questionnaire import (
    Questionnaire,
    default_questionnaire,
    legacy_questionnaire,
    questionnaire_for,
)
from app.questionnaire.model import Question
from app.reference import default_reference
from app.store import swap
from ui.desk.consent_dialog import ConsentDialog
from ui.desk.controller import DeskController, error_text, ignore
from ui.desk.geneva.common import geneva_error_text
from ui.desk.identity_dialog import IdentityDialog
from ui.desk.interview_list import InterviewListPage, PreparedRows, prepare_rows
from ui.desk.interview_records import InterviewRecords
from ui.desk.new_interview import NewInterviewDialog
from ui.desk.place import Place
from ui.desk.screen_drafts import drafts_of
from ui.desk.session_screen import SessionScreen
from ui.desk.swap_note import SwapNote
from ui.editors import AnswerEditor, EditorContext, editor_for
from ui.session import Session

NEW_INTERVIEW = "new_interview"
"""The name the New interview dialog's fields are kept under at a lock."""


@dataclass(frozen=True)
class Opening:
    """What the session screen opens with, read on the worker in one go."""

    file: InterviewFile
    drafts: Drafts
    """What a lock kept that waited for Save or Add (`app.desk.drafts`)."""
    facilities: list[Facility]


class Desk(QWidget):
    screen: SessionScreen | None  # type: ignore[assignment]  # hides QWidget.screen(), unused
    interview_opened = Signal(str)
    """The session screen shows this interview (its id)."""
    listed = Signal()
    """The interview list was (re)loaded."""

    def __init__(
        self,
        session: Session,
        actor: str,
        default_interviewer: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.controller = DeskController(session, actor, self)
        self.default_interviewer = default_interviewer
        # New interviews default to version 2; 1.x stays on offer while it is piloted.
        self.questionnaires: list[Questionnaire] = [default_questionnaire(), legacy_questionnaire()]
        self.catalogue = default_catalogue()
        self.editor_context = EditorContext(reference=default_reference())
        self._context_of: InterviewRecords | None = None
        self._shared_context = self.editor_context
        self.stack = QStackedWidget(self)
        self.list_page = InterviewListPage(self)
        self.list_page.new_requested.connect(self.new_interview)
        self.list_page.open_requested.connect(lambda text: self.open_interview(UUID(text)))
        self.stack.addWidget(self.list_page)
        self.screen: SessionScreen | None = None
        self._opening: Place | None = None
        self._consent_asked: UUID | None = None
        """The interview whose consent is being asked (a lock asks it again after)."""
        self.error = QLabel(self)
        self.error.setProperty("role", "alert")
        self.error.setWordWrap(True)
        self.error.hide()
        self.demo_banner = QLabel(self)
        self.demo_banner.setProperty("role", "warning")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.hide()
        self.swap_note = SwapNote(self)
        self._swap_said = False
        """Whether this start's swap check came back (it is asked once per start)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.swap_note)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.error)
        layout.addWidget(self.stack, 1)
        self.retranslate()

    # -- coming and going -------------------------------------------------------------

    def start(self, place: Place | None = None) -> None:
        """The database is open: list the interviews, and go back to `place` if given."""
        self.reload_list()
        self.controller.call(
            lambda bench: is_demo(bench.services.context.database), self.demo_banner.setVisible
        )
        if not self._swap_said:
            self.controller.call(lambda _bench: swap.check_swap(), self._say_swap, ignore)
        if place is not None:
            self.open_interview(place.interview_id, place)
        self.controller.call(
            lambda bench: take_dialog(bench.services.context.database, NEW_INTERVIEW),
            self._new_again,
            self._failed,
        )

    def place(self) -> Place | None:
        if self._consent_asked is not None:  # opening it asks for the consent again (the
            return Place(self._consent_asked)  # screen behind is another interview's)
        if self.screen is not None and self.stack.currentWidget() is self.screen:
            return self.screen.place()
        return self._opening  # locked while an interview was on its way to the screen

    def comes_back(self) -> list[QWidget]:
        """The dialogs open now that the unlock opens again as they were, with what was
        typed: New interview and the tag dialog. (The consent being asked is asked again,
        but afresh: its answers are not kept, and the note after the unlock says so.)"""
        transcript = self.screen.transcript if self.screen is not None else None
        dialogs = [
            getattr(self, "new_dialog", None),
            transcript.tag_dialog if transcript is not None else None,
        ]
        return [
            dialog
            for dialog in dialogs
            if isinstance(dialog, QWidget) and shiboken6.isValid(dialog) and dialog.isVisible()
        ]

    def flush(self) -> None:
        if self.screen is not None:
            self.screen.flush()
        self.controller.flush()

    def suspend_clocks(self) -> None:
        """Sillok is closing: running sessions stand still until they are shown again."""
        stopped = getattr(self.controller.runner, "stopped", False)
        if self.session.is_open and not stopped:  # queued before the database closes (the
            # runner runs what was queued first); no saved indicator
            self.controller.call(lambda bench: bench.suspend_running_sessions(), ignore)

    def teardown(self) -> None:
        """Forget everything shown: nothing of the testimony stays in a widget."""
        try:
            try:
                self.flush()
            finally:
                self._keep_drafts()  # even if a save could not be sent
        finally:
            self.controller.forget()
            self._opening = None
            self._close_dialogs()
            self._drop_screen()
            self.list_page.clear()
            self.stack.setCurrentWidget(self.list_page)
            self.error.hide()

    def _keep_drafts(self) -> None:
        """What waits for Save or Add goes into the database before it closes (queued
        after the saves); the interview's opening takes it back (`app.desk.drafts`). The
        New interview dialog's fields too: `start` opens it again with them."""
        dialog = getattr(self, "new_dialog", None)
        if isinstance(dialog, NewInterviewDialog) and shiboken6.isValid(dialog):
            fields = dialog.draft() if dialog.isVisible() else {}
            self.controller.call(
                lambda bench: keep_dialog(bench.services.context.database, NEW_INTERVIEW, fields),
                ignore,
            )
        screen = self.screen
        if screen is None or screen.file is None:
            return
        drafts, interview_id = drafts_of(screen), screen.file.interview.id
        if drafts:
            self.controller.call(
                lambda bench: keep_drafts(bench.services.context.database, interview_id, drafts),
                ignore,
            )

    def _close_dialogs(self) -> None:
        """The desk's own dialogs (new interview, consent, the sealed identity) go too: a
        lock leaves nothing of a witness on screen, above the locked page or below it."""
        for name in ("new_dialog", "consent_dialog", "identity_dialog"):
            dialog = getattr(self, name, None)
            if isinstance(dialog, QDialog) and shiboken6.isValid(dialog):
                dialog.reject()  # their handlers forget what they held
                dialog.deleteLater()
            setattr(self, name, None)

    def _drop_screen(self) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.detach()
            self.stack.removeWidget(screen)
            screen.hide()
            screen.deleteLater()

    def reload_list(self) -> None:
        def verb(bench: Workbench) -> PreparedRows:
            return prepare_rows(interview_rows(bench.services.context.database))

        self.controller.call(verb, self._listed, self._failed)

    def _listed(self, prepared: PreparedRows) -> None:
        self.list_page.set_prepared(prepared)
        self.listed.emit()

    def show_list(self) -> None:
        self._opening = None
        self.controller.flush()
        self.stack.setCurrentWidget(self.list_page)
        self.reload_list()

    # -- new interview and consent ----------------------------------------------------

    def new_interview(self, draft: Drafts | None = None) -> None:
        dialog = NewInterviewDialog(self.questionnaires, self.default_interviewer, self)
        if draft:
            dialog.restore_draft(draft)
        dialog.finished.connect(lambda result: self._new_chosen(dialog, result))
        self.new_dialog = dialog
        dialog.open()

    def _new_again(self, draft: Drafts) -> None:
        """Back from a lock that closed New interview: open it again as it was."""
        if draft:
            self.new_interview(draft)

    def _new_chosen(self, dialog: NewInterviewDialog, result: int) -> None:
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted.value:
            return
        chosen = dialog.result_value()

        def verb(bench: Workbench) -> Interview:
            return bench.start_interview(
                interviewer=chosen.interviewer,
                interpreter=chosen.interpreter,
                questionnaire_id=chosen.questionnaire.id,
                questionnaire_version=chosen.questionnaire.version,
                location_kind=chosen.location_kind,
            )

        self.controller.change(verb, self.ask_consent, self._failed)

    def ask_consent(self, interview: Interview) -> None:
        self.reload_list()
        self._consent_asked = interview.id
        dialog = ConsentDialog(interview.code, parent=self)
        self.consent_dialog = dialog
        dialog.finished.connect(lambda result: self._consent_given(dialog, interview, result))
        dialog.open()

    def _consent_given(self, dialog: ConsentDialog, interview: Interview, result: int) -> None:
        dialog.deleteLater()
        self._consent_asked = None
        if result != QDialog.DialogCode.Accepted.value:
            return  # the interview waits in the list, without consent, recording nothing
        granted, method = dialog.granted(), dialog.chosen_method()
        actor = self.controller.actor

        def verb(bench: Workbench) -> Consent:
            return bench.record_consent(interview, granted, method, actor)

        self.controller.change(verb, lambda _c: self.open_interview(interview.id), self._failed)

    def withdraw_consent(self) -> None:
        screen = self.screen
        if screen is None or screen.file is None or screen.file.consent is None:
            return
        consent, code = screen.file.consent, screen.file.interview.code
        dialog = ConsentDialog(code, consent, self)
        self.consent_dialog = dialog

        def finished(result: int) -> None:
            dialog.deleteLater()
            if result != QDialog.DialogCode.Accepted.value:
                return
            scopes, note = dialog.withdrawn(), dialog.note.text().strip() or None

            def verb(bench: Workbench) -> InterviewFile:
                bench.withdraw_consent(consent, scopes, note)
                return bench.open(consent.interview_id)

            self.controller.change(verb, self._refreshed, self._failed)

        dialog.finished.connect(finished)
        dialog.open()

    def _refreshed(self, file: InterviewFile) -> None:
        if self.screen is not None:
            self.screen.set_file(file)

    # -- the session screen -----------------------------------------------------------

    def open_interview(self, interview_id: UUID, place: Place | None = None) -> None:
        self._opening = place or Place(interview_id)
        self.controller.flush()

        def verb(bench: Workbench) -> Opening:
            drafts = take_drafts(bench.services.context.database, interview_id)
            return Opening(bench.open(interview_id), drafts, bench.facilities())

        self.controller.call(verb, lambda opening: self._opened(opening, place), self._failed)

    def _opened(self, opening: Opening, place: Place | None) -> None:
        file = opening.file
        self._opening = None
        if file.consent is None:
            self.ask_consent(file.interview)
            return
        questionnaire = self._questionnaire_of(file.interview)
        self._drop_screen()
        screen = SessionScreen(self.controller, questionnaire, self.catalogue, self._editor, self)
        screen.back_requested.connect(self.show_list)
        screen.withdraw_requested.connect(self.withdraw_consent)
        screen.identity_requested.connect(self._identity)
        self.screen = screen
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        screen.load(file, place, opening.drafts, opening.facilities)
        self.error.hide()
        self.interview_opened.emit(str(file.interview.id))

    def _editor(self, question: Any, parent: QWidget) -> AnswerEditor:
        assert isinstance(question, Question)
        return editor_for(question, self._context(), parent)

    def _context(self) -> EditorContext:
        """The editors' context with the open interview's persons and facilities."""
        shared = self.screen.interview_records if self.screen is not None else None
        if shared is None:
            return self.editor_context
        if self._context_of is not shared:
            self._context_of, self._shared_context = (
                shared,
                shared.editor_context(self.editor_context),
            )
        return self._shared_context

    def _questionnaire_of(self, interview: Interview) -> Questionnaire:
        # An interview keeps the questionnaire version it was recorded under (1.x or 2.x).
        return questionnaire_for(interview.questionnaire_id, interview.questionnaire_version)

    def _identity(self) -> None:
        screen = self.screen
        if screen is None or screen.file is None:
            return
        interviewee_id = screen.file.interviewee.id
        dialog = IdentityDialog(screen.file.interview.code, self)
        self.identity_dialog = dialog

        def save() -> None:
            data = dialog.data()

            def sealed(_result: object) -> None:
                dialog.clear()  # nothing of it stays in memory longer than needed
                dialog.done(QDialog.DialogCode.Accepted.value)
                dialog.deleteLater()

            self.controller.change(
                lambda bench: bench.services.identities.seal(interviewee_id, data),
                sealed,
                lambda error: dialog.show_problem(geneva_error_text(error)),
            )

        dialog.buttons.accepted.disconnect()
        dialog.buttons.accepted.connect(save)
        dialog.rejected.connect(dialog.clear)
        dialog.open()

    def _say_swap(self, check: swap.SwapCheck) -> None:
        self._swap_said = True
        self.swap_note.show_for(check)

    # -- errors -----------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self._opening = None
        self.error.setText(error_text(error))
        self.error.show()

    def retranslate(self) -> None:
        self.list_page.retranslate()
        self.demo_banner.setText(
            _(
                "DEMO — practice data, invented. Nothing here is testimony, and it can never "
                "be sent to the Geneva repository."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.error.hide()
            self.retranslate()
        super().changeEvent(event)
