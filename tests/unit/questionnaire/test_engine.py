"""The engine on a small questionnaire: what is shown, progress, hidden answers, orphans,
repeat instances, constraints, evidence, coverage and what to ask next."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import uuid4

import pytest

from app.domain import Answer, ElementTag
from app.domain.answers import (
    ChoiceValue,
    DeclinedValue,
    MultiChoiceValue,
    NumberValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.questionnaire import Status, coverage, evaluate, suggest

from .conftest import HEADER

TEXT = (
    HEADER
    + """\
sections:
  - id: path
    title: {ko: "경로", en: "Path"}
    items:
      - id: path.held
        type: multi_choice
        required: true
        text: {ko: "어디에 구금되었습니까?", en: "Where were you held?"}
        choices:
          - {id: kyohwaso, text: {ko: "교화소", en: "Ordinary prison camp"}}
          - {id: kwanliso, text: {ko: "관리소", en: "Political prison camp"}}
          - {id: none, text: {ko: "없음", en: "Nowhere"}}
  - id: camp
    title: {ko: "수용소", en: "Camp"}
    relevant: "answered(path.held) and 'none' not in path.held"
    items:
      - id: camp.stay
        type: group
        repeat: true
        min: 1
        title: {ko: "시설", en: "Facility"}
        items:
          - id: camp.type
            type: single_choice
            required: true
            text: {ko: "어떤 시설이었습니까?", en: "What kind of facility was it?"}
            elements: [CAH.7.1.e.1]
            choices:
              - {id: kyohwaso, text: {ko: "교화소", en: "Ordinary prison camp"}}
              - {id: kwanliso, text: {ko: "관리소", en: "Political prison camp"}}
          - id: camp.trial
            type: yes_no
            text: {ko: "재판을 받았습니까?", en: "Were you tried?"}
            elements: [CAH.7.1.e.2]
            evidence_when: "value == 'no'"
          - id: camp.days
            type: number
            text: {ko: "며칠 있었습니까?", en: "How many days were you there?"}
            constraint: "value >= 1 and value <= 20000"
            constraint_message: {ko: "1에서 20000 사이", en: "between 1 and 20000"}
          - id: camp.beaten
            type: yes_no
            text: {ko: "맞았습니까?", en: "Were you beaten?"}
            elements: [CAH.7.1.f.1]
            minutes: 1
          - id: camp.how
            type: long_text
            relevant: "camp.beaten == 'yes'"
            text: {ko: "설명해 주십시오.", en: "Please describe it."}
            elements: [CAH.7.1.f.1, CAH.7.1.f.2]
            minutes: 5
          - id: camp.guard
            type: group
            repeat: true
            relevant: "camp.beaten == 'yes'"
            title: {ko: "가해자", en: "Perpetrator"}
            items:
              - id: camp.guard.rank
                type: short_text
                text: {ko: "계급", en: "Rank"}
              - id: camp.guard.superior_knew
                type: yes_no
                text: {ko: "상급자가 알았습니까?", en: "Did a superior know?"}
                elements: [MOL.28.b.3]
  - id: politics
    title: {ko: "정치범", en: "Political cases"}
    relevant: "any(camp.type == 'kwanliso')"
    items:
      - id: politics.family
        type: yes_no
        text: {ko: "가족도 함께 보내졌습니까?", en: "Was your family sent too?"}
        elements: [CAH.7.1.a.1]
