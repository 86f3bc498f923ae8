"""Places and facilities found in the reference data from any spelling, free text kept
as typed, and facilities picked from the interview or added to it."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.answers import FacilityValue, PlaceValue
from app.domain.people import FacilityType, PlaceRef
from tests.ui.editors.conftest import Interview
from tests.ui.editors.recorder import Emitted
from tests.ui.helpers import type_into
from ui.editors import AnswerEditor, NewFacility
from ui.editors.facility import FacilityEditor
from ui.editors.place import PlaceEditor
from ui.editors.reference_field import OFFER_DELAY_MS

HOERYONG = "kp.hamgyong-north.hoeryong"
JONGO_RI = "fac.kyohwaso-12-jongo-ri"


def place_editor(make: Callable[..., AnswerEditor], **fields: object) -> PlaceEditor:
    editor = make("place", **fields)
    assert isinstance(editor, PlaceEditor)
    return editor


def test_hoeryeong_offers_hoeryong_and_picking_it_links_the_id(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = place_editor(make)
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "Hoeryeong")
    assert editor.field.offered_ids()[0] == HOERYONG
    popup = editor.field.completer_.popup()
    qtbot.waitUntil(popup.isVisible)  # after a pause in typing
    first = popup.model().index(0, 0).data()
    assert first.startswith("회령시 · Hoeryong") and "함경북도" in first and "‹Hoeryeong›" in first

    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)

    assert seen[-1] == PlaceValue(place=PlaceRef(reference_id=HOERYONG))
    assert editor.field.text() == "Hoeryong"  # the entry's name in the language on screen
    assert editor.caption.text().startswith("In the reference list: 회령시 · Hoeryong")


def test_korean_typed_and_left_links_and_keeps_the_words(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = place_editor(make)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "회령")
    assert editor.field.offered_ids()[0] == HOERYONG
    assert seen[-1] == PlaceValue(place=PlaceRef(text="회령"))
    editor.field.completer_.popup().hide()
    qtbot.keyClick(editor.field, Qt.Key.Key_Tab)  # leaving the field
    assert seen[-1] == PlaceValue(place=PlaceRef(reference_id=HOERYONG, text="회령"))


def test_a_place_that_matches_nothing_is_kept_as_typed(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = place_editor(make)
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "강가 작은 마을")
    editor.field.editingFinished.emit()
    assert seen[-1] == PlaceValue(place=PlaceRef(text="강가 작은 마을"))
    assert editor.caption.text() == "Not in the reference list: kept as typed."


def test_editing_a_linked_place_unlinks_it(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = place_editor(make)
    editor.set_value(PlaceValue(place=PlaceRef(reference_id=HOERYONG)))
    assert editor.field.text() == "Hoeryong"
    seen = Emitted(editor)
    type_into(qtbot, editor.field, " market")
    assert seen[-1] == PlaceValue(place=PlaceRef(text="Hoeryong market"))


def test_place_types_limit_the_offers(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = place_editor(make, place_types=["province"])
    type_into(qtbot, editor.field, "hoeryong")
    assert HOERYONG not in editor.field.offered_ids()
    editor.field.clear()
    type_into(qtbot, editor.field, "hamgyong")
    assert editor.field.offered_ids()
    assert all(i.count(".") == 1 for i in editor.field.offered_ids())  # provinces only


def facility_editor(make: Callable[..., AnswerEditor], **fields: object) -> FacilityEditor:
    editor = make("facility", **fields)
    assert isinstance(editor, FacilityEditor)
    return editor


def test_a_facility_of_the_interview_is_picked(
    make: Callable[..., AnswerEditor], interview: Interview
) -> None:
    known = uuid4()
    interview.facilities.append((known, "온성 구류장"))
    editor = facility_editor(make)
    seen = Emitted(editor)
    assert editor.combo.itemText(1) == "온성 구류장"
    editor.combo.setCurrentIndex(1)
    assert seen == [FacilityValue(facility_id=known)]


def test_a_new_facility_from_the_reference_list(
    make: Callable[..., AnswerEditor], qtbot: QtBot, interview: Interview
) -> None:
    editor = facility_editor(make)
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "No. 12")
    # Kyohwaso No. 12 first; the closed Kwanliso No. 12 (Onsong) is offered after it
    assert editor.field.offered_ids() == [JONGO_RI, "fac.kwanliso-12-onsong"]
    editor.field.pick(JONGO_RI)
    assert editor.type_box.currentData() == FacilityType.KYOHWASO
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)  # Enter adds it

    made = interview.made[-1]
    assert isinstance(made, NewFacility)
    assert made.reference_id == JONGO_RI and made.facility_type is FacilityType.KYOHWASO
    assert made.name == editor.combo.currentText()
    assert made.place is not None and made.place.reference_id == HOERYONG
    new_id = interview.facilities[-1][0]
    assert seen == [FacilityValue(facility_id=new_id)]
    assert editor.field.text() == ""


def test_the_facility_types_are_those_the_question_allows(
    make: Callable[..., AnswerEditor],
) -> None:
    editor = facility_editor(make, facility_types=["kuryujang", "other"])
    names = [editor.type_box.itemText(i) for i in range(editor.type_box.count())]
    reference = editor.context.reference
    assert names == ["Type…", *(reference.get(t).name.en for t in ("kuryujang", "other"))]


def test_adding_waits_for_the_worker_and_survives_a_closed_editor(
    make: Callable[..., AnswerEditor], qtbot: QtBot, interview: Interview
) -> None:
    interview.hold = True
    editor = facility_editor(make)
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "어느 보위부 감방")
    editor.type_box.setCurrentIndex(editor.type_box.findData(FacilityType.KURYUJANG))
    editor.add()
    assert editor.status.text() == "Adding…" and not editor.add_button.isEnabled()
    assert seen == []
    interview.waiting.pop()()
    assert seen == [FacilityValue(facility_id=interview.facilities[-1][0])]
    assert editor.add_button.isEnabled() and editor.status.text() == ""

    other = facility_editor(make)
    type_into(qtbot, other.field, "또 다른 곳")
    other.type_box.setCurrentIndex(other.type_box.count() - 1)
    other.add()
    other.deleteLater()
    qtbot.waitUntil(lambda: not interview.waiting or _gone(other))
    interview.waiting.pop()()  # done() after the editor is gone: no crash, nothing emitted


def _gone(widget: object) -> bool:
    import shiboken6

    return not shiboken6.isValid(widget)


def test_a_failed_addition_says_so(
    make: Callable[..., AnswerEditor], qtbot: QtBot, interview: Interview
) -> None:
    editor = facility_editor(make)
    editor.context = type(editor.context)(
        reference=editor.context.reference, create_facility=lambda _new, done: done(None)
    )
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "x")
    editor.type_box.setCurrentIndex(editor.type_box.count() - 1)
    editor.add()
    assert seen == [] and editor.status.text() == "It could not be added. Try again."
    assert editor.field.text() == "x"


def test_the_field_finds_agencies_too(qtbot: QtBot) -> None:
    from app.reference import ReferenceKind, default_reference
    from ui.editors.reference_field import ReferenceField

    field = ReferenceField(default_reference(), (ReferenceKind.AGENCIES,))
    qtbot.addWidget(field)
    field.show()
    type_into(qtbot, field, "bowibu")
    assert field.offered_ids()[0] == "ag.mss"
    field.pick("ag.mss")
    assert field.link is not None and field.link.entry_id == "ag.mss"
    assert field.text() == "국가보위성"


def test_offers_wait_for_a_pause_with_nothing_being_composed(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    """Seen with ibus-hangul on a real display: the offers were refilled and popped up at
    each committed syllable, the input method started the next syllable over, and 회령
    was recorded as "회려ㅇ". ibus commits a syllable and starts the next in two events,
    as here; the offers now come only after a pause with nothing being composed."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    editor = place_editor(make)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    field = editor.field
    field.setFocus()
    popup = field.completer_.popup()

    def method(commit: str, preedit: str) -> None:
        event = QInputMethodEvent(preedit, [])
        event.setCommitString(commit)
        QApplication.sendEvent(field, event)

    method("", "회")
    method("회", "")  # the syllable committed…
    assert not popup.isVisible()
    method("", "려")  # …and the next begun, in a second event
    qtbot.wait(2 * OFFER_DELAY_MS)  # a pause in the middle of a word
    assert not popup.isVisible()
    method("령", "")  # the last syllable committed (a space, Tab, Shift+Space)
    assert not popup.isVisible()
    qtbot.waitUntil(popup.isVisible, timeout=5 * OFFER_DELAY_MS)
    assert field.text() == "회령"
    assert field.offered_ids()[0] == HOERYONG


def test_a_new_facility_has_no_type_until_the_interviewer_chooses_one(
    make: Callable[..., AnswerEditor], qtbot: QtBot, interview: Interview
) -> None:
    """Seen on a real display: a new facility was a political prison camp (관리소) unless
    the interviewer noticed and changed it. The type is a fact the witness gives."""
    editor = facility_editor(make)
    assert editor.type_box.currentData() is None
    type_into(qtbot, editor.field, "어느 보위부 감방")
    editor.add()
    assert interview.made == []
    assert editor.status.text() == "Choose the type of facility first (Other if it is not known)."
    editor.type_box.setCurrentIndex(editor.type_box.findData(FacilityType.KURYUJANG))
    editor.add()
    made = interview.made[-1]
    assert isinstance(made, NewFacility) and made.facility_type is FacilityType.KURYUJANG


def test_a_question_that_allows_one_type_starts_with_it(
    make: Callable[..., AnswerEditor],
) -> None:
    editor = facility_editor(make, facility_types=["jipkyulso"])
    assert editor.type_box.currentData() == FacilityType.JIPKYULSO
