"""Wording rules for questions read out to a witness: the forms that weaken testimony.

`check` applies them to every question of a file with a `plan` (an instrument) except the
checklists the interviewer ticks without reading them out. A rule that fires on purpose is
accepted on that question with `accept: [rule]`, and the guidance should say why
(docs/questionnaire-format.md, "Wording").

The patterns are deliberately few and literal: a flag is a prompt to re-read the text
aloud, not a proof. Each rule has Korean and English patterns; either language fires it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.questionnaire.model import Funnel, Question, QuestionType

CLOSED = frozenset({QuestionType.YES_NO, QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})


@dataclass(frozen=True)
class WordingRule:
    id: str
    message: str
    ko: tuple[re.Pattern[str], ...]
    en: tuple[re.Pattern[str], ...]
    closed_only: bool
    """Applies to closed questions only (an open invitation cannot be answered backwards)."""


def _all(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


RULES: tuple[WordingRule, ...] = (
    WordingRule(
        "negative",
        "a negatively framed closed question: in Korean 「네」 confirms the negative, so the "
        "answer is easily recorded backwards; ask the positive form",
        _all(
            r"(없었|않았|않으셨|못했|못하셨|못하였|아니었)(습니까|나요|어요|지요)\s*\??\s*$",
            r"(없|않|못하)(습니까|나요)\s*\??\s*$",
        ),
        _all(
            r"\b(were|was|did|do|does|could|can|have|had|is|are)(n't| not) "
            r"(you|they|he|she|it|there|anyone|people)\b",
            r"\b(were|was|are|is) (you|they|he|she|it|people) (unable|never)\b",
        ),
        closed_only=True,
    ),
    WordingRule(
        "double",
        "two questions in one: a single answer cannot say which part it answers; split it",
        _all(r"\?.*\?", r"(었고|았고|였고|셨고),?\s.*(습니까|나요)\s*\?\s*$"),
        _all(
            r"\?.*\?",
            r", and (were|was|did|do|does|could|can|have|had|is|are)\b",
        ),
        closed_only=True,
    ),
    WordingRule(
        "presupposing",
        "the question assumes the harm it asks about (beating, torture, rape); ask what "
        "happened and let the witness name it",
        _all(r"때리는|때린|때렸을|구타|고문을? 당|강간|성폭행을? 당"),
        _all(r"\b(beat|beaten|beating|beatings|tortured|torturing|raped|rape)\b"),
        closed_only=False,
    ),
)

RULE_IDS = frozenset(rule.id for rule in RULES)


def wording_flags(question: Question) -> list[tuple[WordingRule, str]]:
    """The rules `question` breaks and have not been accepted on it, with the language."""
    if question.funnel is Funnel.CHECKLIST:
        return []
    closed = question.type in CLOSED
    flags: list[tuple[WordingRule, str]] = []
    for rule in RULES:
        if rule.id in question.accept or (rule.closed_only and not closed):
            continue
        for language, patterns in (("ko", rule.ko), ("en", rule.en)):
            text = question.text.get(language)
            if any(pattern.search(text) for pattern in patterns):
                flags.append((rule, language))
                break
    return flags
