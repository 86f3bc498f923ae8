"""The questionnaires shipped with Sillok, by identity and major version.

An interview keeps the questionnaire version it was recorded under: its answers, its
statement and its coverage are always read with that version's file. New interviews use
the newest file. A newer major version carries a `migration` map from the old question
ids whose meaning it keeps, so answers can be carried over explicitly (never silently).
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain import Answer
from app.questionnaire.prepared import Questionnaire

SHIPPED_FILES = ("default-2.yaml", "default.yaml")
"""Newest first: the first is the default for new interviews."""


def major(version: str) -> str:
    return version.split(".", 1)[0]


def pick(
    shipped: Iterable[Questionnaire], questionnaire_id: str | None, version: str | None
) -> Questionnaire | None:
    """The shipped questionnaire an interview was recorded under. An interview with no
    recorded version predates versioned files: it gets the oldest file of its identity."""
    candidates = [q for q in shipped if questionnaire_id in (None, q.id)]
    if not candidates:
        return None
    if version is None:
        return candidates[-1]
    for questionnaire in candidates:
        if major(questionnaire.version) == major(version):
            return questionnaire
    return None


def migrate_answers(new: Questionnaire, answers: Iterable[Answer]) -> list[Answer]:
    """The answers an interview gave under the version `new` migrates from, with the
    question ids `new.file.migration` maps rewritten; unmapped answers stay as they were
    (the engine keeps and lists them apart as orphans)."""
    migration = new.file.migration
    mapping = migration.questions if migration is not None else {}
    moved: list[Answer] = []
    for answer in answers:
        target = mapping.get(answer.question_id)
        if target is None:
            moved.append(answer)
            continue
        moved.append(
            answer.model_copy(update={"question_id": target, "questionnaire_version": None})
        )
    return moved
