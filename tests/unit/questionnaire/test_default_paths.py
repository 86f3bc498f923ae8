"""Questionnaire 1.x (interviews recorded under it keep it) on three accounts from the
reports: what the interviewer is shown, how far each section has come, and which legal
elements the answers cover.

The engine and the real questionnaire, catalogue and answers; no stubs.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from app.domain import Answer
from app.domain.answers import (
    ChoiceValue,
    MultiChoiceValue,
    NumberValue,
    SourceValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.domain.sources import KnowledgeSource
from app.legal import default_catalogue
from app.questionnaire import Status, coverage, evaluate, legacy_questionnaire, suggest

INTERVIEW = uuid4()


class Account:
    """The answers of one interview, written the way an interviewer would record them."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []

    def _add(self, question: str, value, position: str) -> Account:
        self.answers.append(
            Answer(interview_id=INTERVIEW, question_id=question, position=position, value=value)
        )
        return self

    def yes(self, question: str, position: str = "") -> Account:
        return self._add(question, TriStateValue(value=TriState.YES), position)

    def no(self, question: str, position: str = "") -> Account:
        return self._add(question, TriStateValue(value=TriState.NO), position)

    def choice(self, question: str, choice: str, position: str = "") -> Account:
        return self._add(question, ChoiceValue(choice=choice), position)

    def choices(self, question: str, *choices: str) -> Account:
        return self._add(question, MultiChoiceValue(choices=list(choices)), "")

    def text(self, question: str, text: str, position: str = "") -> Account:
        return self._add(question, TextValue(text=text), position)

    def number(self, question: str, number: int, position: str = "") -> Account:
        return self._add(question, NumberValue(value=Decimal(number)), position)


@pytest.fixture(scope="module")
def questionnaire():
    return legacy_questionnaire()


@pytest.fixture(scope="module")
def elements():
    return list(default_catalogue().elements.values())


def shown_sections(evaluation) -> set[str]:
    return {slot.id for slot in evaluation.slots if slot.node.kind == "section"}


def shown(evaluation) -> set[tuple[str, str]]:
    return {(slot.id, slot.position) for slot in evaluation.visible_questions()}


def progress_of(evaluation, section: str):
    return next(p for p in evaluation.progress if p.section.id == section)


ALWAYS = {"consent", "background", "trajectory", "exculpatory", "assessment", "closing"}


def test_returnee_sent_to_a_labour_training_camp(questionnaire, elements) -> None:
    stay = "detention.stay#0"
    account = (
        Account()
        .yes("trajectory.left_country")
        .yes("trajectory.forced_return")
        .number("trajectory.times_returned", 1)
        .no("trajectory.arrested_in_dprk")
        .choices("trajectory.places_held", "jipkyulso", "rodong_danryeondae")
        .no("trajectory.political_accusation")
        .no("trajectory.witnessed_killing")
        .no("trajectory.relative_disappeared")
        .no("trajectory.knows_officials")
        .choice("return.received_by", "bowibu")
        .yes("interrogation.by_bowibu")
        .yes("interrogation.mistreated")
        .no("trial.was_trial")
        .choice("trial.sentence", "rodong_danryeondae")
        .choice("detention.type", "rodong_danryeondae", stay)
        .yes("detention.labour.forced", stay)
        .text("detention.labour.describe", "새벽부터 밤까지 벽돌을 날랐습니다.", stay)
    )
    evaluation = evaluate(questionnaire, account.answers)
    sections = shown_sections(evaluation)
    assert sections == ALWAYS | {
        "leaving",
        "return",
        "interrogation",
        "holding",
        "trial",
        "detention",
    }
    visible = shown(evaluation)
    assert ("interrogation.methods", "") in visible
    assert ("detention.labour.sick_work", stay) in visible  # labour camp questions
    assert ("detention.kwanliso.family_sent", stay) not in visible
    assert ("trial.lawyer", "") not in visible  # there was no trial
    assert ("return.other_returns", "") not in visible  # returned once
    assert not evaluation.orphans and not evaluation.violations

    trajectory = progress_of(evaluation, "trajectory")
    assert (trajectory.shown, trajectory.answered) == (11, 9)  # overview and years left
    assert progress_of(evaluation, "executions").shown == 0

    covered = coverage(evaluation, elements)
    status = {e.element_id: e.status for e in covered.elements}
    assert status["CAH.7.1.c.1"] is Status.COVERED  # forced labour
    assert status["CAH.7.1.e.2"] is Status.COVERED  # no trial: the gravity of imprisonment
    assert status["CAH.7.1.f.1"] is Status.COVERED  # mistreated in interrogation
    assert status["CAH.7.1.a.1"] is Status.OPEN  # deaths in holding not asked yet
    assert status["CAH.7.1.j.4"] is Status.OUT_OF_SCOPE
    supporting = {slot.id for slot, _ in covered.of("CAH.7.1.e.2").answers}
    assert "trial.was_trial" in supporting


