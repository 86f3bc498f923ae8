"""`sillok recovery-request | recovery-complete` on a locked field laptop, and
`sillok repository recover | recovery-key | recoveries` at Geneva (docs/recovery.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli import passphrase
from app.i18n import _
from app.store.keys import fingerprint
from app.sync import recovery
from app.sync.repository import recovery as geneva
from app.sync.repository.store import Repository

COMMANDS = ("recovery-request", "recovery-complete")
REPOSITORY_ACTIONS = ("recover", "recovery-key", "recoveries")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def device(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text, description=help_text)
        parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=_("database file"))
        return parser

    request = device(
        "recovery-request",
        _("forgot the passphrase: write a recovery request for Geneva and choose a new one"),
    )
    request.add_argument("--out", type=Path, required=True, help=_("the request file to write"))
    request.add_argument("--requested-by", required=True, help=_("who asks (name, role)"))
    request.add_argument("--reason", required=True, help=_("why, for Geneva's register"))
    request.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        default=None,
        help=_("read the new passphrase from FILE (- for standard input) instead of asking"),
    )
    complete = device(
        "recovery-complete",
        _("load Geneva's recovery response; the new passphrase replaces the old one"),
    )
    complete.add_argument("response", type=Path, help=_("the response file from Geneva"))
    complete.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=None,
        help=_("read the NEW passphrase chosen at the request from FILE (- for standard input)"),
    )


def register_repository(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    recover = action("recover", _("answer a laptop's recovery request (checked by phone)"))
    recover.add_argument("request", type=Path, help=_("the recovery request file"))
    recover.add_argument("--out", type=Path, required=True, help=_("the response file to write"))
    recover.add_argument(
        "--identity",
        type=Path,
        required=True,
        help=_("the custodians' recovery key file (geneva-recovery-key.txt from export-keys)"),
    )
    recover.add_argument(
        "--request-fingerprint",
        required=True,
        help=_("the request fingerprint the field office read out by phone"),
    )
    recover.add_argument("--approved-by", required=True, help=_("who approves, for the record"))
    action("recovery-key", _("make Geneva's recovery key, or replace it (the old one is kept)"))
    action("recoveries", _("the register of recoveries: who asked, why, who approved"))


def run(args: argparse.Namespace) -> int:
    if args.command == "recovery-request":
        chosen = passphrase.new(args.new_passphrase_file)
        done = recovery.write_request(
            args.db,
            args.out,
            requested_by=args.requested_by,
            reason=args.reason,
            new_passphrase=chosen,
        )
        statement = done.slot.statement
        print(_("Recovery request written: {path}").format(path=args.out))
        print(_("Device: {device}").format(device=statement.device_id))
        print(_("Request fingerprint:  {fp}").format(fp=done.fingerprint))
        print(
            _("This device's fingerprint:  {fp}").format(
                fp=fingerprint(statement.device_signing_public_key)
            )
        )
        print(
            _("Geneva's fingerprint: {fp}").format(
                fp=fingerprint(statement.geneva_signing_public_key)
            )
        )
        print(
            _(
                "Send the file to Geneva and read the request fingerprint to them by phone. "
                "Keep the new passphrase: it opens Geneva's response, then the database."
            )
        )
        return 0
    done_ = recovery.complete(
        args.db,
        args.response,
        passphrase.existing(args.passphrase_file),
        actor=_actor(),
    )
    print(
        _("Recovery {number} loaded: the new passphrase now opens the database.").format(
            number=done_.recovery_id
        )
    )
    print(
        _("The old passphrase no longer opens it. Approved at Geneva by {who}.").format(
            who=done_.approved_by
        )
    )
    print(_("Request fingerprint:  {fp}").format(fp=done_.request_fingerprint))
    print(_("Geneva's fingerprint: {fp}").format(fp=done_.geneva_fingerprint))
    return 0


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "sillok-cli"


def run_repository(args: argparse.Namespace) -> int:
    with Repository.open(args.repo, passphrase.existing(args.passphrase_file)) as repository:
        if args.action == "recovery-key":
            recipient = geneva.rotate_key(repository)
            print(_("Geneva's recovery key is now {recipient}.").format(recipient=recipient))
            print(
                _(
                    "Export it to the custodians (`sillok repository export-keys`), then renew "
                    "the laptops' trust bundles: each re-seals its recovery slot on loading one."
                )
            )
        elif args.action == "recoveries":
            for entry in geneva.register(repository):
                print(
                    _(
                        "{number}  {at}  {device}  asked by {who}: {reason}  "
                        "(approved by {approver})"
                    ).format(
                        number=entry.recovery_id,
                        at=entry.recovered_at,
                        device=entry.device_id,
                        who=entry.requested_by,
                        reason=entry.reason,
                        approver=entry.approved_by,
                    )
                )
        else:
            done = geneva.recover(
                repository,
                args.request,
                args.out,
                identity_path=args.identity,
                request_fingerprint=args.request_fingerprint,
                approved_by=args.approved_by,
            )
            print(
                _("Recovery {number} recorded; response written: {path}").format(
                    number=done.response.recovery_id, path=args.out
                )
            )
            print(
                _("Asked by {who}: {reason}").format(
                    who=done.request.requested_by, reason=done.request.reason
                )
            )
            print(_("Device fingerprint:  {fp}").format(fp=done.device_fingerprint))
            print(_("Geneva fingerprint:  {fp}").format(fp=done.geneva_fingerprint))
            print(_("Read both to the field office by phone; they must match on the laptop."))
    return 0
