"""Lock anywhere: a whole interview through the real window, locked at random points.

New interview → consent → answers of several editor types (Korean text, a date, yes/no, a
repeat group, a person and a facility added from their questions) → a person, a facility
and an incident described in the records tab's forms → session and transcript with a tag → search →
statement PDF → export to a real Geneva repository → its receipt. Between the steps, as
the seed decides, the desk is locked with Ctrl+L or by the auto-lock, with the storage
worker held busy or not, often with keys typed a moment before (not yet saved). After every unlock:

- no error is shown anywhere (no message box, no alert on the desk or the screen);
- the interviewer is back in the same place: interview, section, tab, field and cursor;
- keys typed then go into that field and nowhere else (everything else on screen is as
  it was);
- everything that was typed before the lock is there again, read back from the database
  (what waited for Save or Add in a form or a question's "new" line too);

and after the receipt the lock still closes the database. Deterministic by seed (the
worker's timing varies, the outcome may not).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

import ui.desk.tools as tools
from app.domain import TriState
from app.services import Services
from app.store.database import Database, side_files
from app.sync.repository.ingest import ingest
from app.sync.repository.store import Repository
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
    type_and_tag_transcript,
)
from tests.functional.test_lock_boundary import Blocker, unlock
from tests.support import FAST_KDF, PASSPHRASE
from tests.sync_support import enrol_device, new_repository
from tests.ui.helpers import type_into
from ui.desk.place import Place
from ui.desk.record_forms import ListAndForm
from ui.desk.screen_drafts import drafts_of
from ui.desk.session_screen import SessionScreen
from ui.editors.facility import FacilityEditor
from ui.editors.person import PersonEditor
from ui.editors.records import RecordPicker
from ui.editors.text import TextEditor

SEEDS = (5, 7, 2026)


@dataclass
class Journey:
    qtbot: QtBot
    app: Opened
    db: Path
    rng: random.Random
    tmp: Path
    geneva: Repository
    locks: list[str] = field(default_factory=list)
    typed: int = 0

    @property
    def screen(self) -> SessionScreen:
        screen = self.app.desk.screen
        assert screen is not None
        return screen


Shown = tuple[dict[tuple[str, str], object], list[str], dict[object, object], dict[str, str]]


def shown(journey: Journey) -> Shown:
    """What the screen holds: the answers, the transcript's segments, the persons and
    facilities recorded, and what waits for Save or Add (the drafts)."""
    screen = journey.app.desk.screen
    if screen is None:
        return {}, [], {}, {}
    answers = {key: answer.value for key, answer in screen.answers.items()}
    editor = screen.transcript
    texts = [s.text for s in editor.model.document.segments] if editor is not None else []
    shared = screen.interview_records
    assert shared is not None and screen.records is not None
    records = {**shared.persons, **shared.facilities, **screen.records.incidents.records}
    return answers, texts, records, drafts_of(screen)


def no_error_shown(journey: Journey) -> None:
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert boxes == [], [b.text() for b in boxes]
    assert journey.app.desk.error.isHidden(), journey.app.desk.error.text()
    screen = journey.app.desk.screen
    if screen is not None:
        assert screen.message.isHidden(), screen.message.text()
        assert screen.saved_label.text() != "Not saved"


def loaded(journey: Journey, before: Place) -> bool:
    screen = journey.app.desk.screen
    if screen is None or screen.file is None or screen.place() != before:
        return False
    editor = screen.transcript
    return editor is None or editor.model.is_loaded


def focused_field(journey: Journey, before: Place) -> QWidget | None:
    """The widget with the keys, which must be the place's field if it has one."""
    focused = QApplication.focusWidget()
    screen = journey.screen
    if before.segment is not None:
        editor = screen.transcript
        assert editor is not None
        view = editor.current_view()
        assert view is not None and view.segment_id == before.segment
        assert focused is view.text and focused.isVisible()
        return focused
    if before.key is not None and before.tab == 0:
        row = screen.questions.focused_row()
        assert row is not None and row.key == before.key
        assert focused is not None and focused.isVisible()
        return focused
    if before.records_tab is not None and before.field is not None:
        assert screen.records is not None
        form = screen.records.currentWidget()
        assert isinstance(form, ListAndForm)
        assert screen.records.currentIndex() == before.records_tab
        assert focused is form.fields[before.field] and focused.isVisible()
        return focused
    return None