"""
)


@dataclass(frozen=True)
class Element:
    id: str
    importance: int


CATALOGUE = [
    Element("CAH.7.1.a.1", 3),
    Element("CAH.7.1.e.1", 3),
    Element("CAH.7.1.e.2", 2),
    Element("CAH.7.1.f.1", 3),
    Element("CAH.7.1.f.2", 2),
    Element("MOL.28.b.3", 1),
]
INTERVIEW = uuid4()


def answer(question: str, value, position: str = "") -> Answer:
    return Answer(interview_id=INTERVIEW, question_id=question, position=position, value=value)


def yes(question: str, position: str = "") -> Answer:
    return answer(question, TriStateValue(value=TriState.YES), position)


def no(question: str, position: str = "") -> Answer:
    return answer(question, TriStateValue(value=TriState.NO), position)


@pytest.fixture
def questionnaire(check):
    result = check(TEXT)
    assert result.ok, [str(p) for p in result.problems]
    return result.questionnaire


def shown(evaluation) -> list[tuple[str, str]]:
    return [(slot.id, slot.position) for slot in evaluation.visible_questions()]


def test_nothing_answered_shows_the_screening_question_only(questionnaire) -> None:
    evaluation = evaluate(questionnaire, [])
    assert shown(evaluation) == [("path.held", "")]
    assert [slot.id for slot in evaluation.required_missing] == ["path.held"]
    progress = {p.section.id: p for p in evaluation.progress}
    assert progress["path"].shown == 1 and progress["path"].answered == 0
    assert progress["camp"].shown == 0 and progress["camp"].fraction == 1.0


def test_a_minimum_of_one_instance_opens_the_group(questionnaire) -> None:
    evaluation = evaluate(
        questionnaire, [answer("path.held", MultiChoiceValue(choices=["kyohwaso"]))]
    )
    assert shown(evaluation) == [
        ("path.held", ""),
        ("camp.type", "camp.stay#0"),
        ("camp.trial", "camp.stay#0"),
        ("camp.days", "camp.stay#0"),
        ("camp.beaten", "camp.stay#0"),
    ]
    assert [s.position for s in evaluation.required_missing] == ["camp.stay#0"]
    camp = next(p for p in evaluation.progress if p.section.id == "camp")
    assert camp.minutes_left == Decimal("0.5") * 3 + 1


def test_instances_nested_and_conditions_per_instance(questionnaire) -> None:
    answers = [
        answer("path.held", MultiChoiceValue(choices=["kyohwaso", "kwanliso"])),
        answer("camp.type", ChoiceValue(choice="kyohwaso"), "camp.stay#0"),
        yes("camp.beaten", "camp.stay#0"),
        answer("camp.guard.rank", TextValue(text="대위"), "camp.stay#0/camp.guard#1"),
        answer("camp.type", ChoiceValue(choice="kwanliso"), "camp.stay#1"),
        no("camp.beaten", "camp.stay#1"),
    ]
    evaluation = evaluate(questionnaire, answers)
    visible = shown(evaluation)
    assert ("camp.how", "camp.stay#0") in visible
    assert ("camp.how", "camp.stay#1") not in visible
    assert ("camp.guard.rank", "camp.stay#0/camp.guard#0") in visible
    assert ("camp.guard.superior_knew", "camp.stay#0/camp.guard#1") in visible
    assert evaluation.instances("camp.guard", (0,)) == 2
    assert evaluation.instances("camp.guard", (1,)) == 0
    assert ("politics.family", "") in visible  # any() found the kwanliso instance


def test_changing_an_earlier_answer_hides_later_ones_but_keeps_them(questionnaire) -> None:
    answers = [
        answer("path.held", MultiChoiceValue(choices=["kyohwaso"])),
        yes("camp.beaten", "camp.stay#0"),
        answer("camp.how", TextValue(text="매일 맞았습니다."), "camp.stay#0"),
    ]
    assert ("camp.how", "camp.stay#0") in shown(evaluate(questionnaire, answers))
    answers[0] = answer("path.held", MultiChoiceValue(choices=["none"]))
    evaluation = evaluate(questionnaire, answers)
    assert shown(evaluation) == [("path.held", "")]
    assert sorted((s.id, s.position) for s in evaluation.hidden_answers) == [
        ("camp.beaten", "camp.stay#0"),
        ("camp.how", "camp.stay#0"),
    ]
    assert evaluation.answer("camp.how", (0,)) is not None


def test_answers_that_no_longer_fit_are_orphans(questionnaire) -> None:
    answers = [
        answer("path.held", MultiChoiceValue(choices=["kyohwaso"])),
        answer("camp.old_question", TextValue(text="x"), "camp.stay#0"),
        answer("camp.type", ChoiceValue(choice="kyohwaso")),  # outside its group
        answer("camp.days", TextValue(text="many"), "camp.stay#0"),  # wrong type
    ]
    reasons = sorted(orphan.reason for orphan in evaluate(questionnaire, answers).orphans)
    assert reasons == [
        "the answer's type does not fit the question",
        "the questionnaire has no such question",
        "the repeat position does not fit the question",
    ]


def test_constraints_warn_but_keep_the_answer(questionnaire) -> None:
    answers = [
        answer("path.held", MultiChoiceValue(choices=["kyohwaso"])),
        answer("camp.days", NumberValue(value=Decimal(0)), "camp.stay#0"),
        answer("camp.days", NumberValue(value=Decimal(30)), "camp.stay#1"),
        answer("camp.days", DeclinedValue(), "camp.stay#2"),
    ]
    evaluation = evaluate(questionnaire, answers)
    assert [(v.slot.position) for v in evaluation.violations] == ["camp.stay#0"]
    assert evaluation.answer("camp.days", (0,)) is not None


def test_evidence_default_and_evidence_when(questionnaire) -> None:
    answers = [
        answer("path.held", MultiChoiceValue(choices=["kyohwaso"])),
        no("camp.trial", "camp.stay#0"),
        yes("camp.trial", "camp.stay#1"),
        no("camp.beaten", "camp.stay#0"),
        answer("camp.beaten", DeclinedValue(), "camp.stay#1"),
    ]
    evidence = [(s.id, s.position) for s, _ in evaluate(questionnaire, answers).evidence]
    assert evidence == [("camp.trial", "camp.stay#0")]


def test_coverage_statuses_and_tags(questionnaire) -> None:
    answers = [
        answer("path.held", MultiChoiceValue(choices=["kyohwaso"])),
        answer("camp.type", ChoiceValue(choice="kyohwaso"), "camp.stay#0"),
    ]
    tag = ElementTag(
        interview_id=INTERVIEW, element_id="MOL.28.b.3", segment_id=uuid4(), start=0, end=5
    )
    result = coverage(evaluate(questionnaire, answers), CATALOGUE, [tag])
    status = {e.element_id: e.status for e in result.elements}
    assert status == {
        "CAH.7.1.a.1": Status.GAP,
        "CAH.7.1.e.1": Status.COVERED,
        "CAH.7.1.e.2": Status.OPEN,
        "CAH.7.1.f.1": Status.OPEN,
        "CAH.7.1.f.2": Status.GAP,
        "MOL.28.b.3": Status.COVERED,
    }
    assert result.of("MOL.28.b.3").tags == (tag,)
    assert result.of("CAH.7.1.f.2").questions == ("camp.how",)


def test_suggestions_rank_importance_per_minute_within_the_time_left(questionnaire) -> None:
    answers = [
        answer("path.held", MultiChoiceValue(choices=["kyohwaso"])),
        yes("camp.beaten", "camp.stay#0"),
    ]
    evaluation = evaluate(questionnaire, answers)
    covered = coverage(evaluation, CATALOGUE)
    # f.1 is covered by the "yes"; open: e.1 (type, 0.5 min), e.2 (trial, 0.5), f.2 (how, 5)
    picks = suggest(evaluation, covered, minutes_left=2)
    assert [(s.slot.id, s.elements) for s in picks] == [
        ("camp.type", ("CAH.7.1.e.1",)),
        ("camp.trial", ("CAH.7.1.e.2",)),
    ]
    picks = suggest(evaluation, covered, minutes_left=10)
    assert [s.slot.id for s in picks][-1] == "camp.how"
    assert suggest(evaluation, covered, minutes_left=0) == []


def test_added_instances_open_without_answers(questionnaire) -> None:
    answers = [answer("path.held", MultiChoiceValue(choices=["kyohwaso"]))]
    evaluation = evaluate(questionnaire, answers, added_instances={("camp.stay", ""): 3})
    assert evaluation.instances("camp.stay") == 3
    assert ("camp.type", "camp.stay#2") in shown(evaluation)
