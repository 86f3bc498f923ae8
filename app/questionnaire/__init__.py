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

DEFAULT_QUESTIONNAIRE = "default.yaml"


class QuestionnaireInvalid(SillokError):
    exit_code = 14
    template = N_(
        "The questionnaire {path} cannot be used: it has {count} problem(s), the first: "
        "{first}. Run `sillok questionnaire check {path}` to see them all."
    )


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


@lru_cache(maxsize=1)
def default_questionnaire() -> Questionnaire:
    """The questionnaire shipped with Sillok (checked once per process)."""
    return load_questionnaire(questionnaires_dir() / DEFAULT_QUESTIONNAIRE)


__all__ = [
    "CheckResult",
    "Coverage",
    "Evaluation",
    "Problem",
    "Progress",
    "Questionnaire",
    "QuestionnaireInvalid",
    "Slot",
    "Status",
    "Suggestion",
    "check_file",
    "coverage",
    "default_questionnaire",
    "evaluate",
    "load_questionnaire",
    "suggest",
]
