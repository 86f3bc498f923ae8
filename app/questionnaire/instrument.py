"""The checks a file with a `plan` gets on top of the format: it is an interviewing
instrument, so its topics are funnels, its narratives are never hidden behind a yes/no
screen, its wording passes the rules of `wording.py`, and each section sits in a module.

docs/questionnaire-format.md ("Instruments") describes the rules for the people who write
questionnaires.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.datafile import DataPath
from app.questionnaire.model import FUNNEL_ORDER, Funnel, Question, QuestionType
from app.questionnaire.prepared import Questionnaire
from app.questionnaire.structure import Node, NodeKind
from app.questionnaire.wording import wording_flags


@dataclass(frozen=True)
class Finding:
    code: str
    path: DataPath
    message: str
    item: str


def instrument_findings(prepared: Questionnaire) -> Iterator[Finding]:
    plan = prepared.file.plan
    if plan is None:
        return
    modules = {module.id for module in plan.modules}
    for section in prepared.structure.sections():
        module = getattr(section.item, "module", None)
        if module is None:
            yield Finding("module", section.path, "the section names no `module`", section.id)
        elif module not in modules:
            yield Finding(
                "module", (*section.path, "module"), f"no module {module!r} in the plan", section.id
            )
    for parent, children in prepared.structure.children.items():
        if parent is not None:
            yield from _funnel(prepared, parent, children)
    for node in prepared.structure.questions():
        question = node.question
        yield from _screened(prepared, node, question)
        for rule, language in wording_flags(question):
            language_name = "Korean" if language == "ko" else "English"
            yield Finding(
                "wording",
                (*node.path, "text", language),
                f"{rule.id} ({language_name}): {rule.message}; "
                f"if it is meant, add `accept: [{rule.id}]`",
                node.id,
            )
    migration = prepared.file.migration
    if migration is not None:
        for old, new in migration.questions.items():
            target = prepared.structure.nodes.get(new)
            if target is None or target.kind is not NodeKind.QUESTION:
                yield Finding(
                    "unknown-question",
                    ("migration", "questions", old),
                    f"the migration maps {old!r} to {new!r}, which is not a question",
                    new,
                )


def _funnel(prepared: Questionnaire, parent: str, children: list[str]) -> Iterator[Finding]:
    """Direct questions of one topic (section or group) in funnel order, narrative first."""
    nodes = prepared.structure.nodes
    roles = [
        (nodes[child], nodes[child].question.funnel)
        for child in children
        if nodes[child].kind is NodeKind.QUESTION and nodes[child].question.funnel is not None
    ]
    if not roles:
        return
    first, first_role = roles[0]
    if first_role is not Funnel.NARRATIVE:
        yield Finding(
            "funnel",
            (*first.path, "funnel"),
            f"the topic {parent!r} starts with a {first_role} question: open it with a narrative",
            first.id,
        )
    highest = 0
    for node, role in roles:
        assert role is not None
        rank = FUNNEL_ORDER[role]
        if rank < highest:
            yield Finding(
                "funnel",
                (*node.path, "funnel"),
                f"a {role} question after a {list(Funnel)[highest]} one in {parent!r}: "
                "narrative, then probes, then checklists, then clarifications",
                node.id,
            )
        highest = max(highest, rank)
        if role is Funnel.NARRATIVE and node.question.relevant is not None:
            yield Finding(
                "funnel",
                (*node.path, "relevant"),
                "a narrative is shown whenever its topic is: move the condition to the group",
                node.id,
            )


def _screened(prepared: Questionnaire, node: Node, question: Question) -> Iterator[Finding]:
    """An account hidden behind a yes/no question put to the witness loses what the screen
    did not name. Routing on a checklist the interviewer codes from the account is fine."""
    if question.type is not QuestionType.LONG_TEXT:
        return
    structure = prepared.structure
    for holder in (node, *structure.ancestors(node.id)):
        compiled = prepared.relevant.get(holder.id)
        if compiled is None:
            continue
        for name in sorted(compiled.depends_on):
            other = structure.nodes.get(name)
            if other is None or other.kind is not NodeKind.QUESTION:
                continue
            screen = other.question
            if screen.type is QuestionType.YES_NO and screen.funnel is not Funnel.CHECKLIST:
                yield Finding(
                    "screened-narrative",
                    (*holder.path, "relevant"),
                    f"an account shown only after the yes/no {name!r} put to the witness: "
                    "show it with its topic, or route on a checklist coded from the account",
                    node.id,
                )
                return