def test_political_case_ending_in_a_kwanliso(questionnaire, elements) -> None:
    stay, relative = "detention.stay#1", "disappeared.relative#0"
    account = (
        Account()
        .no("trajectory.left_country")
        .yes("trajectory.arrested_in_dprk")
        .choices("trajectory.places_held", "kuryujang", "kwanliso")
        .yes("trajectory.political_accusation")
        .no("trajectory.witnessed_killing")
        .yes("trajectory.relative_disappeared")
        .yes("trajectory.knows_officials")
        .choice("detention.type", "kuryujang", "detention.stay#0")
        .choice("detention.type", "kwanliso", stay)
        .yes("detention.kwanliso.family_sent", stay)
        .no("detention.kwanliso.trial", stay)
        .text("disappeared.how_taken", "밤에 보위부원들이 아버지를 데려갔습니다.", relative)
    )
    evaluation = evaluate(questionnaire, account.answers)
    sections = shown_sections(evaluation)
    assert {"leaving", "return", "executions"}.isdisjoint(sections)
    assert {"interrogation", "trial", "detention", "disappeared", "command"} <= sections
    visible = shown(evaluation)
    assert ("detention.kwanliso.family_account", stay) in visible
    assert ("detention.kwanliso.family_sent", "detention.stay#0") not in visible
    assert ("detention.labour.sick_work", stay) not in visible
    assert ("disappeared.family_told", relative) in visible
    assert evaluation.instances("detention.stay") == 2

    covered = coverage(evaluation, elements)
    status = {e.element_id: e.status for e in covered.elements}
    assert status["CAH.7.1.h.3"] is Status.COVERED  # political grounds
    assert status["CAH.7.1.i.1"] is Status.COVERED  # a relative taken
    assert status["CAH.7.1.h.2"] is Status.COVERED  # whole family sent
    assert status["CAH.7.1.e.2"] is Status.COVERED  # no trial for the kwanliso
    assert status["MOL.28.b.3"] is Status.OPEN  # officials section to ask


def test_witness_of_a_public_execution(questionnaire, elements) -> None:
    event = "executions.event#0"
    account = (
        Account()
        .yes("trajectory.left_country")
        .no("trajectory.forced_return")
        .no("trajectory.arrested_in_dprk")
        .choices("trajectory.places_held", "none")
        .no("trajectory.political_accusation")
        .yes("trajectory.witnessed_killing")
        .no("trajectory.relative_disappeared")
        .no("trajectory.knows_officials")
        .choice("executions.kind", "public_execution", event)
        .yes("executions.forced_watch", event)
        ._add("executions.source", SourceValue(source=KnowledgeSource.SAW), event)
    )
    evaluation = evaluate(questionnaire, account.answers)
    sections = shown_sections(evaluation)
    assert sections == ALWAYS | {"leaving", "executions"}
    visible = shown(evaluation)
    assert ("executions.forced_watch_account", event) in visible
    assert not any(question.startswith("detention.") for question, _ in visible)

    covered = coverage(evaluation, elements)
    status = {e.element_id: e.status for e in covered.elements}
    assert status["CAH.7.1.a.1"] is Status.COVERED
    assert status["CAH.7.1.k.1"] is Status.COVERED  # forced to watch
    assert status["CAH.7.1.e.1"] is Status.GAP  # never held: nothing can show it
    assert status["MOL.25.3.b.1"] is Status.OPEN  # who ordered it

    # Ten minutes left: the planner picks the most important uncovered ground per minute
    picks = suggest(evaluation, covered, minutes_left=10)
    assert picks and sum(pick.minutes for pick in picks) <= 10
    picked = {pick.slot.id for pick in picks}
    assert "executions.ordered_by" in picked or "executions.carried_out_by" in picked
    for pick in picks:
        assert all(status[element] is Status.OPEN for element in pick.elements)


def test_every_section_is_reachable_and_the_plan_fits_the_minutes(questionnaire) -> None:
    evaluation = evaluate(questionnaire, [])
    nothing_answered = sum(p.minutes_left for p in evaluation.progress)
    assert nothing_answered > 0
    assert {p.section.id for p in evaluation.progress} >= ALWAYS | {"detention", "command"}
