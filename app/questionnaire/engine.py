"""The questionnaire engine: given the answers so far, what is shown, what is still
required, how far each section has come, which answers break a constraint and which
answers are evidence for which legal elements.

Pure and fast: `evaluate()` is run again after every saved answer (the benchmark in
`benchmarks/questionnaire_benchmark.py` measures it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.domain import Answer
from app.questionnaire.answers import AnswerBook, Orphan, arrange, parse_position, position_key
from app.questionnaire.compile import Indices
from app.questionnaire.model import Group, Question
from app.questionnaire.prepared import Questionnaire
from app.questionnaire.structure import Node, NodeKind, Scope

NOT_EVIDENCE = frozenset({"declined", "unknown", "no"})


@dataclass(frozen=True)
class Slot:
    """One item in one repeat instance: what the desk shows as a row."""

    node: Node
    indices: Indices

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def position(self) -> str:
        return position_key(self.node.scope, self.indices)


@dataclass(frozen=True)
class Progress:
    section: Node
    shown: int
    """Questions shown (notes and groups are not counted)."""
    answered: int
    required_missing: int
    minutes_left: Decimal
    """Estimated minutes of the questions shown and not answered yet, with interpretation
    when the questionnaire's plan has an interpretation factor."""

    @property
    def fraction(self) -> float:
        return 1.0 if self.shown == 0 else self.answered / self.shown


@dataclass(frozen=True)
class Violation:
    slot: Slot
    question: Question


@dataclass
class Evaluation:
    questionnaire: Questionnaire
    book: AnswerBook
    visible: set[tuple[str, Indices]] = field(default_factory=set)
    counts: dict[tuple[str, Indices], int] = field(default_factory=dict)
    slots: list[Slot] = field(default_factory=list)
    """Everything shown, in the order of the questionnaire, instance after instance."""
    progress: list[Progress] = field(default_factory=list)
    required_missing: list[Slot] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    evidence: list[tuple[Slot, Answer]] = field(default_factory=list)
    unsourced: list[Slot] = field(default_factory=list)
    """Evidence answers without provenance, in a questionnaire whose plan requires it."""
    """Answers that count as evidence for the elements of their question."""
    hidden_answers: list[Slot] = field(default_factory=list)
    """Answers kept for questions that are no longer shown (an earlier answer changed)."""

    @property
    def orphans(self) -> list[Orphan]:
        return self.book.orphans

    def is_visible(self, node_id: str, indices: Indices = ()) -> bool:
        return (node_id, indices) in self.visible

    def answer(self, question_id: str, indices: Indices = ()) -> Answer | None:
        return self.book.answers.get((question_id, indices))

    def instances(self, group_id: str, indices: Indices = ()) -> int:
        """How many instances the repeat group has inside the instance `indices`."""
        return self.counts.get((group_id, indices), 0)

    def visible_questions(self) -> Iterator[Slot]:
        return (slot for slot in self.slots if slot.node.kind is NodeKind.QUESTION)

    def unanswered(self) -> Iterator[Slot]:
        return (s for s in self.visible_questions() if (s.id, s.indices) not in self.book.answers)


class _Context:
    """The answers as conditions see them: only answers to questions shown count."""

    def __init__(self, book: AnswerBook) -> None:
        self.book = book
        self.values: dict[tuple[str, Indices], Any] = {}
        self.counts: dict[tuple[str, Indices], int] = {}

    def value(self, question_id: str, indices: Indices) -> Any:
        return self.values.get((question_id, indices))

    def answered(self, question_id: str, indices: Indices) -> bool:
        return (question_id, indices) in self.values

    def count(self, group_id: str, indices: Indices) -> int:
        return self.counts.get((group_id, indices), 0)

    def positions(self, scope: Scope, prefix: Indices) -> Iterable[Indices]:
        if len(prefix) == len(scope):
            return (prefix,)
        found: list[Indices] = []
        for index in range(self.counts.get((scope[len(prefix)], prefix), 0)):
            found.extend(self.positions(scope, (*prefix, index)))
        return found


