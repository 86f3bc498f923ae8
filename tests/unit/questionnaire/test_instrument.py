"""Questionnaire 2.0 as an instrument: its plan fits, its topics are funnels, no account
hides behind a yes/no screen, sensitive items come only in sequence, and 1.x interviews
keep their version. The real files, catalogue and engine; no stubs."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from uuid import uuid4

import pytest

from app.domain import Answer
from app.domain.answers import ChoiceValue, MultiChoiceValue, TextValue, TriState, TriStateValue
from app.legal import default_catalogue
from app.questionnaire import (
    Status,
    coverage,
    default_questionnaire,
    evaluate,
    legacy_questionnaire,
    migrate_answers,
    questionnaire_for,
    suggest,
)
from app.questionnaire.model import FUNNEL_ORDER, Funnel, QuestionType
from app.questionnaire.plan import load_scenarios, plan, scenarios_path
from app.questionnaire.structure import NodeKind

INTERVIEW = uuid4()


@pytest.fixture(scope="module")
def q2():
    return default_questionnaire()


@pytest.fixture(scope="module")
def elements():
    return list(default_catalogue().elements.values())


def yes(question: str, position: str = "") -> Answer:
    return Answer(
        interview_id=INTERVIEW,
        question_id=question,
        position=position,
        value=TriStateValue(value=TriState.YES),
    )


def no(question: str) -> Answer:
    return Answer(
        interview_id=INTERVIEW, question_id=question, value=TriStateValue(value=TriState.NO)
    )


def text(question: str, words: str = "…", position: str = "") -> Answer:
    return Answer(
        interview_id=INTERVIEW, question_id=question, position=position, value=TextValue(text=words)
    )


def places(*kinds: str) -> Answer:
    return Answer(
        interview_id=INTERVIEW,
        question_id="account.route_places",
        value=MultiChoiceValue(choices=list(kinds)),
    )


def test_new_interviews_use_version_2_and_old_ones_keep_1x(q2) -> None:
    legacy = legacy_questionnaire()
    assert q2.id == legacy.id == "sillok.default"
    assert q2.version.startswith("2.") and legacy.version.startswith("1.")
    assert questionnaire_for("sillok.default", legacy.version) is legacy
    assert questionnaire_for("sillok.default", None) is legacy  # recorded before versions
    assert questionnaire_for("sillok.default", q2.version) is q2


def test_every_scenario_core_fits_its_budget_with_interpretation(q2) -> None:
    scenarios = load_scenarios(scenarios_path(q2.path)).scenarios
    assert {s.id for s in scenarios} >= {
        "typical_returnee",
        "political_case",
        "execution_witness",
        "all_no",
        "insider",
    }
    factor = q2.file.plan.interpretation_factor
    assert factor > 1
    for result in plan(q2, scenarios):
        core = next(row for row in result.modules if row.module == "core")
        assert core.budget == 100
        assert core.interpreted == (core.minutes * factor).quantize(Decimal("0.1"))
        assert Decimal(20) < core.interpreted <= core.budget, result.scenario.id
        assert not result.over_budget


def test_a_scenario_over_budget_is_reported(q2) -> None:
    scenarios = load_scenarios(scenarios_path(q2.path)).scenarios
    layout = q2.file.plan
    tight = layout.model_copy(
        update={"modules": [layout.modules[0].model_copy(update={"budget": Decimal(60)})]}
    )
    squeezed = replace(q2, file=q2.file.model_copy(update={"plan": tight}))
    over = {result.scenario.id for result in plan(squeezed, scenarios) if result.over_budget}
    assert "typical_returnee" in over and "all_no" not in over


def test_no_narrative_hides_behind_a_yes_no_screen(q2) -> None:
    structure = q2.structure
    for node in structure.questions():
        if node.question.type is not QuestionType.LONG_TEXT:
            continue
        for holder in (node, *structure.ancestors(node.id)):
            compiled = q2.relevant.get(holder.id)
            for name in compiled.depends_on if compiled else ():
                screen = structure.nodes[name]
                if screen.kind is NodeKind.QUESTION:
                    assert not (
                        screen.question.type is QuestionType.YES_NO
                        and screen.question.funnel is not Funnel.CHECKLIST
                    ), f"{node.id} is shown only after the yes/no {name}"


def test_every_topic_is_a_funnel_opening_with_a_narrative(q2) -> None:
    topics = 0
    for parent, children in q2.structure.children.items():
        roles = [
            q2.structure.nodes[c].question.funnel
            for c in children
            if q2.structure.nodes[c].kind is NodeKind.QUESTION
            and q2.structure.nodes[c].question.funnel is not None
        ]
        if not roles:
            continue
        topics += 1
        assert roles[0] is Funnel.NARRATIVE, parent
        ranks = [FUNNEL_ORDER[role] for role in roles]
        assert ranks == sorted(ranks), parent
    assert topics >= 15


def test_sexual_violence_is_asked_in_one_sensitive_module_only(q2) -> None:
    sections = {s.id: s.item for s in q2.structure.sections()}
    asking = {
        node.section
        for node in q2.structure.questions()
        if {"CAH.7.1.g1.2", "CAH.7.1.g6.1", "CAH.7.1.g6.2"} & set(node.question.elements)
    }
    assert asking == {"sexual_violence"}
    assert sections["sexual_violence"].sensitive
    assert sections["sexual_violence"].module == "sexual_violence"


def test_suggest_keeps_to_the_core_and_never_jumps_to_sensitive_items(q2, elements) -> None:
    # A returnee whose free narrative raised everything; ten minutes left, nothing else asked.
    answers = [
        text("account.overview"),
        yes("account.route_returned"),
        yes("account.route_officials"),
        yes("account.route_trafficking"),
        yes("account.route_sexual"),
        places("jipkyulso", "kyohwaso"),
    ]
    evaluation = evaluate(q2, answers)
    assert evaluation.is_visible("sexual_violence.consent")
    picks = suggest(evaluation, coverage(evaluation, elements), minutes_left=10, limit=20)
    assert picks
    modules = {q2.structure.nodes[pick.slot.node.section].item.module for pick in picks}
    assert modules == {"core"}
    for pick in picks:
        question = pick.slot.node.question
        assert not question.sensitive
        # a funnel question is proposed only after its narrative: here, the narratives
        assert question.funnel in (None, Funnel.NARRATIVE), pick.slot.id


def test_suggest_proposes_the_specialist_module_only_in_its_order(q2, elements) -> None:
    core_done = [
        text("account.overview"),
        yes("account.route_sexual"),
        no("account.route_returned"),
        no("account.route_officials"),
    ]
    evaluation = evaluate(q2, core_done)
    picks = suggest(evaluation, coverage(evaluation, elements), minutes_left=60, limit=30)
    ids = {pick.slot.id for pick in picks}
    assert not ids & {"sexual_violence.kind", "sexual_violence.in_custody"}
    consented = [
        *core_done,
        Answer(
            interview_id=INTERVIEW,
            question_id="sexual_violence.consent",
            value=ChoiceValue(choice="now"),
        ),
    ]
    evaluation = evaluate(q2, consented)
    picks = suggest(evaluation, coverage(evaluation, elements), minutes_left=60, limit=30)
    sensitive = [pick.slot.id for pick in picks if pick.slot.node.section == "sexual_violence"]
    assert "sexual_violence.kind" not in sensitive  # its narrative first
    assert all(q2.structure.nodes[i].question.funnel is Funnel.NARRATIVE for i in sensitive)


def test_walked_returnee_covers_the_same_core_elements(q2, elements) -> None:
    stay = "facility.stay#0"
    answers = [
        text("account.overview"),
        yes("account.route_returned"),
        places("jipkyulso", "rodong_danryeondae"),
        text("return.account", "도문에서 넘겨졌습니다."),
        Answer(
            interview_id=INTERVIEW,
            question_id="interrogation.treatment",
            value=MultiChoiceValue(choices=["blows", "stress_position"]),
        ),
        Answer(
            interview_id=INTERVIEW,
            question_id="holding.procedure",
            value=MultiChoiceValue(choices=["administrative"]),
        ),
        yes("detention.coded_labour"),
        text("facility.stay.work", "벽돌을 날랐습니다.", stay),
    ]
    evaluation = evaluate(q2, answers)
    assert not evaluation.orphans and not evaluation.violations
    status = {e.element_id: e.status for e in coverage(evaluation, elements).elements}
    assert status["CAH.7.1.c.1"] is Status.COVERED  # forced labour
    assert status["CAH.7.1.e.2"] is Status.COVERED  # no trial
    assert status["CAH.7.1.f.1"] is Status.COVERED  # treatment in interrogation
    assert status["CAH.7.1.a.1"] is Status.OPEN  # deaths not asked yet
    assert status["CAH.7.1.j.4"] is Status.OUT_OF_SCOPE
    assert not evaluation.is_visible("killing.account")


def test_migration_map_targets_questions_of_the_same_type(q2) -> None:
    migration = q2.file.migration
    assert migration is not None and migration.from_version.startswith("1.")
    legacy = legacy_questionnaire()
    assert migration.questions
    for old, new in migration.questions.items():
        before = legacy.structure.nodes[old].question
        after = q2.structure.nodes[new].question
        assert before.type is after.type, old
        if before.choices and after.choices:
            assert {c.id for c in before.choices} <= {c.id for c in after.choices}, old
    moved = migrate_answers(q2, [yes("consent.recording"), yes("trajectory.forced_return")])
    ids = [answer.question_id for answer in moved]
    assert ids[0] == migration.questions.get("consent.recording", "consent.recording")


def test_every_element_linked_answer_carries_provenance_or_is_listed(q2) -> None:
    from app.domain.answers import Confidence, Provenance
    from app.domain.dates import Precision
    from app.domain.sources import KnowledgeSource

    assert q2.file.plan.provenance_required
    sourced = text("return.account", "도문에서 넘겨졌습니다.").replace(
        provenance=Provenance(
            source=KnowledgeSource.EXPERIENCED,
            date_precision=Precision.SEASON,
            confidence=Confidence.CERTAIN,
        )
    )
    answers = [
        yes("account.route_returned"),
        places("jipkyulso"),  # element-linked, no provenance
        sourced,
        text("account.overview"),  # not linked to an element: needs none
    ]
    evaluation = evaluate(q2, answers)
    assert {slot.id for slot, _ in evaluation.evidence} == {
        "account.route_places",
        "return.account",
    }
    assert [slot.id for slot in evaluation.unsourced] == ["account.route_places"]
    # 1.x asked for sources as separate questions and never lists answers as unsourced
    legacy = evaluate(legacy_questionnaire(), [yes("trajectory.forced_return")])
    assert legacy.unsourced == []


def test_an_answer_without_provenance_serialises_as_before_the_field_existed() -> None:
    from app.domain.answers import Provenance
    from app.domain.sources import KnowledgeSource

    plain = text("return.account", "…")
    assert '"provenance"' not in plain.content_json()  # stored hashes of old answers hold
    assert Answer.model_validate_json(plain.content_json()) == plain
    heard = plain.replace(
        provenance=Provenance(source=KnowledgeSource.HEARD, heard_from="cellmate, 2015")
    )
    assert '"provenance":{' in heard.content_json()
    assert Answer.model_validate_json(heard.content_json()) == heard


def test_a_person_record_carries_identification_reliability_without_changing_old_bytes() -> None:
    from app.domain.people import Identification, IdentificationBasis, Person, PersonRole

    before = Person(role=PersonRole.PERPETRATOR, alias="담당 보위원")
    assert '"identification"' not in before.content_json()
    seen = before.replace(
        identification=Identification(
            basis=IdentificationBasis.SAW_OFTEN, distance="2 m", could_recognise=True
        )
    )
    assert '"basis":"saw_often"' in seen.content_json()
    assert Person.model_validate_json(seen.content_json()) == seen


def test_minutes_left_by_module_follow_the_plan_and_the_answers(q2) -> None:
    from app.questionnaire.plan import minutes_left_by_module

    routed = [yes("account.route_returned"), places("jipkyulso")]
    before = {row.module: row for row in minutes_left_by_module(evaluate(q2, routed))}
    assert list(before) == [module.id for module in q2.file.plan.modules]
    assert before["core"].core and before["core"].budget == 100
    assert not before["sexual_violence"].core and before["sexual_violence"].minutes_left > 0
    assert before["facility"].minutes_left > 0  # one place open from the start
    assert before["insider"].minutes_left == 0  # not shown for this witness
    told = minutes_left_by_module(evaluate(q2, [*routed, text("return.account")]))
    # the three-minute return narrative, with interpretation, is no longer left
    assert before["core"].minutes_left - told[0].minutes_left in (Decimal(5), Decimal(6))
    assert minutes_left_by_module(evaluate(legacy_questionnaire(), [])) == []


def test_walked_political_case_covers_persecution_disappearance_and_family_transfer(
    q2, elements
) -> None:
    relative = "disappeared.relative#0"
    answers = [
        text("account.overview"),
        no("account.route_returned"),
        yes("account.route_arrested_dprk"),
        places("kuryujang", "kwanliso"),
        yes("account.route_political"),
        yes("account.route_disappeared"),
        yes("account.route_officials"),
        text("interrogation.wanted_to_know", "남한 방송을 들었는지 물었습니다."),
        text("kwanliso.family", "어머니와 동생이 함께 보내졌습니다."),
        text("disappeared.relative.account", "밤에 보위부원들이 아버지를 데려갔습니다.", relative),
    ]
    evaluation = evaluate(q2, answers)
    assert not evaluation.orphans and not evaluation.violations
    for section in ("interrogation", "holding", "detention", "kwanliso", "disappeared"):
        assert evaluation.is_visible(section), section
    assert not evaluation.is_visible("return") and not evaluation.is_visible("killing")
    assert evaluation.instances("disappeared.relative") == 1
    status = {e.element_id: e.status for e in coverage(evaluation, elements).elements}
    assert status["CAH.7.1.h.3"] is Status.COVERED  # political grounds
    assert status["CAH.7.1.h.2"] is Status.COVERED  # the family sent with him
    assert status["CAH.7.1.i.1"] is Status.COVERED  # a relative taken
    assert status["MOL.28.b.3"] is Status.OPEN  # the official's reporting line, to ask


def test_walked_witness_of_a_public_execution(q2, elements) -> None:
    answers = [
        text("account.overview"),
        no("account.route_returned"),
        no("account.route_arrested_dprk"),
        places("none"),
        yes("account.route_killing"),
        text("killing.account", "장마당 옆 강변에서 세 사람이 총살되었습니다."),
        yes("killing.made_to_watch"),
    ]
    evaluation = evaluate(q2, answers)
    assert not evaluation.violations
    assert evaluation.is_visible("killing") and not evaluation.is_visible("facility")
    assert not evaluation.is_visible("sexual_violence")
    covered = coverage(evaluation, elements)
    status = {e.element_id: e.status for e in covered.elements}
    assert status["CAH.7.1.a.1"] is Status.COVERED
    assert status["CAH.7.1.k.1"] is Status.COVERED  # made to watch
    assert status["CAH.7.1.e.1"] is Status.GAP  # never held: nothing can show it
    assert status["MOL.25.3.b.1"] is Status.OPEN  # who decided it
    picks = suggest(evaluation, covered, minutes_left=10)
    assert "killing.announced" in {pick.slot.id for pick in picks}


def test_section_minutes_left_include_interpretation(q2) -> None:
    evaluation = evaluate(q2, [])
    consent = next(p for p in evaluation.progress if p.section.id == "consent")
    raw = sum(
        slot.node.question.estimated_minutes
        for slot in evaluation.unanswered()
        if slot.node.section == "consent"
    )
    assert consent.minutes_left == (raw * Decimal("1.8")).quantize(Decimal("0.1"))
