"""Small things on the session screen: a pause says how long it has lasted and that the
clock is stopped; the sections' names are shown whole in a narrow list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain import Pause, PauseReason, Session
from app.questionnaire import default_questionnaire, evaluate
from ui.desk.clock import SessionClock
from ui.desk.section_list import SECTION_ROLE, SectionList

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


class Frozen(datetime):
    @classmethod
    def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
        return NOW


def test_a_pause_says_how_long_it_has_lasted_and_that_the_clock_is_stopped(
    qtbot: QtBot,
) -> None:
    clock = SessionClock(now=Frozen)
    qtbot.addWidget(clock)
    started = NOW - timedelta(minutes=40)
    pause = Pause(started_at=NOW - timedelta(minutes=7), reason=PauseReason.BREAK)
    clock.set_session(Session(interview_id=uuid4(), number=1, started_at=started, pauses=[pause]))
    text = clock.state.text()
    assert "Break" in text and "0:07:00" in text and "stopped" in text


def test_the_section_names_are_shown_whole_in_a_narrow_list(qtbot: QtBot) -> None:
    questionnaire = default_questionnaire()
    sections = SectionList()
    qtbot.addWidget(sections)
    sections.resize(230, 700)
    sections.show()
    sections.fill(questionnaire)
    sections.show_progress(questionnaire, evaluate(questionnaire, [], {}))
    qtbot.waitUntil(lambda: sections.count() > 0)
    assert sections.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    for row in range(sections.count()):
        item = sections.item(row)
        rect = sections.visualItemRect(item)
        assert rect.width() <= sections.viewport().width()
        title = questionnaire.node(item.data(SECTION_ROLE)).item.title.en  # type: ignore[union-attr]
        assert item.toolTip() == title or item.data(Qt.ItemDataRole.ToolTipRole) == title


def test_a_new_facility_in_the_records_tab_has_no_type_until_one_is_chosen(
    qtbot: QtBot,
) -> None:
    from app.domain import Facility, FacilityType
    from ui.desk.facilities_tab import FacilitiesTab

    tab = FacilitiesTab()
    qtbot.addWidget(tab)
    tab.show()
    saved: list[Facility] = []
    tab.save_requested.connect(saved.append)
    assert tab.kind.currentData() is None
    tab.name.setText("전거리 교화소")
    tab.save()
    assert saved == []
    assert tab.problem.isVisible() and "type" in tab.problem.text()
    tab.kind.setCurrentIndex(tab.kind.findData(FacilityType.KYOHWASO.value))
    tab.save()
    assert [f.facility_type for f in saved] == [FacilityType.KYOHWASO]
    assert not tab.problem.isVisible()


def test_a_new_person_in_the_records_tab_has_no_role_until_one_is_chosen(
    qtbot: QtBot,
) -> None:
    """The role of a new person was preset to that of the last person shown (the trial of
    2026-12-06, m9): a victim could be recorded as a perpetrator by not looking."""
    from app.domain import Person, PersonRole
    from ui.desk.persons_tab import PersonsTab

    interview_id = uuid4()
    tab = PersonsTab(interview_id)
    qtbot.addWidget(tab)
    tab.show()
    officer = Person(role=PersonRole.PERPETRATOR, interview_id=interview_id, name="박철호")
    tab.set_records([officer])
    tab.show_record(officer.id)
    assert tab.role.currentData() == PersonRole.PERPETRATOR.value
    saved: list[Person] = []
    tab.save_requested.connect(saved.append)
    tab.clear_form()  # "New person"
    assert tab.role.currentData() is None
    tab.name.setText("큰언니")
    tab.save()
    assert saved == []
    assert tab.problem.isVisible() and "role" in tab.problem.text()
    tab.role.setCurrentIndex(tab.role.findData(PersonRole.VICTIM.value))
    tab.save()
    assert [p.role for p in saved] == [PersonRole.VICTIM]
    assert not tab.problem.isVisible()