def evaluate(
    questionnaire: Questionnaire,
    answers: Iterable[Answer],
    added_instances: Mapping[tuple[str, str], int] | None = None,
) -> Evaluation:
    """Evaluate `questionnaire` on `answers`. `added_instances` maps (repeat group id,
    enclosing position key) to a number of instances the interviewer opened, which may
    have no answer yet."""
    book = arrange(questionnaire, answers)
    result = Evaluation(questionnaire, book)
    context = _Context(book)
    added = _added(questionnaire, added_instances or {})
    nodes = questionnaire.structure.nodes
    for node_id in questionnaire.order:
        node = nodes[node_id]
        parent = nodes[node.parent] if node.parent is not None else None
        relevant = questionnaire.relevant.get(node_id)
        for indices in context.positions(node.scope, ()):
            if (
                parent is not None
                and (parent.id, indices[: len(parent.scope)]) not in result.visible
            ):
                continue
            if relevant is not None and not relevant.fn(context, indices):
                continue
            key = (node_id, indices)
            result.visible.add(key)
            if key in book.values:
                context.values[key] = book.values[key]
            if node.is_repeat:
                assert isinstance(node.item, Group)
                minimum = node.item.min or 0
                opened = max(book.instances.get(key, 0), added.get(key, 0), minimum)
                context.counts[key] = opened
    result.counts = context.counts
    _collect(result, context)
    return result


def _added(questionnaire: Questionnaire, added: Mapping[tuple[str, str], int]) -> dict[Any, int]:
    converted: dict[tuple[str, Indices], int] = {}
    for (group_id, enclosing), count in added.items():
        if group_id not in questionnaire.structure.nodes:
            continue
        indices = tuple(index for _, index in parse_position(enclosing))
        converted[(group_id, indices)] = count
    return converted


def _collect(result: Evaluation, context: _Context) -> None:
    questionnaire = result.questionnaire
    book = result.book
    plan = questionnaire.file.plan
    needs_provenance = plan is not None and plan.provenance_required
    factor = plan.interpretation_factor if plan is not None else Decimal(1)
    for section in questionnaire.structure.sections():
        _walk(result, section, ())
    tallies: dict[str, list[Any]] = {
        s.id: [0, 0, 0, Decimal(0)] for s in questionnaire.structure.sections()
    }
    for slot in result.visible_questions():
        tally = tallies[slot.node.section]
        question = slot.node.question
        tally[0] += 1
        answer = book.answers.get((slot.id, slot.indices))
        if answer is None:
            tally[3] += question.estimated_minutes
            if question.required:
                tally[2] += 1
                result.required_missing.append(slot)
            continue
        tally[1] += 1
        value = book.values[(slot.id, slot.indices)]
        constraint = questionnaire.constraints.get(slot.id)
        if constraint is not None and value != "declined":
            if not constraint.fn(context, slot.indices):
                result.violations.append(Violation(slot, question))
        if question.elements and _is_evidence(result, slot, value, context):
            result.evidence.append((slot, answer))
            if needs_provenance and answer.provenance is None:
                result.unsourced.append(slot)
    for section in questionnaire.structure.sections():
        shown, answered, missing, minutes = tallies[section.id]
        minutes = (minutes * factor).quantize(Decimal("0.1")) if factor != 1 else minutes
        result.progress.append(Progress(section, shown, answered, missing, minutes))
    for key in book.answers:
        if key not in result.visible:
            result.hidden_answers.append(Slot(questionnaire.structure.nodes[key[0]], key[1]))


def _is_evidence(result: Evaluation, slot: Slot, value: Any, context: _Context) -> bool:
    if value == "declined":
        return False
    evidence_when = result.questionnaire.evidence.get(slot.id)
    if evidence_when is not None:
        return bool(evidence_when.fn(context, slot.indices))
    if value is None or value == () or (isinstance(value, str) and value in NOT_EVIDENCE):
        return False
    return not (isinstance(value, str) and not value.strip())


def _walk(result: Evaluation, node: Node, indices: Indices) -> None:
    if (node.id, indices) not in result.visible:
        return
    result.slots.append(Slot(node, indices))
    children = result.questionnaire.structure.children.get(node.id, [])
    nodes = result.questionnaire.structure.nodes
    if node.is_repeat:
        for index in range(result.counts.get((node.id, indices), 0)):
            for child in children:
                _walk(result, nodes[child], (*indices, index))
    else:
        for child in children:
            _walk(result, nodes[child], indices)
