"""Questionnaires: the file format (`model`), its checker (`check`), and the engine that
decides what to ask (`engine`) and what the answers prove (`coverage`).

`docs/questionnaire-format.md` describes the format for the people who write them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from app.errors import SillokError
from app.i18n import N_
from app.paths import resources_dir
from app.questionnaire.check import CheckResult, ElementCatalogue, Problem, check_file
from app.questionnaire.coverage import Coverage, Status, Suggestion, coverage, suggest
from app.questionnaire.engine import Evaluation, Progress, Slot, evaluate
from app.questionnaire.prepared import Questionnaire
from app.questionnaire.versions import SHIPPED_FILES, migrate_answers, pick

DEFAULT_QUESTIONNAIRE = SHIPPED_FILES[0]
LEGACY_QUESTIONNAIRE = "default.yaml"
"""Version 1.x: interviews recorded under it keep it (see `questionnaire_for`)."""


class QuestionnaireInvalid(SillokError):
    exit_code = 14
    template = N_(
        "The questionnaire {path} cannot be used: it has {count} problem(s), the first: "
        "{first}. Run `sillok questionnaire check {path}` to see them all."
    )


class PlanOverBudget(SillokError):
    exit_code = 70
    template = N_("The plan does not fit: {detail}")


class ScenariosInvalid(SillokError):
    exit_code = 71
    template = N_("The scenarios cannot be planned: {detail}")


def questionnaires_dir() -> Path:
    return resources_dir() / "questionnaires"


def load_questionnaire(path: Path, catalogue: ElementCatalogue | None = None) -> Questionnaire:
    """The questionnaire at `path`, checked; QuestionnaireInvalid if it has any problem."""
    if catalogue is None:
        from app.legal import default_catalogue

        catalogue = default_catalogue()
    result = check_file(path, catalogue)
    if result.questionnaire is None or result.problems:
        first = str(result.problems[0]) if result.problems else "?"
        raise QuestionnaireInvalid(path=path, count=len(result.problems), first=first)
    return result.questionnaire


@lru_cache(maxsize=len(SHIPPED_FILES))
def shipped_questionnaire(name: str) -> Questionnaire:
    """A questionnaire file shipped with Sillok (checked once per process)."""
    return load_questionnaire(questionnaires_dir() / name)


def default_questionnaire() -> Questionnaire:
    """The questionnaire new interviews are recorded under."""
    return shipped_questionnaire(DEFAULT_QUESTIONNAIRE)


def legacy_questionnaire() -> Questionnaire:
    """Questionnaire 1.x, which earlier interviews (and the demo data) were recorded under."""
    return shipped_questionnaire(LEGACY_QUESTIONNAIRE)


def questionnaire_for(questionnaire_id: str | None, version: str | None) -> Questionnaire:
    """The shipped questionnaire an interview was recorded under (same identity and major
    version); the default when none matches (answers it lacks are kept as orphans)."""
    shipped = [shipped_questionnaire(name) for name in SHIPPED_FILES]
    return pick(shipped, questionnaire_id, version) or default_questionnaire()


__all__ = [
    "CheckResult",
    "Coverage",
    "Evaluation",
    "PlanOverBudget",
    "Problem",
    "Progress",
    "Questionnaire",
    "QuestionnaireInvalid",
    "ScenariosInvalid",
    "Slot",
    "Status",
    "Suggestion",
    "check_file",
    "coverage",
    "default_questionnaire",
    "evaluate",
    "legacy_questionnaire",
    "load_questionnaire",
    "migrate_answers",
    "questionnaire_for",
    "shipped_questionnaire",
    "suggest",
]
