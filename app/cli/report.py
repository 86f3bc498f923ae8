"""`sillok report statement|matrix|sessions`: the PDF documents of an interview."""

from __future__ import annotations

import argparse
from pathlib import Path
from uuid import UUID

from app.cli import passphrase
from app.errors import AlreadyExists, NotFound
from app.i18n import N_, _, current_language
from app.store.database import Database

KINDS = ("statement", "matrix", "sessions")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    help_text = _("write the statement, evidence matrix or session log of interviews as PDF")
    parser = sub.add_parser("report", help=help_text, description=help_text)
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    helps = {
        "statement": _("the statement of an interview, for read-back to the witness"),
        "matrix": _("legal elements against interviews: coverage, source of knowledge, gaps"),
        "sessions": _("the sessions of an interview: times, breaks, who was present"),
    }
    for kind in KINDS:
        each = kinds.add_parser(kind, help=helps[kind], description=helps[kind])
        each.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=_("database file"))
        each.add_argument(
            "--passphrase-file",
            metavar="FILE",
            default=None,
            help=_("read the passphrase from the first line of FILE (- for standard input)"),
        )
        each.add_argument(
            "--interview",
            metavar="ID",
            required=kind != "matrix",
            default=None,
            help=_("the interview, by its id or its code (matrix: all interviews if omitted)"),
        )
        each.add_argument(
            "--out", type=Path, required=True, help=_("the PDF file to write (not overwritten)")
        )
        each.add_argument(
            "--language",
            choices=("ko", "en", "both"),
            default=None,
            help=_("language of the document (default: both for a statement, else yours)"),
        )


def run(args: argparse.Namespace) -> int:
    from app.reports import render_matrix, render_session_log, render_statement

    out: Path = args.out
    if out.exists():
        raise AlreadyExists(path=str(out))
    language = args.language or ("both" if args.kind == "statement" else current_language())
    with Database.open(args.db, passphrase.existing(args.passphrase_file)) as database:
        if args.kind == "matrix":
            ids = None if args.interview is None else [_interview(database, args.interview)]
            written = render_matrix(database, ids, out, language=language)
        elif args.kind == "sessions":
            interview = _interview(database, args.interview)
            written = render_session_log(database, interview, out, language=language)
        else:
            interview = _interview(database, args.interview)
            written = render_statement(database, interview, out, language=language)
    print(_("Wrote {path}.").format(path=written))
    return 0


def _interview(database: Database, given: str) -> UUID:
    """The interview named by its id or its pseudonymous code."""
    try:
        wanted = UUID(given)
    except ValueError:
        wanted = None
    with database.reading() as connection:
        if wanted is not None:
            row = connection.execute(
                "SELECT id FROM interviews WHERE id = ?", (str(wanted),)
            ).fetchone()
        else:
            row = connection.execute(
                "SELECT id FROM interviews WHERE code = ?", (given.strip().upper(),)
            ).fetchone()
    if row is None:
        raise NotFound(kind=N_("interview"), id=given)
    return UUID(row[0])
