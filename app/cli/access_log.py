"""`sillok repository access-log`: who read which testimony and when, for the legal
officer (app/sync/repository/access_log.py; docs/repository-server.md)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict

from app.cli import passphrase
from app.i18n import _
from app.sync.repository import access_log
from app.sync.repository.store import Repository

ACTION = "access-log"


def register(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    parser = action(ACTION, _("who read which testimony and when (the legal officer only)"))
    parser.add_argument("--json", action="store_true", help=_("print the answer as JSON"))


def run(args: argparse.Namespace) -> int:
    with Repository.open(args.repo, passphrase.existing(args.passphrase_file)) as repository:
        found = access_log.entries(repository)[::-1]  # all of it, oldest first
    if args.json:
        print(json.dumps([asdict(e) for e in found], ensure_ascii=False, indent=2))
        return 0
    for entry in found:
        print(
            _("{at}  {who} read {what} {detail}")
            .format(at=entry.at, who=entry.who, what=entry.what, detail=entry.detail)
            .rstrip()
        )
    return 0
