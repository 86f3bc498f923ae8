"""`check` on instruments (files with a plan): modules, funnels, screened narratives and
the wording rules, on small questionnaires written inline."""

from __future__ import annotations

import pytest

from tests.unit.questionnaire.conftest import HEADER

PLAN = """\
plan:
  interpretation_factor: 1.8
  modules:
    - {id: core, title: {ko: "핵심", en: "Core"}, budget: 100}
"""


def instrument(items: str, module: str = "core") -> str:
    return (
        HEADER
        + PLAN
        + f"""\
sections:
  - id: topic
    module: {module}
    title: {{ko: "주제", en: "Topic"}}
    items:
{items}"""
    )


NARRATIVE = """\
      - id: topic.account
        type: long_text
        funnel: narrative
        text: {ko: "있었던 일을 이야기해 주십시오.", en: "Please tell me what happened."}
"""


def codes(result) -> list[tuple[str, str | None]]:
    return [(problem.code, problem.item) for problem in result.problems]


def closed(text_ko: str, text_en: str, extra: str = "") -> str:
    return instrument(
        NARRATIVE
        + f"""\
      - id: topic.closed
        type: yes_no
        funnel: clarify
        text: {{ko: "{text_ko}", en: "{text_en}"}}
{extra}"""
    )


def test_a_clean_instrument_passes(check) -> None:
    result = check(
        closed("떠나고 싶을 때 떠날 수 있었습니까?", "Could you leave when you wanted to?")
    )
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.parametrize(
    ("rule", "ko", "en"),
    [
        ("negative", "그곳을 마음대로 떠날 수 없었습니까?", "Could you leave when you wanted to?"),
        ("negative", "떠날 수 있었습니까?", "Were you unable to leave when you wanted to?"),
        ("double", "누가 있었습니까? 모두 같은 대우를 받았습니까?", "Who was there?"),
        ("double", "누가 있었습니까?", "Who was there, and were they treated alike?"),
        ("presupposing", "조사하거나 때리는 자리에 상급자가 있었습니까?", "Was a superior there?"),
        ("presupposing", "상급자가 있었습니까?", "Was a superior there during the beatings?"),
    ],
)
def test_each_wording_rule_fires_in_either_language(check, rule: str, ko: str, en: str) -> None:
    result = check(closed(ko, en))
    assert codes(result) == [("wording", "topic.closed")]
    assert result.problems[0].message.startswith(rule)


def test_a_rule_is_accepted_on_the_question_and_checklists_are_never_read_out(check) -> None:
    accepted = closed(
        "떠날 수 없었습니까?", "Were you unable to leave?", "        accept: [negative]\n"
    )
    assert check(accepted).ok
    ticked = NARRATIVE + (
        "      - id: topic.coded\n"
        "        type: yes_no\n"
        "        funnel: checklist\n"
        '        text: {ko: "면담자: 구타가 있었음", en: "Interviewer: beatings described"}\n'
    )
    assert check(instrument(ticked)).ok
    open_question = NARRATIVE.replace("있었던 일을", "맞은 일을").replace(
        "what happened", "how they beat you"
    )
    assert codes(check(instrument(open_question))) == [
        ("wording", "topic.account")
    ]  # open, presupposing


def test_a_narrative_behind_a_yes_no_screen_is_flagged_but_not_behind_a_checklist(check) -> None:
    screened = """\
      - id: topic.screen
        type: yes_no
        text: {ko: "그곳에 계셨습니까?", en: "Were you there?"}
      - id: topic.account
        type: long_text
        relevant: "topic.screen == 'yes'"
        text: {ko: "이야기해 주십시오.", en: "Please tell me about it."}
"""
    assert codes(check(instrument(screened))) == [("screened-narrative", "topic.account")]
    coded = screened.replace("type: yes_no\n", "type: yes_no\n        funnel: checklist\n")
    assert "screened-narrative" not in {code for code, _ in codes(check(instrument(coded)))}


def test_funnel_order_and_modules(check) -> None:
    probe_first = (
        """\
      - id: topic.detail
        type: short_text
        funnel: probe
        text: {ko: "언제였습니까?", en: "When was it?"}
"""
        + NARRATIVE
    )
    found = codes(check(instrument(probe_first)))
    assert ("funnel", "topic.detail") in found and ("funnel", "topic.account") in found
    assert codes(check(instrument(NARRATIVE, module="elsewhere"))) == [("module", "topic")]


def test_the_rules_catch_the_bad_questions_the_review_found_in_1x() -> None:
    from app.questionnaire import legacy_questionnaire
    from app.questionnaire.wording import wording_flags

    legacy = legacy_questionnaire()
    flagged = {
        node.id: {rule.id for rule, _ in wording_flags(node.question)}
        for node in legacy.structure.questions()
    }
    assert "negative" in flagged["leaving.confined"]
    assert "double" in flagged["return.all_returnees"]
    assert "double" in flagged["leaving.pregnant_while_confined"]
    assert "presupposing" in flagged["interrogation.superiors_present"]
    assert "presupposing" in flagged["command.knew"]
    assert not flagged["detention.reason"]  # one of the review's good questions
    assert not flagged["trajectory.overview"]
    assert sum(1 for rules in flagged.values() if rules) < 20  # prompts, not noise
