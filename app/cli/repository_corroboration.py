"""`sillok repository corroboration [decide KEY --confirm|--reject --reasons …]`: the
candidate corroborations and contradictions with the analysts' decisions on them, and a
new decision (app/sync/repository/corroboration_decisions.py; docs/repository.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.errors import InvalidInput
from app.i18n import N_, _
from app.sync.repository import corroboration_decisions
from app.sync.repository.store import Repository

Printer = Callable[[Any, bool, Callable[[Any], list[str]]], None]
"""analysis._print: the value as JSON, or as the lines given."""


def register(verb: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """The verb's arguments, through analysis.register's `verb(name, help)`."""
    corroborating = verb(
        "corroboration",
        _(
            "candidate corroborations across witnesses and devices, and contradictions; "
            "with `decide KEY`, record an analyst's decision on one"
        ),
    )
    corroborating.add_argument(
        "step", nargs="?", choices=("decide",), help=_("decide: record a decision on KEY")
    )
    corroborating.add_argument(
        "key", nargs="?", help=_("the key of a candidate or contradiction (as listed)")
    )
    verdict = corroborating.add_mutually_exclusive_group()
    verdict.add_argument(
        "--confirm",
        dest="verdict",
        action="store_const",
        const="confirmed",
        help=_("it corroborates (or, for a contradiction: they do contradict each other)"),
    )
    verdict.add_argument(
        "--reject",
        dest="verdict",
        action="store_const",
        const="rejected",
        help=_("it does not corroborate (or is no contradiction)"),
    )
    corroborating.add_argument("--reasons", "--reason", help=_("why, for the record"))


STATUS_NAMES = {
    "open": N_("not decided"),
    "confirmed": N_("confirmed"),
    "rejected": N_("rejected"),
    "earlier_version": N_("decided on an earlier version of its statements"),
    "reopened": N_("reopened: statements joined or left since the decision"),
}


def _status(item: dict[str, Any]) -> str:
    made, name = item["decision"], STATUS_NAMES[item["status"]]
    text = _(name)
    if made is None:
        return text
    return _("{status} ({analyst}, {at})").format(status=text, **made)


def lines(value: dict[str, Any]) -> list[str]:
    """The list as text: each key, what it is about, and its status (who, when)."""
    return [
        f"{c['key']}\n    {c['reason']}: {c['shared']} "
        f"({', '.join(i['interview'] for i in c['incidents'])})  [{_status(c)}]"
        for c in value["candidates"]
    ] + [
        f"{c['key']}\n    {c['kind']}: {', '.join(c['interviews'])}  [{_status(c)}]"
        for c in value["contradictions"]
    ]


NO_DECISION = N_("say --confirm or --reject, the key, and --reasons")


def decide(args: argparse.Namespace, repository: Repository, analyst: str, show: Printer) -> int:
    """`corroboration decide KEY --confirm|--reject --reasons …`: one decision recorded."""
    if not args.key or not args.verdict or args.reasons is None:
        raise InvalidInput(detail=NO_DECISION)
    repository.read_testimony("corroboration", args.key)
    verdict = str(args.verdict)
    made = corroboration_decisions.decide(repository, args.key, verdict, args.reasons, analyst)
    show(
        made.as_json(),
        args.json,
        lambda m: [
            _("Recorded: {key} {verdict}.").format(key=m["key"], verdict=_(STATUS_NAMES[verdict]))
        ],
    )
    return 0
