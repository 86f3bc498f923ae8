"""What the evidence matrix shows for one interview: each legal element's coverage, and
how the witness knows what supports it (direct or hearsay).

The source of an answer is the answer to a `source` question whose `about` names its
question, in the same repeat instance (or an enclosing one); a source answer that is
itself evidence counts for itself; a transcript passage tagged with an element takes the
source recorded on the incident the tag points to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain import KnowledgeSource
from app.domain.answers import SourceValue
from app.legal import Catalogue
from app.questionnaire import Questionnaire, Status, coverage, evaluate
from app.reports.data import InterviewData

DIRECT = frozenset({KnowledgeSource.SAW, KnowledgeSource.EXPERIENCED})


class Knowledge(StrEnum):
    DIRECT = "direct"
    HEARSAY = "hearsay"
    MIXED = "mixed"
    """Direct for some supporting statements, hearsay for others."""
    DOCUMENT = "document"
    UNSTATED = "unstated"
    """Supported, but no source of knowledge was recorded."""


@dataclass(frozen=True)
class Cell:
    status: Status
    knowledge: Knowledge | None
    """For covered elements only."""
    supports: int
    """How many answers and tagged passages support the element."""


def knowledge_of(sources: Iterable[KnowledgeSource]) -> Knowledge:
    found = set(sources)
    direct = bool(found & DIRECT)
    hearsay = KnowledgeSource.HEARD in found
    if direct and hearsay:
        return Knowledge.MIXED
    if direct:
        return Knowledge.DIRECT
    if hearsay:
        return Knowledge.HEARSAY
    if KnowledgeSource.DOCUMENT in found:
        return Knowledge.DOCUMENT
    return Knowledge.UNSTATED


def source_questions(questionnaire: Questionnaire) -> dict[str, tuple[str, ...]]:
    """For each question, the source questions that qualify it."""
    found: dict[str, list[str]] = {}
    for node in questionnaire.structure.questions():
        for about in node.question.about or ():
            found.setdefault(about, []).append(node.id)
    return {question: tuple(sources) for question, sources in found.items()}


def cells(
    data: InterviewData,
    questionnaire: Questionnaire,
    catalogue: Catalogue,
    qualifiers: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, Cell]:
    """Each element id of `catalogue` with its cell for this interview. `qualifiers` is
    `source_questions(questionnaire)`, computed once for many interviews."""
    evaluation = evaluate(questionnaire, data.answers)
    covered = coverage(evaluation, catalogue.elements.values(), data.tags)
    if qualifiers is None:
        qualifiers = source_questions(questionnaire)
    incidents = {incident.id: incident for incident in data.incidents}
    result: dict[str, Cell] = {}
    for element in covered.elements:
        sources: list[KnowledgeSource] = []
        for slot, answer in element.answers:
            if isinstance(answer.value, SourceValue):
                sources.append(answer.value.source)
            for source_id in qualifiers.get(slot.id, ()):
                depth = len(questionnaire.node(source_id).scope)
                source = evaluation.answer(source_id, slot.indices[:depth])
                if source is not None and isinstance(source.value, SourceValue):
                    sources.append(source.value.source)
        for tag in element.tags:
            incident = incidents.get(tag.incident_id) if tag.incident_id else None
            if incident is not None and incident.source is not None:
                sources.append(incident.source)
        supports = len(element.answers) + len(element.tags)
        knowledge = knowledge_of(sources) if element.status is Status.COVERED else None
        result[element.element_id] = Cell(element.status, knowledge, supports)
    return result
