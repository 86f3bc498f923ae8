"""The coverage panel's plan line: core minutes left against the budget, then follow-up."""

from __future__ import annotations

from uuid import uuid4

from pytestqt.qtbot import QtBot

from app.domain import Answer
from app.domain.answers import TriState, TriStateValue
from app.legal import default_catalogue
from app.questionnaire import default_questionnaire, evaluate
from app.questionnaire.plan import minutes_left_by_module
from ui.desk.coverage_panel import CoveragePanel


def test_the_plan_line_shows_core_against_its_budget_and_the_follow_up(qtbot: QtBot) -> None:
    panel = CoveragePanel(default_catalogue())
    qtbot.addWidget(panel)
    assert panel.plan_line.isHidden()
    returned = Answer(
        interview_id=uuid4(),
        question_id="account.route_returned",
        value=TriStateValue(value=TriState.YES),
    )
    panel.show_plan(minutes_left_by_module(evaluate(default_questionnaire(), [returned])))
    text = panel.plan_line.text()
    assert not panel.plan_line.isHidden()
    assert "of 100 min left" in text or "100분 중" in text
    assert "~" in text.split("·")[-1]  # a follow-up module with minutes
    panel.clear()
    assert panel.plan_line.isHidden()


def test_follow_up_is_said_once(qtbot: QtBot) -> None:
    """The module titles begin with "Follow-up:" themselves: the line read "follow-up:
    Follow-up: kwanliso ~14, Follow-up: …" (seen in the screenshots)."""
    panel = CoveragePanel(default_catalogue())
    qtbot.addWidget(panel)
    returned = Answer(
        interview_id=uuid4(),
        question_id="account.route_returned",
        value=TriStateValue(value=TriState.YES),
    )
    panel.show_plan(minutes_left_by_module(evaluate(default_questionnaire(), [returned])))
    text = panel.plan_line.text().lower()
    assert text.count("follow-up") + text.count("후속") == 1, text
