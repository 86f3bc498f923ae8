"""Element coverage: for every legal element, what supports it so far, what could still,
and what to ask next when the two hours run short."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from app.domain import Answer, ElementTag
from app.questionnaire.engine import Evaluation, Slot
from app.questionnaire.prepared import Questionnaire
from app.questionnaire.sequence import in_sequence


class CatalogueElement(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def importance(self) -> int: ...


class Status(StrEnum):
    COVERED = "covered"
    """An answer or a transcript passage supports it."""
    OPEN = "open"
    """Nothing supports it yet, but a question shown now could."""
    GAP = "gap"
    """Nothing supports it and no question shown now could."""
    OUT_OF_SCOPE = "out_of_scope"
    """The questionnaire deliberately does not ask about it."""


@dataclass(frozen=True)
class ElementCoverage:
    element_id: str
    importance: int
    status: Status
    answers: tuple[tuple[Slot, Answer], ...] = ()
    tags: tuple[ElementTag, ...] = ()
    open_questions: tuple[Slot, ...] = ()
    """Questions shown and not answered yet that could support it."""
    questions: tuple[str, ...] = ()
    """Every question of the questionnaire that can support it, shown or not."""


@dataclass(frozen=True)
class Suggestion:
    slot: Slot
    minutes: Decimal
    elements: tuple[str, ...]
    """The uncovered elements the answer could cover."""


@dataclass
class Coverage:
    elements: list[ElementCoverage] = field(default_factory=list)

    def of(self, element_id: str) -> ElementCoverage:
        for element in self.elements:
            if element.element_id == element_id:
                return element
        raise KeyError(element_id)

    def with_status(self, status: Status) -> list[ElementCoverage]:
        return [element for element in self.elements if element.status is status]


def questions_by_element(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """Every element id the questionnaire asks about, with the questions that can cover it."""
    found: dict[str, list[str]] = {}
    for node in questionnaire.structure.questions():
        for element in node.question.elements:
            found.setdefault(element, []).append(node.id)
    return found


def coverage(
    evaluation: Evaluation,
    catalogue: Iterable[CatalogueElement],
    tags: Sequence[ElementTag] = (),
) -> Coverage:
    """The coverage of every element of `catalogue`, in its order."""
    questionnaire = evaluation.questionnaire
    by_element = questions_by_element(questionnaire)
    out_of_scope = {entry.element for entry in questionnaire.file.out_of_scope}
    supported: dict[str, list[tuple[Slot, Answer]]] = {}
    for slot, answer in evaluation.evidence:
        for element in slot.node.question.elements:
            supported.setdefault(element, []).append((slot, answer))
    tagged: dict[str, list[ElementTag]] = {}
    for tag in tags:
        tagged.setdefault(tag.element_id, []).append(tag)
    waiting: dict[str, list[Slot]] = {}
    for slot in evaluation.unanswered():
        for element in slot.node.question.elements:
            waiting.setdefault(element, []).append(slot)
    result = Coverage()
    for item in catalogue:
        element_id = item.id
        answers = tuple(supported.get(element_id, ()))
        element_tags = tuple(tagged.get(element_id, ()))
        open_questions = tuple(waiting.get(element_id, ()))
        if answers or element_tags:
            status = Status.COVERED
        elif element_id in out_of_scope:
            status = Status.OUT_OF_SCOPE
        elif open_questions:
            status = Status.OPEN
        else:
            status = Status.GAP
        result.elements.append(
            ElementCoverage(
                element_id,
                item.importance,
                status,
                answers,
                element_tags,
                open_questions,
                tuple(by_element.get(element_id, ())),
            )
        )
    return result


def suggest(
    evaluation: Evaluation,
    covered: Coverage,
    minutes_left: Decimal | int | float,
    limit: int = 10,
) -> list[Suggestion]:
    """What to ask next: questions shown and unanswered, chosen greedily for the most
    importance of still-uncovered elements per minute, within `minutes_left`.

    In a questionnaire with a plan the interview's sequence comes first: a module is
    proposed only when every earlier module is done, a question of a funnel only once its
    narrative is answered (else the narrative is proposed in its place), and a sensitive
    question only when it is next in its section (`sequence.py`)."""
    budget = Decimal(str(minutes_left))
    importance: Mapping[str, int] = {
        element.element_id: element.importance
        for element in covered.elements
        if element.status is Status.OPEN
    }
    remaining = set(importance)
    candidates = in_sequence(
        evaluation,
        [
            slot
            for slot in evaluation.unanswered()
            if remaining.intersection(slot.node.question.elements)
        ],
    )
    chosen: list[Suggestion] = []
    while candidates and len(chosen) < limit:
        best: tuple[Decimal, int, Slot] | None = None
        for order, (slot, unlocks) in enumerate(candidates):
            question = slot.node.question
            gain = sum(importance[e] for e in set(unlocks) & remaining)
            minutes = question.estimated_minutes
            if gain == 0 or minutes > budget:
                continue
            score = Decimal(gain) / max(minutes, Decimal("0.25"))
            if best is None or score > best[0]:
                best = (score, order, slot)
        if best is None:
            break
        _, order, slot = best
        question = slot.node.question
        elements = tuple(e for e in dict.fromkeys(candidates[order][1]) if e in remaining)
        chosen.append(Suggestion(slot, question.estimated_minutes, elements))
        budget -= question.estimated_minutes
        remaining.difference_update(elements)
        candidates.pop(order)
    return chosen