def takes_free_text(journey: Journey, target: QWidget | None) -> bool:
    """Whether any text typed there is kept as typed: a transcript segment, a text answer,
    a records form's field, a question's "new person / facility" line (not a number's
    or a date's field, which refuse letters)."""
    if isinstance(target, QPlainTextEdit):
        return True
    if not isinstance(target, QLineEdit) or target.validator() is not None or target.inputMask():
        return False
    row = journey.screen.questions.focused_row()
    if row is None or not row.isAncestorOf(target):
        return True  # the records tab's forms
    return isinstance(row.editor, TextEditor) or is_draft_line(journey, target)


def is_draft_line(journey: Journey, target: QWidget) -> bool:
    """A field whose text waits for Save or Add: typing in it changes no answer."""
    screen = journey.screen
    if screen.records is not None and screen.records.isAncestorOf(target):
        return True
    row = screen.questions.focused_row()
    return row is not None and isinstance(row.editor, RecordPicker) and target is row.editor.name


def lock_and_unlock(journey: Journey) -> None:
    qtbot, app = journey.qtbot, journey.app
    window = app.window
    # What the last click or key queued happens first (Yes moves the focus on to the
    # next question a moment later): a person's Ctrl+L, or the auto-lock's timer, comes
    # after it, never between the two. Taken before it, the place would be one the
    # interviewer had already left.
    QApplication.processEvents()
    before = app.desk.place()
    typed_before = shown(journey)
    blocker = Blocker(app) if journey.rng.random() < 0.5 else None
    how = journey.rng.choice(("ctrl+l", "auto-lock"))
    journey.locks.append(f"{how}{' busy' if blocker else ''}")
    if how == "ctrl+l":
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    else:
        window.watcher.timer.timeout.emit()
    assert not app.session.is_open and app.desk.screen is None
    if blocker is not None:
        blocker.release()
    qtbot.waitUntil(lambda: window.unlock_dialog is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not [p for p in side_files(journey.db) if p.exists()], timeout=WAIT_MS)
    unlock(qtbot, app)

    if before is None:
        qtbot.waitUntil(lambda: app.desk.list_page.model.rowCount() >= 0, timeout=WAIT_MS)
        no_error_shown(journey)
        return
    try:
        qtbot.waitUntil(lambda: loaded(journey, before), timeout=WAIT_MS)
    except TimeoutError:
        screen = app.desk.screen
        now = screen.place() if screen is not None else None
        editor = screen.transcript if screen is not None else None
        focus = (QApplication.focusWidget(), editor is not None and editor.model.is_loaded)
        raise AssertionError(f"{journey.locks}: {before} != {now} {focus}") from None
    assert shown(journey) == typed_before  # everything typed before the lock is back
    no_error_shown(journey)

    # Keys now go into the place's field, and change nothing else.
    target = focused_field(journey, before)
    if takes_free_text(journey, target) and journey.rng.random() < 0.7:
        assert isinstance(target, QLineEdit | QPlainTextEdit)
        journey.typed += 1
        marker = f"k{journey.typed}"
        text_before = target.text() if isinstance(target, QLineEdit) else target.toPlainText()
        cursor = before.cursor or 0
        qtbot.keyClicks(target, marker)
        text_after = target.text() if isinstance(target, QLineEdit) else target.toPlainText()
        assert text_after == text_before[:cursor] + marker + text_before[cursor:]
        answers_now, texts_now, records_now, _drafts = shown(journey)
        answers_then, texts_then, records_then, _drafts = typed_before
        changed = {k for k in answers_now.keys() | answers_then.keys()}
        changed = {k for k in changed if answers_now.get(k) != answers_then.get(k)}
        assert records_now == records_then
        if before.segment is not None:
            assert answers_now == answers_then
            assert sum(a != b for a, b in zip(texts_now, texts_then, strict=True)) == 1
        else:
            assert changed == (set() if is_draft_line(journey, target) else {before.key})
            assert texts_now == texts_then
    no_error_shown(journey)


