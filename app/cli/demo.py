"""`sillok demo [--db D] [--interviews N]`: a new encrypted database of invented
interviews to practise on, marked as a demo everywhere (see app/demo)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import passphrase
from app.demo import DEFAULT_INTERVIEWS, MAX_INTERVIEWS, default_demo_database
from app.demo.generate import check_target, create_demo
from app.i18n import _
from app.paths import default_database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    help_text = _("create a demo database of invented interviews to practise on")
    parser = sub.add_parser("demo", help=help_text, description=help_text)
    parser.add_argument(
        "--db",
        dest="demo_db",
        type=Path,
        default=None,
        help=_("the demo database to create (default: {path})").format(
            path=default_demo_database()
        ),
    )
    parser.add_argument(
        "--interviews",
        type=int,
        default=DEFAULT_INTERVIEWS,
        metavar="N",
        help=_("how many invented interviews (1 to {maximum})").format(maximum=MAX_INTERVIEWS),
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=None,
        help=_("read the new passphrase from the first line of FILE (- for standard input)"),
    )


def run(args: argparse.Namespace) -> int:
    path: Path = args.demo_db or (
        args.db if args.db != default_database() else default_demo_database()
    )
    check_target(path, args.interviews)
    chosen = passphrase.new(args.passphrase_file)

    def progress(done: int, total: int, label: str) -> None:
        print(_("  {done}/{total} {title}").format(done=done, total=total, title=label))

    summary = create_demo(path, chosen, args.interviews, progress=progress)
    print(
        _(
            "Demo database created: {path} ({interviews} invented interviews, {answers} "
            "answers, {segments} transcript segments)."
        ).format(
            path=path,
            interviews=summary.interviews,
            answers=summary.answers,
            segments=summary.segments,
        )
    )
    print(
        _(
            "It is marked DEMO: practise freely. It can never be sent to the Geneva "
            "repository; real testimony belongs in the real database."
        ),
        file=sys.stderr,
    )
    return 0
