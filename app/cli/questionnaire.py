"""`sillok questionnaire check|coverage FILE`: for the people who write questionnaires."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.errors import CheckFailed, DataFileInvalid
from app.i18n import _, current_language
from app.legal import Catalogue, CatalogueError, default_catalogue
from app.questionnaire import (
    PlanOverBudget,
    Questionnaire,
    ScenariosInvalid,
    check_file,
    questionnaires_dir,
)
from app.questionnaire.coverage import questions_by_element

DEFAULT_FILE = "default-2.yaml"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    help_text = _("check a questionnaire file, or list what it covers")
    parser = sub.add_parser("questionnaire", help=help_text, description=help_text)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help=_("print every problem of a questionnaire with its line")
    )
    check.add_argument("file", type=Path, help=_("the questionnaire file (YAML)"))
    cover = actions.add_parser(
        "coverage", help=_("list every legal element with the questions that can cover it")
    )
    cover.add_argument(
        "file", type=Path, nargs="?", default=None, help=_("the questionnaire (default: built in)")
    )
    cover.add_argument(
        "--strict",
        action="store_true",
        help=_("fail when an element is neither asked about nor declared out of scope"),
    )


def run(args: argparse.Namespace) -> int:
    if args.action == "check":
        return _check(args.file)
    return _coverage(args.file or questionnaires_dir() / DEFAULT_FILE, args.strict)


def _catalogue() -> Catalogue:
    try:
        return default_catalogue()
    except CatalogueError as error:
        raise DataFileInvalid(detail=str(error)) from error


def _check(path: Path) -> int:
    result = check_file(path, _catalogue())
    for problem in result.problems:
        print(problem)
    if not result.ok:
        raise CheckFailed(
            detail=_("{count} problem(s) in {path}").format(count=len(result.problems), path=path)
        )
    questionnaire = result.questionnaire
    assert questionnaire is not None
    questions = sum(1 for _node in questionnaire.structure.questions())
    print(
        _("{path}: no problems ({id} {version}, {questions} questions)").format(
            path=path, id=questionnaire.id, version=questionnaire.version, questions=questions
        )
    )
    _plan(questionnaire)
    return 0


def _plan(questionnaire: Questionnaire) -> None:
    """Print the planned minutes per scenario and module; fail when one is over budget."""
    from app.questionnaire.plan import ScenarioError, load_scenarios, plan, scenarios_path

    path = scenarios_path(questionnaire.path)
    if questionnaire.file.plan is None or not path.exists():
        return
    try:
        plans = plan(questionnaire, load_scenarios(path).scenarios)
    except ScenarioError as error:
        raise ScenariosInvalid(detail=str(error)) from error
    factor = questionnaire.file.plan.interpretation_factor
    print(
        _("Plan ({path}), minutes × {factor} for interpretation:").format(path=path, factor=factor)
    )
    heads = (_("scenario"), _("module"), _("minutes"), _("interpreted"))
    print(f"  {heads[0]:<24} {heads[1]:<16} {heads[2]:>8} {heads[3]:>12}")
    over: list[str] = []
    for scenario in plans:
        for row in scenario.modules:
            if not row.minutes:
                continue
            budget = "" if row.budget is None else f"/ {row.budget}"
            flag = _("OVER BUDGET") if row.over else ""
            print(
                f"  {scenario.scenario.id:<24} {row.module:<16} {row.minutes:>8} "
                f"{row.interpreted:>12} {budget:>6} {flag}"
            )
            if row.over:
                over.append(f"{scenario.scenario.id}/{row.module} {row.interpreted} > {row.budget}")
    if over:
        raise PlanOverBudget(detail="; ".join(over))


def _coverage(path: Path, strict: bool) -> int:
    catalogue = _catalogue()
    result = check_file(path, catalogue)
    if result.questionnaire is None:
        for problem in result.problems:
            print(problem)
        raise CheckFailed(detail=_("{path} does not pass the check").format(path=path))
    questionnaire = result.questionnaire
    by_element = questions_by_element(questionnaire)
    out_of_scope = {entry.element: entry.reason for entry in questionnaire.file.out_of_scope}
    language = current_language()
    missing = 0
    group_id = None
    for element in catalogue.elements.values():
        group = catalogue.group_of(element.id)
        if group.id != group_id:
            group_id = group.id
            print(f"\n{group.id}  {group.title.get(language)}")
        questions = by_element.get(element.id, [])
        if questions:
            covered_by = ", ".join(questions)
        elif element.id in out_of_scope:
            covered_by = _("out of scope: {reason}").format(
                reason=out_of_scope[element.id].get(language)
            )
        else:
            covered_by = _("NO QUESTION")
            missing += 1
        print(f"  {element.id:<18} {element.text.get(language)}")
        print(f"  {'':<18} → {covered_by}")
    print()
    print(
        _("{covered} of {total} elements can be covered; {missing} without a question.").format(
            covered=sum(1 for e in catalogue.elements if e in by_element),
            total=len(catalogue.elements),
            missing=missing,
        )
    )
    if strict and missing:
        raise CheckFailed(detail=_("{count} element(s) without a question").format(count=missing))
    return 0
