"""Person and facility questions on the real desk and a real database: a perpetrator or a
facility added from a question is recorded, chosen as the answer and offered in the records
tab; one made in the records tab is offered by the questions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain import FacilityValue, PersonValue, TriState
from app.domain.people import Person, PersonDescriptor, PersonRole
from app.services import Services
from app.store.database import Database
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
    stored_answers,
)
from tests.support import PASSPHRASE
from tests.ui.helpers import type_into
from ui.desk.session_screen import SessionScreen
from ui.editors.facility import FacilityEditor
from ui.editors.person import PersonEditor
from ui.editors.reference_field import OFFER_DELAY_MS


def forced_return(qtbot: QtBot, screen: SessionScreen) -> None:
    screen.show_section("trajectory")
    for question_id in ("trajectory.left_country", "trajectory.forced_return"):
        row = screen.questions.row(question_id, "")
        assert row is not None
        yes = row.editor.buttons[TriState.YES]  # type: ignore[attr-defined]
        screen.questions.ensureWidgetVisible(yes)  # scrolled to, as a person would
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)


def add(qtbot: QtBot, screen: SessionScreen, editor: PersonEditor | FacilityEditor) -> None:
    """Click Add, scrolled into view first as a person would (a click goes where the
    pointer is: on a button scrolled out of view it would land on another widget)."""
    qtbot.wait(OFFER_DELAY_MS + 100)  # the offers come after a pause in typing…
    popup = editor.name.completer_.popup() if isinstance(editor, FacilityEditor) else None
    if popup is not None and popup.isVisible():
        qtbot.keyClick(popup, Qt.Key.Key_Escape)  # …and the person closes them first
    screen.questions.ensureWidgetVisible(editor.add_button)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)


def test_a_perpetrator_added_from_a_question_is_recorded_and_offered_everywhere(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    forced_return(qtbot, screen)
    screen.show_section("return")
    row = screen.questions.row("return.handover_official", "")
    assert row is not None
    editor = row.editor
    assert isinstance(editor, PersonEditor)
    type_into(qtbot, editor.name, "키 큰 보위원")
    add(qtbot, screen, editor)
    qtbot.waitUntil(lambda: editor.chosen() is not None, timeout=WAIT_MS)
    assert not editor.status.isVisible(), editor.status.text()  # no "It could not be added"
    assert "키 큰 보위원" in editor.combo.currentText()
    person_id = editor.chosen()
    assert screen.records is not None
    persons_tab = screen.records.persons
    qtbot.waitUntil(lambda: person_id in persons_tab.records, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.close()

    assert stored_answers(db)[("return.handover_official", "")] == PersonValue(person_id=person_id)
    database = Database.open(db, PASSPHRASE)
    try:
        [person] = Services(database, "test").persons.find()
    finally:
        database.close()
    assert person.id == person_id
    assert person.descriptor.description == "키 큰 보위원"


def test_a_person_made_in_the_records_tab_is_offered_by_the_questions(
    qtbot: QtBot, opened: Opened
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    forced_return(qtbot, screen)
    screen.show_section("return")
    row = screen.questions.row("return.handover_official", "")
    assert row is not None
    editor = row.editor
    assert isinstance(editor, PersonEditor)

    assert screen.records is not None
    screen.tabs.setCurrentWidget(screen.records)
    persons_tab = screen.records.persons
    screen.records.setCurrentWidget(persons_tab)
    type_into(qtbot, persons_tab.name, "Kim")
    persons_tab.role.setCurrentIndex(persons_tab.role.findData("perpetrator"))
    persons_tab.save()
    qtbot.waitUntil(lambda: bool(persons_tab.records), timeout=WAIT_MS)
    [person_id] = persons_tab.records
    screen.tabs.setCurrentWidget(screen.questions)

    assert editor.combo.findData(str(person_id)) > 0


def test_a_facility_added_from_a_question_is_recorded_and_chosen(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    forced_return(qtbot, screen)
    screen.show_section("interrogation")
    row = screen.questions.row("interrogation.facility", "")
    assert row is not None
    editor = row.editor
    assert isinstance(editor, FacilityEditor)
    type_into(qtbot, editor.name, "Onsong")
    editor.type_box.setCurrentIndex(1)  # the first type the question allows
    add(qtbot, screen, editor)
    qtbot.waitUntil(lambda: editor.chosen() is not None, timeout=WAIT_MS)
    assert not editor.status.isVisible()
    facility_id = editor.chosen()
    assert screen.records is not None
    facilities_tab = screen.records.facilities
    qtbot.waitUntil(lambda: facility_id in facilities_tab.records, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.close()

    assert stored_answers(db)[("interrogation.facility", "")] == FacilityValue(
        facility_id=facility_id
    )


def test_persons_are_shared_between_the_questions_and_the_transcript(
    qtbot: QtBot, opened: Opened
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    qtbot.mouseClick(screen.clock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.transcript is not None, timeout=WAIT_MS)
    transcript = screen.transcript
    assert transcript is not None
    qtbot.waitUntil(lambda: transcript.model.is_loaded, timeout=WAIT_MS)
    forced_return(qtbot, screen)
    screen.show_section("return")
    row = screen.questions.row("return.handover_official", "")
    assert row is not None
    editor = row.editor
    assert isinstance(editor, PersonEditor)
    type_into(qtbot, editor.name, "키 큰 보위원")
    add(qtbot, screen, editor)
    qtbot.waitUntil(lambda: editor.chosen() is not None, timeout=WAIT_MS)
    # offered when tagging words of the transcript
    assert editor.chosen() in {p.id for p in transcript.model.persons}

    # one made from the transcript's tag dialog is offered by the questions
    made = Person(
        role=PersonRole.PERPETRATOR,
        interview_id=screen.file.interview.id,  # type: ignore[union-attr]
        descriptor=PersonDescriptor(description="예심원"),
    )
    transcript.model.create_person(made)
    assert editor.combo.findData(str(made.id)) > 0
