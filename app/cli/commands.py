"""The commands behind `sillok <command>`: thin, the work is in the core."""

from __future__ import annotations

import argparse
import sys

from app.cli import passphrase
from app.crypto import keyfile
from app.i18n import _
from app.store import swap
from app.store.attachments import folder_for
from app.store.backup import backup as write_backup
from app.store.backup import restore as restore_backup
from app.store.check import run_check
from app.store.database import Database
from app.store.swap import Protection, SwapCheck


def init(args: argparse.Namespace) -> int:
    chosen = passphrase.new(args.passphrase_file)
    with Database.create(args.db, chosen) as database:
        print(
            _("Created {path} (schema {version}) and its key file {keys}.").format(
                path=database.path,
                version=database.schema_version,
                keys=keyfile.keyfile_path(database.path),
            )
        )
    return 0


def check(args: argparse.Namespace) -> int:
    with Database.open(args.db, passphrase.existing(args.passphrase_file)) as database:
        report = run_check(database)
    for name in report.passed:
        print(_("ok      {check}").format(check=name))
    for finding in report.findings:
        print(_("FAILED  {check}: {detail}").format(check=finding.check, detail=finding.detail))
    print(
        _("audit trail: {count} entries, head {head}").format(
            count=report.audit_entries, head=report.audit_head
        )
    )
    if report.first_broken_entry is not None:
        print(_("first broken audit entry: {seq}").format(seq=report.first_broken_entry))
    print(swap_line(swap.check_swap()))
    report.raise_if_failed()
    return 0


def backup(args: argparse.Namespace) -> int:
    with Database.open(args.db, passphrase.existing(args.passphrase_file)) as database:
        written = write_backup(database, args.out)
    print(
        _("Backup written: {path} and {keys}").format(
            path=written, keys=keyfile.keyfile_path(written)
        )
    )
    files = folder_for(written)
    print(
        _("Attachments: {count} encrypted files in {folder}").format(
            count=sum(1 for _file in files.glob("*.age")), folder=files
        )
    )
    return 0


def restore(args: argparse.Namespace) -> int:
    restore_backup(args.source, args.db, passphrase.existing(args.passphrase_file))
    print(_("Restored {source} into {path}.").format(source=args.source, path=args.db))
    return 0


def passwd(args: argparse.Namespace) -> int:
    # With both files `-`, standard input gives the current passphrase on its first line
    # and the new one on its second.
    old = passphrase.existing(args.passphrase_file)
    new = passphrase.new(args.new_passphrase_file)
    keyfile.change_passphrase(keyfile.keyfile_path(args.db), old, new)
    print(_("Passphrase changed. The database itself was not rewritten."), file=sys.stderr)
    return 0


def swap_line(machine: SwapCheck) -> str:
    """What `check` says of this machine's swap. A warning, not a failed check: it is the
    laptop's set-up, not the database, and the exit code stays about the database."""
    said = swap.warning(machine)
    if said is not None:
        return _("WARNING swap: {warning}").format(warning=said)
    if machine.protection is Protection.UNKNOWN:
        return _(
            "unknown swap: whether it is encrypted could not be told here; check with "
            "swapon --show and lsblk -f (README, Memory and swap)"
        )
    if machine.protection is Protection.IN_MEMORY:
        return _("ok      swap: in memory only (zram)")
    if machine.protection is Protection.NONE:
        return _("ok      swap: none")
    return _("ok      swap: encrypted")