def maybe_lock(journey: Journey) -> None:
    if journey.rng.random() < 0.6:
        lock_and_unlock(journey)


# -- the steps of the interview ---------------------------------------------------------


def question(journey: Journey, section: str, question_id: str, position: str = "") -> QWidget:
    screen = journey.screen
    screen.tabs.setCurrentWidget(screen.questions)
    if screen.section_id != section:
        screen.show_section(section)
    row = screen.questions.row(question_id, position)
    assert row is not None
    return row.editor


def start(journey: Journey) -> None:
    start_interview_with_consent(journey.qtbot, journey.app.desk)


def type_with_a_lock(journey: Journey, field_of: Callable[[], QWidget], text: str) -> None:
    """Type `text`; perhaps lock halfway through a word (what was typed not yet saved),
    then type the rest where the unlock put the cursor."""
    cut = journey.rng.randrange(len(text) + 1)
    type_into(journey.qtbot, field_of(), text[:cut])  # type: ignore[arg-type]
    if journey.rng.random() < 0.3:
        lock_and_unlock(journey)
    type_into(journey.qtbot, field_of(), text[cut:])  # type: ignore[arg-type]


def occupation(journey: Journey) -> None:
    def field_of() -> QWidget:
        return question(journey, "background", "background.occupation").field  # type: ignore[attr-defined, no-any-return]

    type_with_a_lock(journey, field_of, "탄광 광부 coal")
    field_ = field_of()
    assert isinstance(field_, QLineEdit)
    field_.setCursorPosition(journey.rng.randrange(len(field_.text()) + 1))


def year_left(journey: Journey) -> None:
    editor = question(journey, "background", "background.year_left")
    type_into(journey.qtbot, editor.start.year, "2014")  # type: ignore[attr-defined]


def disappeared(journey: Journey) -> None:
    editor = question(journey, "trajectory", "trajectory.relative_disappeared")
    journey.qtbot.mouseClick(editor.buttons[TriState.YES], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def how_taken(journey: Journey) -> None:
    screen = journey.screen
    screen.tabs.setCurrentWidget(screen.questions)
    screen.show_section("disappeared")
    if screen.questions.row("disappeared.how_taken", "disappeared.relative#0") is None:
        add = screen.questions.widgets[("disappeared.relative", "#add")]
        assert isinstance(add, QPushButton)
        journey.qtbot.mouseClick(add, Qt.MouseButton.LeftButton)

    def field_of() -> QWidget:
        editor = question(journey, "disappeared", "disappeared.how_taken", "disappeared.relative#0")
        return editor.field  # type: ignore[attr-defined, no-any-return]

    type_with_a_lock(journey, field_of, "밤에 보위부가 데려감")


def forced_return(journey: Journey) -> None:
    """Yes to leaving and to a forced return: the sections with the person and facility
    questions come alive."""
    for question_id in ("trajectory.left_country", "trajectory.forced_return"):
        yes = question(journey, "trajectory", question_id).buttons[TriState.YES]  # type: ignore[attr-defined]
        journey.screen.questions.ensureWidgetVisible(yes)
        journey.qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)


