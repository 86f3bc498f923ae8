"""`sillok reference lookup TEXT`: find a place, facility, agency or rank from any
spelling, as the desk's place and facility fields do."""

from __future__ import annotations

import argparse

from app.errors import DataFileInvalid, NotFound
from app.i18n import N_, _, current_language
from app.reference import ReferenceDataError, ReferenceKind, default_reference


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    help_text = _("find a place, facility, agency or rank from any of its spellings")
    parser = sub.add_parser("reference", help=help_text, description=help_text)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lookup = actions.add_parser("lookup", help=help_text)
    lookup.add_argument("text", help=_("a name in Korean, any romanisation, English or Chinese"))
    lookup.add_argument(
        "--kind",
        choices=[kind.value for kind in ReferenceKind],
        default=None,
        help=_("only this kind of entry"),
    )
    lookup.add_argument("--limit", type=int, default=10, help=_("at most this many results"))


def run(args: argparse.Namespace) -> int:
    try:
        reference = default_reference()
    except ReferenceDataError as error:
        raise DataFileInvalid(detail=str(error)) from error
    kinds = [args.kind] if args.kind else None
    matches = reference.lookup(args.text, kinds=kinds, limit=args.limit)
    if not matches:
        raise NotFound(kind=N_("reference entry"), id=args.text)
    language = current_language()
    for match in matches:
        entry = match.entry
        other = entry.name.en if language == "ko" else entry.name.ko
        print(f"{entry.id:<32} {entry.name.get(language)} ({other})  [{entry.kind}: {entry.type}]")
        print(f"{'':<32} ← {match.spelling} ({match.quality}, {match.via})")
    return 0
