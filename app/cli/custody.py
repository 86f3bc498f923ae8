"""`sillok repository export-keys`: Geneva's keys for custodians (app/sync/custody.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli import passphrase
from app.i18n import _
from app.sync import custody
from app.sync.repository.store import Repository

ACTION = "export-keys"


def register(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add `export-keys` through sync's `action(name, help)` (it adds --repo and the
    passphrase option)."""
    parser = action(
        ACTION,
        _(
            "write Geneva's package and identity keys as age-keygen files, encrypted to "
            "custodians, with the signing public key and a README"
        ),
    )
    parser.add_argument("--out", type=Path, required=True, help=_("the folder to write them in"))
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--to",
        action="append",
        metavar="RECIPIENT",
        help=_(
            "a custodian's age recipient (age1…), or a file of them; repeat for several custodians"
        ),
    )
    who.add_argument(
        "--plain",
        action="store_true",
        help=_("write the secret keys UNENCRYPTED (only onto offline media kept in a safe)"),
    )


def run(args: argparse.Namespace) -> int:
    custodians = custody.parse_recipients(args.to or [])
    if args.plain:
        print(_("WARNING: the secret keys will be written UNENCRYPTED."), file=sys.stderr)
    with Repository.open(args.repo, passphrase.existing(args.passphrase_file)) as repository:
        done = custody.export_keys(repository, args.out, custodians=custodians, plain=args.plain)
    for path in done.files:
        print(path)
    if done.plain:
        print(
            _(
                "WARNING: {folder} holds Geneva's secret keys UNENCRYPTED (files readable only "
                "by you). Anyone who copies them can read every package and every sealed "
                "identity. Move them now to offline media kept in a safe."
            ).format(folder=done.folder),
            file=sys.stderr,
        )
    else:
        print(
            _(
                "Secret keys encrypted to {count} custodian(s). Keep the folder apart from "
                "the repository; README.txt says how to use it."
            ).format(count=len(done.custodians))
        )
    return 0