def add_from_question(journey: Journey, section: str, question_id: str) -> None:
    """Type a new person or facility in its question's line (perhaps locked halfway),
    then Add it and see it chosen as the answer."""

    def picker() -> RecordPicker:
        editor = question(journey, section, question_id)
        assert isinstance(editor, PersonEditor | FacilityEditor)
        return editor

    text = "키 큰 보위원 Kim" if isinstance(picker(), PersonEditor) else "Onsong 집결소"
    type_with_a_lock(journey, lambda: picker().name, text)
    editor = picker()
    if isinstance(editor, FacilityEditor):  # the offers come after a pause in typing…
        journey.qtbot.waitUntil(lambda: not editor.field.pause.isActive(), timeout=WAIT_MS)
        popup = editor.field.completer_.popup()
        if popup is not None and popup.isVisible():
            journey.qtbot.keyClick(popup, Qt.Key.Key_Escape)  # …and the person closes them
        if editor.type_box.currentData() is None:  # the type is the interviewer's to choose
            editor.type_box.setCurrentIndex(editor.type_box.count() - 1)
    journey.screen.questions.ensureWidgetVisible(editor.add_button)
    journey.qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    journey.qtbot.waitUntil(lambda: picker().chosen() is not None, timeout=WAIT_MS)
    maybe_lock(journey)
    assert picker().chosen() is not None


def question_person(journey: Journey) -> None:
    add_from_question(journey, "return", "return.handover_official")


def question_facility(journey: Journey) -> None:
    add_from_question(journey, "interrogation", "interrogation.facility")


def records_form(journey: Journey, which: str) -> ListAndForm:
    records = journey.screen.records
    assert records is not None
    journey.screen.tabs.setCurrentWidget(records)
    form: ListAndForm = {
        "incidents": records.incidents,
        "persons": records.persons,
        "facilities": records.facilities,
    }[which]
    records.setCurrentWidget(form)
    return form


def describe_in_records(journey: Journey, which: str, texts: dict[str, str]) -> None:
    """A new person or facility described field by field in the records tab (perhaps
    locked halfway through a word), then saved."""
    form = records_form(journey, which)
    if form.current is not None:
        journey.qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    count = len(form.records)
    for name, text in texts.items():
        type_with_a_lock(journey, lambda name=name: records_form(journey, which).fields[name], text)  # type: ignore[misc]
    form = records_form(journey, which)
    for chosen in ("kind", "role"):  # a facility's type, a person's role: never preset
        box = form.fields.get(chosen)
        if isinstance(box, QComboBox) and not box.currentData():
            box.setCurrentIndex(box.count() - 1)
    maybe_lock(journey)
    form = records_form(journey, which)
    journey.qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    journey.qtbot.waitUntil(
        lambda: len(records_form(journey, which).records) == count + 1, timeout=WAIT_MS
    )


def records_person(journey: Journey) -> None:
    describe_in_records(
        journey, "persons", {"name": "김 상사", "rank": "상사", "description": "키 큰 예심원"}
    )


def records_incident(journey: Journey) -> None:
    describe_in_records(
        journey, "incidents", {"title": "보위부 조사", "summary": "석 달 동안 밤마다 조사"}
    )


def records_facility(journey: Journey) -> None:
    describe_in_records(journey, "facilities", {"name": "전거리 교화소 12호", "notes": "회령 근처"})


def transcript(journey: Journey) -> None:
    type_and_tag_transcript(journey.qtbot, journey.screen)


def more_transcript(journey: Journey) -> None:
    screen = journey.screen
    editor = screen.transcript
    assert editor is not None
    screen.tabs.setCurrentWidget(screen.transcript_page)
    editor.view_at(len(editor.views) - 1).focus_text()

    def field_of() -> QWidget:
        editor = journey.screen.transcript
        assert editor is not None
        return editor.view_at(len(editor.views) - 1).text

    type_with_a_lock(journey, field_of, " 그 뒤에 교화소")


def search(journey: Journey) -> None:
    window = journey.app.window
    window.search_action.trigger()
    search_window = window.search_window
    assert search_window is not None
    panel = search_window.panel
    panel.query.setText("보위부")
    with journey.qtbot.waitSignal(panel.searched, timeout=WAIT_MS) as found:
        panel.run_search()
    assert found.args[0] is not None
    search_window.close()
    window.activateWindow()


