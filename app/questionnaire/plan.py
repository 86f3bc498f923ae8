"""The plan of an instrument: how many minutes each module takes for a named answer
scenario, with interpretation, against the module's budget.

Scenarios are data (`<questionnaire>.scenarios.yaml` beside the questionnaire): the
routing answers a kind of witness gives (a typical returnee, a political case, …). The
engine evaluates them like a real interview and every question and note it shows is
counted at its `minutes` × the plan's interpretation factor, answered or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import yaml
from pydantic import Field, ValidationError

from app.domain import Answer
from app.domain.answers import (
    AnswerValue,
    ChoiceValue,
    MultiChoiceValue,
    NumberValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.domain.base import FrozenModel
from app.domain.bilingual import Bilingual
from app.questionnaire.engine import Evaluation, evaluate
from app.questionnaire.model import Note, QuestionType
from app.questionnaire.prepared import Questionnaire
from app.questionnaire.structure import NodeKind

SCENARIO_INTERVIEW = UUID(int=0)


class Scenario(FrozenModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Bilingual
    answers: dict[str, Any] = Field(default_factory=dict)
    """Question id (or `id@position`, e.g. `facility.detail.type@facility.detail#0`) → value."""
    instances: dict[str, int] = Field(default_factory=dict)
    """Repeat group id (or `id@enclosing position`) → instances opened."""


class ScenarioFile(FrozenModel):
    questionnaire: str
    scenarios: list[Scenario] = Field(min_length=1)


class ScenarioError(ValueError):
    """A scenario file that does not fit its questionnaire."""


@dataclass(frozen=True)
class ModulePlan:
    module: str
    minutes: Decimal
    """As written in the file, before interpretation."""
    interpreted: Decimal
    budget: Decimal | None

    @property
    def over(self) -> bool:
        return self.budget is not None and self.interpreted > self.budget


@dataclass(frozen=True)
class ScenarioPlan:
    scenario: Scenario
    modules: tuple[ModulePlan, ...]

    @property
    def over_budget(self) -> list[ModulePlan]:
        return [module for module in self.modules if module.over]


def scenarios_path(questionnaire_path: Path) -> Path:
    return questionnaire_path.with_name(questionnaire_path.stem + ".scenarios.yaml")


def load_scenarios(path: Path) -> ScenarioFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return ScenarioFile.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ScenarioError(f"{path}: {error}") from error


def plan(questionnaire: Questionnaire, scenarios: Iterable[Scenario]) -> list[ScenarioPlan]:
    layout = questionnaire.file.plan
    if layout is None:
        raise ScenarioError(f"{questionnaire.id} {questionnaire.version} has no `plan`")
    return [_plan_one(questionnaire, scenario) for scenario in scenarios]


def _plan_one(questionnaire: Questionnaire, scenario: Scenario) -> ScenarioPlan:
    layout = questionnaire.file.plan
    assert layout is not None
    answers = [_answer(questionnaire, scenario, key, raw) for key, raw in scenario.answers.items()]
    added: dict[tuple[str, str], int] = {}
    for key, count in scenario.instances.items():
        group, _, enclosing = key.partition("@")
        if group not in questionnaire.structure.nodes:
            raise ScenarioError(f"scenario {scenario.id}: no repeat group {group!r}")
        added[(group, enclosing)] = count
    evaluation = evaluate(questionnaire, answers, added)
    if evaluation.violations:
        raise ScenarioError(f"scenario {scenario.id}: an answer breaks a constraint")
    minutes: dict[str, Decimal] = {module.id: Decimal(0) for module in layout.modules}
    for slot in evaluation.slots:
        node = slot.node
        if node.kind is NodeKind.QUESTION:
            spent = node.question.estimated_minutes
        elif node.kind is NodeKind.NOTE:
            assert isinstance(node.item, Note)
            spent = node.item.minutes
        else:
            continue
        section = questionnaire.structure.nodes[node.section].item
        module = getattr(section, "module", None) or layout.modules[0].id
        minutes[module] = minutes.get(module, Decimal(0)) + spent
    factor = layout.interpretation_factor
    rows = tuple(
        ModulePlan(
            module.id,
            minutes[module.id],
            (minutes[module.id] * factor).quantize(Decimal("0.1")),
            module.budget,
        )
        for module in layout.modules
    )
    return ScenarioPlan(scenario, rows)


def _answer(questionnaire: Questionnaire, scenario: Scenario, key: str, raw: Any) -> Answer:
    question_id, _, position = key.partition("@")
    node = questionnaire.structure.nodes.get(question_id)
    if node is None or node.kind is not NodeKind.QUESTION:
        raise ScenarioError(f"scenario {scenario.id}: no question {question_id!r}")
    return Answer(
        interview_id=SCENARIO_INTERVIEW,
        question_id=question_id,
        position=position,
        value=_value(node.question.type, raw, scenario.id, question_id),
    )


def _value(kind: QuestionType, raw: Any, scenario: str, question: str) -> AnswerValue:
    if kind is QuestionType.YES_NO:
        text = {True: "yes", False: "no"}.get(raw, raw) if isinstance(raw, bool) else raw
        return TriStateValue(value=TriState(str(text)))
    if kind is QuestionType.SINGLE_CHOICE:
        return ChoiceValue(choice=str(raw))
    if kind is QuestionType.MULTI_CHOICE:
        if not isinstance(raw, list):
            raise ScenarioError(f"scenario {scenario}: {question} takes a list of choices")
        return MultiChoiceValue(choices=[str(choice) for choice in raw])
    if kind is QuestionType.NUMBER:
        return NumberValue(value=Decimal(str(raw)))
    return TextValue(text=str(raw))


@dataclass(frozen=True)
class ModuleLeft:
    """What the desk shows for one module during an interview."""

    module: str
    title: Bilingual
    minutes_left: Decimal
    """Of the questions shown and not answered, with interpretation."""
    budget: Decimal | None
    core: bool
    """The first module of the plan: the one the session is planned around."""


def minutes_left_by_module(evaluation: Evaluation) -> list[ModuleLeft]:
    """Minutes still planned per module (with interpretation), in the plan's order; empty
    for a questionnaire without a plan."""
    questionnaire = evaluation.questionnaire
    layout = questionnaire.file.plan
    if layout is None:
        return []
    left: dict[str, Decimal] = {module.id: Decimal(0) for module in layout.modules}
    for slot in evaluation.unanswered():
        section = questionnaire.structure.nodes[slot.node.section].item
        module = getattr(section, "module", None) or layout.modules[0].id
        left[module] = left.get(module, Decimal(0)) + slot.node.question.estimated_minutes
    factor = layout.interpretation_factor
    return [
        ModuleLeft(
            module.id,
            module.title,
            (left[module.id] * factor).quantize(Decimal(1)),
            module.budget,
            index == 0,
        )
        for index, module in enumerate(layout.modules)
    ]
