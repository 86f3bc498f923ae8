"""A repeat group reads as the interviewer expects: each instance's heading right above
its own questions, and "Add another" after the last instance (not between a heading and
its first question)."""

from __future__ import annotations

from uuid import uuid4

from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain import Answer, TriState, TriStateValue
from app.questionnaire import evaluate, legacy_questionnaire
from app.reference import default_reference
from ui.desk.question_panel import InstanceHeader, QuestionPanel, QuestionRow
from ui.editors import EditorContext, editor_for


def describe(widget: QWidget) -> str:
    if isinstance(widget, InstanceHeader):
        return f"header {widget.position}"
    if isinstance(widget, QuestionRow):
        return f"question {widget.key[1]}"
    if isinstance(widget, QPushButton):
        return "add"
    return "title"


def test_each_heading_sits_above_its_questions_and_add_comes_last(qtbot: QtBot) -> None:
    questionnaire = legacy_questionnaire()  # 1.x: the repeat group of disappeared relatives
    context = EditorContext(reference=default_reference())
    panel = QuestionPanel(lambda question, parent: editor_for(question, context, parent))
    qtbot.addWidget(panel)
    yes = Answer(
        interview_id=uuid4(),
        question_id="trajectory.relative_disappeared",
        position="",
        value=TriStateValue(value=TriState.YES),
    )
    evaluation = evaluate(questionnaire, [yes], {("disappeared.relative", ""): 2})
    panel.show_section("disappeared", evaluation, {})

    order = [describe(panel.widgets[key]) for key in panel.order]
    # collapse runs of the same question position: what a reader sees, block by block
    blocks = [item for i, item in enumerate(order) if i == 0 or item != order[i - 1]]
    first, second = "disappeared.relative#0", "disappeared.relative#1"
    assert blocks == [
        "title",  # the section's, then the group's
        f"header {first}",
        f"question {first}",
        f"header {second}",
        f"question {second}",
        "add",
        "question ",  # the question after the group
    ]
