"""The interview's sequence, as `suggest()` must respect it in a questionnaire with a plan.

A trained interviewer does not jump to a 30-second closed question because it is cheap:
modules come in the plan's order, each topic opens with its narrative, and a sensitive
question is asked in its place or not at all. `in_sequence` turns the open questions that
could cover something into the candidates that keep to that order.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.questionnaire.engine import Evaluation, Slot
from app.questionnaire.model import Funnel, Question
from app.questionnaire.structure import NodeKind


def in_sequence(
    evaluation: Evaluation, slots: Iterable[Slot]
) -> list[tuple[Slot, tuple[str, ...]]]:
    """Each candidate with the elements proposing it may lead to, all from the earliest
    module that still has something to cover. Without a plan, every slot stands for
    itself, as before."""
    questionnaire = evaluation.questionnaire
    plan = questionnaire.file.plan
    wanted = list(slots)
    if plan is None:
        return [(slot, tuple(slot.node.question.elements)) for slot in wanted]
    rank = {module.id: index for index, module in enumerate(plan.modules)}
    structure = questionnaire.structure

    def module_of(slot: Slot) -> int:
        section = structure.nodes[slot.node.section].item
        return rank.get(getattr(section, "module", None) or "", 0)

    current = min((module_of(slot) for slot in wanted), default=0)
    answered = {(slot.id, slot.indices) for slot in evaluation.visible_questions()} - {
        (slot.id, slot.indices) for slot in evaluation.unanswered()
    }
    chosen: dict[tuple[str, tuple[int, ...]], tuple[Slot, list[str]]] = {}
    for slot in wanted:
        if module_of(slot) != current:
            continue
        lead = _narrative_first(evaluation, slot, answered)
        if _sensitive(evaluation, lead) and not _next_in_section(evaluation, lead, answered):
            continue
        key = (lead.id, lead.indices)
        entry = chosen.setdefault(key, (lead, []))
        entry[1].extend(slot.node.question.elements)
    return [(slot, tuple(elements)) for slot, elements in chosen.values()]


def _sensitive(evaluation: Evaluation, slot: Slot) -> bool:
    section = evaluation.questionnaire.structure.nodes[slot.node.section].item
    return slot.node.question.sensitive or bool(getattr(section, "sensitive", False))


def _next_in_section(
    evaluation: Evaluation, slot: Slot, answered: set[tuple[str, tuple[int, ...]]]
) -> bool:
    """Every question shown before it in its section is answered."""
    for other in evaluation.visible_questions():
        if other.node.section != slot.node.section:
            continue
        if other == slot:
            return True
        if (other.id, other.indices) not in answered:
            return False
    return False


def _narrative_first(
    evaluation: Evaluation, slot: Slot, answered: set[tuple[str, tuple[int, ...]]]
) -> Slot:
    """The slot itself, or the unanswered narrative that opens its topic."""
    question = slot.node.question
    if question.funnel in (None, Funnel.NARRATIVE) or slot.node.parent is None:
        return slot
    structure = evaluation.questionnaire.structure
    for sibling_id in structure.children.get(slot.node.parent, []):
        sibling = structure.nodes[sibling_id]
        if sibling.kind is not NodeKind.QUESTION:
            continue
        item = sibling.item
        assert isinstance(item, Question)
        if item.funnel is Funnel.NARRATIVE:
            lead = Slot(sibling, slot.indices[: len(sibling.scope)])
            if (lead.id, lead.indices) in answered or not evaluation.is_visible(
                lead.id, lead.indices
            ):
                return slot
            return lead
    return slot