def statement(journey: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = journey.tmp / f"statement-{len(journey.locks)}.pdf"
    written: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    monkeypatch.setattr(tools.QMessageBox, "information", lambda *a: written.append(a[2]))
    journey.app.window.report_actions["statement"].trigger()
    if journey.rng.random() < 0.5:
        lock_and_unlock(journey)  # while the PDF is being written
    journey.qtbot.waitUntil(lambda: bool(written), timeout=WAIT_MS)
    assert pdf.stat().st_size > 0


def export_and_receipt(journey: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    qtbot, app = journey.qtbot, journey.app
    app.desk.flush()
    qtbot.waitUntil(lambda: not app.desk.controller.busy, timeout=WAIT_MS)
    usb = journey.tmp / "usb"
    usb.mkdir(exist_ok=True)
    app.window.geneva.export_action.trigger()
    wizard = app.window.geneva.export_wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.summary_page.summary is not None, timeout=WAIT_MS)
    wizard.next()
    wizard.destination_page.folder.setText(str(usb))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=WAIT_MS)
    result = wizard.result_page.result
    assert result is not None and result.records > 0
    receipt = usb / "receipt"
    ingest(journey.geneva, result.path, receipt_out=receipt)
    loader = app.window.geneva.receipts()
    with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS):
        loader.load(receipt, wizard)  # its message box belongs to the wizard…
    assert loader.box is not None
    loader.box.accept()
    wizard.accept()  # …which is deleted now, with the box
    qtbot.waitUntil(lambda: app.window.geneva.export_wizard is None, timeout=WAIT_MS)
    app.window.activateWindow()


Step = Callable[[Journey], None]


@pytest.fixture
def geneva(tmp_path: Path) -> Iterator[Repository]:
    repository = new_repository(tmp_path / "geneva")
    yield repository
    repository.close()


@pytest.mark.parametrize("seed", SEEDS)
def test_lock_anywhere_in_a_whole_interview(
    qtbot: QtBot,
    tmp_path: Path,
    geneva: Repository,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
) -> None:
    db = tmp_path / "desk.db"
    with Database.create(db, PASSPHRASE, FAST_KDF) as database:
        enrol_device(database, geneva, tmp_path / "exchange")
    app = Opened(qtbot, db, tmp_path / "settings.json")
    journey = Journey(qtbot, app, db, random.Random(seed), tmp_path, geneva)
    steps: list[Step] = [
        start,
        occupation,
        year_left,
        disappeared,
        how_taken,
        forced_return,
        question_person,
        records_person,
        question_facility,
        records_facility,
        records_incident,
        transcript,
        more_transcript,
        occupation,
        search,
        lambda j: statement(j, monkeypatch),
        lambda j: export_and_receipt(j, monkeypatch),
    ]
    try:
        maybe_lock(journey)  # on the interview list
        for step in steps:
            step(journey)
            maybe_lock(journey)
        lock_and_unlock(journey)  # after the receipt: still closes the database
        final = shown(journey)
        qtbot.waitUntil(lambda: not app.desk.controller.busy, timeout=WAIT_MS)
        editor = journey.screen.transcript
        assert editor is not None
        editor.flush()
        qtbot.waitUntil(lambda: not editor.has_unsaved_changes, timeout=WAIT_MS)
    finally:
        if not app.runner.stopped:
            app.close()
    assert len(journey.locks) >= 3, journey.locks
    database = Database.open(db, PASSPHRASE)
    try:
        services = Services(database, "test")
        stored = {(a.question_id, a.position): a.value for a in services.answers.find()}
        texts = [s.text for s in services.transcripts.find()]
        persons = {p.id: p for p in services.persons.find()}
        facilities = {f.id: f for f in services.facilities.find()}
        incidents = {i.id: i for i in services.incidents.find()}
    finally:
        database.close()
    assert stored == final[0]
    assert texts == final[1]
    assert {**persons, **facilities, **incidents} == final[2]
