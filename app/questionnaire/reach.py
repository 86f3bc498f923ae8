"""Finding items that can never be shown: their conditions (with those of the groups and
section around them) are false for every possible combination of answers.

The search tries, for each question the conditions read, every answer it may have (each
choice, unanswered, and numbers around those the condition mentions), with one instance
per repeat group. Past `MAX_COMBINATIONS` it gives the benefit of the doubt.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from app.questionnaire.compile import Compiled, Indices
from app.questionnaire.model import QuestionType
from app.questionnaire.prepared import Questionnaire
from app.questionnaire.structure import NodeKind, Scope

MAX_COMBINATIONS = 20_000


class _Imagined:
    """An evaluation context over one imagined set of answers, one per question."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def value(self, question_id: str, indices: Indices) -> Any:
        return self.values.get(question_id)

    def answered(self, question_id: str, indices: Indices) -> bool:
        return self.values.get(question_id) is not None

    def count(self, group_id: str, indices: Indices) -> int:
        count: int = self.values.get(group_id, 0)
        return count

    def positions(self, scope: Scope, prefix: Indices) -> Iterable[Indices]:
        return [prefix + (0,) * (len(scope) - len(prefix))]


def unreachable(questionnaire: Questionnaire) -> list[str]:
    """The ids of the items that can never be shown (not those whose parent cannot)."""
    structure = questionnaire.structure
    impossible: set[str] = set()
    found: list[str] = []
    for node_id in questionnaire.order:
        node = structure.nodes[node_id]
        if node.parent is not None and node.parent in impossible:
            impossible.add(node_id)
            continue
        chain = [
            questionnaire.relevant[n.id]
            for n in (node, *structure.ancestors(node_id))
            if n.id in questionnaire.relevant
        ]
        if chain and not _satisfiable(questionnaire, chain, impossible):
            impossible.add(node_id)
            found.append(node_id)
    return sorted(found, key=lambda node_id: structure.nodes[node_id].order)


def _satisfiable(questionnaire: Questionnaire, chain: list[Compiled], impossible: set[str]) -> bool:
    read = sorted(set().union(*(compiled.depends_on for compiled in chain)))
    literals = [literal for compiled in chain for literal in compiled.literals]
    domains = [_domain(questionnaire, name, literals, impossible) for name in read]
    combinations = 1
    for domain in domains:
        combinations *= len(domain)
    if combinations > MAX_COMBINATIONS:
        return True
    zero = (0,) * 8
    for values in itertools.product(*domains):
        context = _Imagined(dict(zip(read, values, strict=True)))
        if all(compiled.fn(context, zero) for compiled in chain):
            return True
    return False


def _domain(
    questionnaire: Questionnaire, name: str, literals: list[str | Decimal], impossible: set[str]
) -> list[Any]:
    node = questionnaire.structure.nodes[name]
    numbers = sorted({n + step for n in literals if isinstance(n, Decimal) for step in (-1, 0, 1)})
    if node.kind is NodeKind.GROUP:
        counts = {0, 1, 2, *(int(n) for n in numbers if n >= 0)}
        return sorted(counts) if name not in impossible else [0]
    if name in impossible:
        return [None]
    question = node.question
    domain = question.value_domain()
    if question.type is QuestionType.MULTI_CHOICE and domain is not None:
        return [None, (), *((choice,) for choice in domain), tuple(domain)]
    if domain is not None:
        return [None, *domain]
    if question.type in (QuestionType.NUMBER, QuestionType.DURATION, QuestionType.DATE):
        return [None, Decimal(0), *numbers]
    return [None, "…", *_texts(literals)]


def _texts(literals: list[str | Decimal]) -> Iterator[str]:
    return (literal for literal in dict.fromkeys(literals) if isinstance(literal, str))
