"""`sillok`: with no subcommand, the desktop app; otherwise one of the commands below.

Exit codes (also in the README): 0 done; 1 unexpected error; 2 wrong usage; 3 wrong
passphrase; 4 key file missing or damaged; 5 database missing or damaged; 6 schema newer
than this app; 7 check found a problem; 8 unsafe SQLite library; 9 would overwrite;
10 disk full; 11 passphrase refused; 12 not found; 13 conflict; 14 invalid input;
15 no desktop front end installed; 16 consent required; 20–27 package format;
28–39 enrolment, export, ingest and receipts (docs/sync.md); 40–44 search (see
app/search/errors.py); 45–49 reports (see app/reports/errors.py); 50–53 demo;
54–56 not permitted / wrong kind of path / missing (app/oserrors.py); 57–58 the
repository's check and blocked devices; 60–66 passphrase recovery through Geneva
(app/sync/recovery_errors.py); 70–71 questionnaire plans (app/questionnaire/).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path

from app import __version__
from app.cli import commands, demo, questionnaire, recovery, reference, report, sync
from app.cli import search as search_cli
from app.errors import DesktopUnavailable, SillokError
from app.i18n import _, language_from_environment, set_language
from app.oserrors import os_error
from app.paths import default_database
from app.store.memlock import raise_memlock_limit

UNEXPECTED = 1


def _desktop() -> Callable[..., int]:
    """The desktop front end registered under the `sillok.desktop` entry point."""
    for entry in entry_points(group="sillok.desktop"):
        launcher: Callable[..., int] = entry.load()
        return launcher
    raise DesktopUnavailable()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sillok",
        description=_("Record testimony as evidence, encrypted, for the Geneva repository."),
    )
    parser.add_argument("--version", action="version", version=f"sillok {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=_("database file (default: {path})").format(path=default_database()),
    )
    parser.add_argument(
        "--repository",
        type=Path,
        default=None,
        metavar="FOLDER",
        help=_("open the analysts' desk on this Geneva repository folder"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=_("database file"))
        p.add_argument(
            "--passphrase-file",
            metavar="FILE",
            default=None,
            help=_(
                "read the passphrase from the first line of FILE (- for "
                "standard input) instead of asking"
            ),
        )
        return p

    command("init", _("create a new encrypted database and its key file"))
    command("check", _("verify encryption, database, search index and audit trail"))
    backup = command("backup", _("write a consistent encrypted copy of the database"))
    backup.add_argument("--out", type=Path, required=True, help=_("the backup file to write"))
    restore = command("restore", _("restore a backup into a new database file"))
    restore.add_argument(
        "--from", dest="source", type=Path, required=True, help=_("the backup file to restore")
    )
    passwd = command("passwd", _("change the passphrase (re-wraps the key only)"))
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        default=None,
        help=_("read the new passphrase from FILE (- for standard input)"),
    )
    questionnaire.register(sub)
    reference.register(sub)
    report.register(sub)
    search_cli.register(sub)
    demo.register(sub)
    sync.register(sub)
    recovery.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Belt and braces for finding 10: every writer also sets 0600/0700 itself.
    os.umask(0o077)
    raise_memlock_limit()  # SQLCipher may then keep more of SQLite's memory out of swap
    set_language(language_from_environment())
    parser = _parser()
    args = parser.parse_args(argv)
    args.db = args.db or default_database()
    try:
        if args.command is None:
            if args.repository is not None:
                return _desktop()(args.db, repository=args.repository)
            return _desktop()(args.db)
        if args.command == "questionnaire":
            return questionnaire.run(args)
        if args.command == "reference":
            return reference.run(args)
        if args.command == "report":
            return report.run(args)
        if args.command == "search":
            return search_cli.run_search(args)
        if args.command == "corroborate":
            return search_cli.run_corroborate(args)
        if args.command == "demo":
            return demo.run(args)
        if args.command in recovery.COMMANDS:
            return recovery.run(args)
        if args.command in sync.COMMANDS:
            return sync.run(args)
        handler = getattr(commands, args.command)
        return int(handler(args))
    except SillokError as error:
        print(f"sillok: {error.message()}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except OSError as error:
        ours = os_error(error)
        if not isinstance(ours, SillokError):
            return _unexpected(error)
        print(f"sillok: {ours.message()}", file=sys.stderr)
        return ours.exit_code
    except Exception as error:  # noqa: BLE001 - the last resort: a sentence, not a traceback
        return _unexpected(error)


def _unexpected(error: Exception) -> int:
    if os.environ.get("SILLOK_DEBUG"):
        raise error
    print(
        _(
            "sillok: unexpected error ({kind}). Nothing more was changed. "
            "Run again with SILLOK_DEBUG=1 to see the details."
        ).format(kind=type(error).__name__),
        file=sys.stderr,
    )
    return UNEXPECTED
