"""`sillok enrol-request | enrol-accept | export | receipt` on a field device, and
`sillok repository init | enrol | revoke | verify | ingest | list | export-keys` at Geneva
(recovery: app/cli/recovery.py).
See docs/sync.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import access_log, analysis, custody, passphrase, repository_search
from app.cli import recovery as recovery_cli
from app.errors import AlreadyExists
from app.i18n import N_, _
from app.store.database import Database
from app.sync import custody as custody_keys
from app.sync import enrolment, reinterview
from app.sync.export import export_package
from app.sync.receipts import accept_receipt
from app.sync.repository import check, devices, disclosure_register, ingest, listing
from app.sync.repository.store import Repository
from app.sync.repository_errors import EnrolmentInvalid, SequenceGap, VerifiedGap

FINGERPRINT_REQUIRED = N_(
    "Geneva's fingerprint was not given: without it any bundle could be pinned for good. "
    "Ask Geneva staff to read it to you by phone and give it with --geneva-fingerprint"
)

DEVICE_COMMANDS = ("enrol-request", "enrol-accept", "export", "receipt", "reinterview")
COMMANDS = (*DEVICE_COMMANDS, "repository")


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=None,
        help=_("read the passphrase from the first line of FILE (- for standard input)"),
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def device(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text, description=help_text)
        parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=_("database file"))
        _passphrase_option(parser)
        return parser

    request = device("enrol-request", _("write this device's enrolment request for Geneva"))
    request.add_argument("--out", type=Path, required=True, help=_("the request file to write"))
    request.add_argument("--label", default="", help=_("a name for this laptop"))
    accept = device("enrol-accept", _("load the signed trust bundle Geneva sent back"))
    accept.add_argument("bundle", type=Path, help=_("the trust bundle file"))
    accept.add_argument(
        "--geneva-fingerprint",
        default=None,
        help=_(
            "the Geneva fingerprint read out by Geneva staff by phone (required; dashes and "
            "case do not matter); refused if different"
        ),
    )
    export = device("export", _("write a signed, encrypted package for Geneva"))
    export.add_argument("--out", type=Path, required=True, help=_("the folder to write it in"))
    receipt = device("receipt", _("check Geneva's receipt and mark what Geneva holds"))
    receipt.add_argument("receipt", type=Path, help=_("the receipt file"))
    asked = device(
        "reinterview", _("load Geneva's signed list of witnesses to ask again, and what to ask")
    )
    asked.add_argument("requests", type=Path, help=_("the list file Geneva sent"))

    help_text = _("the Geneva repository: keys, devices, packages")
    parser = sub.add_parser("repository", help=help_text, description=help_text)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--repo", type=Path, required=True, help=_("the repository folder"))
        _passphrase_option(p)
        return p

    init = action("init", _("create a repository: Geneva's keys and an encrypted store"))
    init.add_argument("--demo", action="store_true", help=_("a repository for demonstrations"))
    server_help = _(
        "an empty PostgreSQL database, as a libpq connection string without a password "
        "(e.g. 'host=/run/postgresql dbname=sillok')"
    )
    init.add_argument("--server", metavar="CONNINFO", default=None, help=server_help)
    moving = action(
        "move-to-postgres",
        _("move this file repository onto an empty PostgreSQL database, checked by hashes"),
    )
    moving.add_argument("--server", metavar="CONNINFO", required=True, help=server_help)
    enrol = action("enrol", _("register a device and write its signed trust bundle"))
    enrol.add_argument("request", type=Path, help=_("the device's enrolment request"))
    enrol.add_argument("--out", type=Path, required=True, help=_("the trust bundle to write"))
    enrol.add_argument(
        "--valid-days", type=int, default=devices.DEFAULT_VALID_DAYS, help=_("validity in days")
    )
    revoke = action("revoke", _("refuse every package from a device from now on"))
    revoke.add_argument("device", help=_("the device id"))
    revoke.add_argument("--reason", required=True, help=_("why, for the record"))
    verify = action("verify", _("check a package without ingesting it"))
    verify.add_argument("package", type=Path, help=_("the package file"))
    take = action("ingest", _("verify a package, merge it and write its signed receipt"))
    take.add_argument("package", type=Path, help=_("the package file"))
    take.add_argument(
        "--receipt-out", type=Path, default=None, help=_("also write the receipt here")
    )
    listed = action("list", _("devices, packages received and alerts"))
    listed.add_argument(
        "--keys",
        action="store_true",
        help=_("also print each device's public signing key, as a minisign .pub file"),
    )
    clear = action(
        "clear-alert", _("record staff's decision on an alert; unblocks a cloned device")
    )
    clear.add_argument("alert", type=int, help=_("the alert number (shown by `repository list`)"))
    clear.add_argument(
        "--reason", required=True, help=_("what was found and decided, for the record")
    )
    checking = action("check", _("compare the store with its package, object and receipt files"))
    checking.add_argument(
        "--repair",
        action="store_true",
        help=_("rewrite missing receipts from the store; remove leftovers of interrupted ingests"),
    )
    checking.add_argument(
        "--keys",
        action="store_true",
        help=_(
            "on a server, also compute every indexed record's search keys again and compare "
            "them with the index (as long as indexing everything)"
        ),
    )
    custody.register(action)
    access_log.register(action)
    repository_search.register(action)
    recovery_cli.register_repository(action)
    analysis.register(action)


def run(args: argparse.Namespace) -> int:
    if args.command == "repository":
        return _repository(args)
    with Database.open(args.db, passphrase.existing(args.passphrase_file)) as database:
        if args.command == "enrol-request":
            request = enrolment.write_request(database, args.out, args.label)
            print(_("Enrolment request written: {path}").format(path=args.out))
            print(_("Device: {device}").format(device=request.device_id))
            _fingerprint(_("This device's fingerprint"), request.signing_public_key)
        elif args.command == "enrol-accept":
            if not (args.geneva_fingerprint or "").strip():
                raise EnrolmentInvalid(what=str(args.bundle), detail=FINGERPRINT_REQUIRED)
            accepted = enrolment.accept_bundle(
                database, args.bundle, expected_geneva_fingerprint=args.geneva_fingerprint
            )
            bundle = accepted.bundle
            print(
                _("Trust bundle version {version} loaded; valid until {expires}.").format(
                    version=bundle.version, expires=bundle.expires_at
                )
                if accepted.changed
                else _("This trust bundle was already loaded; nothing changed.")
            )
            print(_("This device's fingerprint:  {fp}").format(fp=accepted.device_fingerprint))
            print(_("Geneva's fingerprint:       {fp}").format(fp=accepted.geneva_fingerprint))
            print(_("Compare both with Geneva by phone before recording identity data."))
            if bundle.demo:
                print(_("This is a DEMONSTRATION repository."))
        elif args.command == "export":
            result = export_package(database, args.out, actor=_actor(), progress=_progress)
            print(file=sys.stderr)
            print(
                _(
                    "Package {sequence} written: {path} ({records} records, {attachments} "
                    "attachments, {identities} sealed identities, {withheld} withheld by consent)"
                ).format(
                    sequence=result.sequence,
                    path=result.path,
                    records=result.records,
                    attachments=result.attachments,
                    identities=result.identities,
                    withheld=result.withheld,
                )
            )
            print(_("SHA-256: {sha}").format(sha=result.sha256))
        elif args.command == "reinterview":
            loaded = reinterview.load_requests(database, args.requests, actor=_actor())
            if loaded.already:
                print(_("This list was already loaded; nothing changed."))
            else:
                print(
                    _(
                        "Loaded: Geneva asks about {count} witness(es); the desk shows the "
                        "questions when each is interviewed again."
                    ).format(count=loaded.witnesses)
                )
        else:
            done = accept_receipt(database, args.receipt)
            if done.already:
                print(_("This receipt was already accepted; nothing changed."))
            else:
                print(
                    _("Geneva holds package {sequence}: {count} record versions marked.").format(
                        sequence=done.receipt.sequence, count=done.marked
                    )
                )
    return 0


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "sillok-cli"


def _progress(done: int, total: int | None, label: str) -> None:
    if sys.stderr.isatty() and total:
        print(f"\r{done * 100 // total:3d}%  {label[:60]:<60}", end="", file=sys.stderr)


def _fingerprint(label: str, public_key: str) -> None:
    from app.store.keys import fingerprint

    print(f"{label}: {fingerprint(public_key)}")


def _repository(args: argparse.Namespace) -> int:
    if args.action == "init":
        chosen = passphrase.new(args.passphrase_file)
        with Repository.init(args.repo, chosen, demo=args.demo, server=args.server) as repository:
            print(_("Repository created in {path}.").format(path=args.repo))
            print(_("Geneva's fingerprint: {fp}").format(fp=repository.keys.public().fingerprint))
        return 0
    if args.action == "move-to-postgres":
        return _move(args)
    if args.action == access_log.ACTION:
        return access_log.run(args)
    if args.action == repository_search.ACTION:
        return repository_search.run(args)
    if args.action == custody.ACTION:
        return custody.run(args)
    if args.action in recovery_cli.REPOSITORY_ACTIONS:
        return recovery_cli.run_repository(args)
    if args.action in analysis.ACTIONS:
        return analysis.run_open(args, _actor())
    with Repository.open(args.repo, passphrase.existing(args.passphrase_file)) as repository:
        if args.action == "enrol":
            done = devices.enrol(repository, args.request, args.out, valid_days=args.valid_days)
            print(
                _(
                    "Device {device} enrolled; trust bundle version {version} written: {path}"
                ).format(
                    device=done.bundle.device.device_id, version=done.bundle.version, path=args.out
                )
            )
            print(_("Device fingerprint:  {fp}").format(fp=done.device_fingerprint))
            print(_("Geneva fingerprint:  {fp}").format(fp=done.geneva_fingerprint))
            print(_("Read both to the field office by phone; they must match on the laptop."))
        elif args.action == "revoke":
            devices.revoke(repository, args.device, args.reason)
            print(_("Device {device} revoked.").format(device=args.device))
        elif args.action == "list":
            _list(repository, keys=args.keys)
        elif args.action == "clear-alert":
            listing.clear_alert(repository, args.alert, args.reason, _actor())
            print(_("Alert {alert} cleared; the decision is recorded.").format(alert=args.alert))
        elif args.action == "check":
            _check(repository, args.repair, args.keys)
        else:
            checking = args.action == "verify"
            result = (
                ingest.verify(repository, args.package)
                if checking
                else ingest.ingest(repository, args.package, receipt_out=args.receipt_out)
            )
            _report(result, checking)
            if result.missing:
                kind = VerifiedGap if checking else SequenceGap
                gap = kind(missing=", ".join(map(str, result.missing)), device=result.device_id)
                print(f"sillok: {gap.message()}", file=sys.stderr)
                return gap.exit_code
    return 0


def _move(args: argparse.Namespace) -> int:
    from app.sync.repository.move import move_to_postgres

    secret = passphrase.existing(args.passphrase_file)
    repository = Repository.open(args.repo, secret)
    if repository.store.kind != "sqlcipher":
        repository.close()
        raise AlreadyExists(path=str(args.repo))
    report = move_to_postgres(repository, secret, args.server)
    for table, digest in report.tables.items():
        print(
            _("{table}: {rows} rows, identical on the server (sha256 sum {digest})").format(
                table=table, rows=digest.rows, digest=digest.hex
            )
        )
    print(
        _(
            "The repository in {path} is now on the server; the file store is kept beside "
            "it as repository.db.moved."
        ).format(path=args.repo)
    )
    return 0


def _report(result: ingest.IngestResult, checking: bool) -> None:
    if result.duplicate:
        print(
            _("Package {sequence} of {device} is already held; nothing changed.").format(
                sequence=result.sequence, device=result.device_id
            )
        )
    elif checking:
        print(
            _("Package {sequence} of {device} is valid ({count} records).").format(
                sequence=result.sequence, device=result.device_id, count=result.new_records
            )
        )
    else:
        print(
            _("Package {sequence} of {device} ingested: {count} new record versions.").format(
                sequence=result.sequence, device=result.device_id, count=result.new_records
            )
        )
    if result.receipt_path is not None:
        print(_("Receipt: {path}").format(path=result.receipt_path))


def _list(repository: Repository, *, keys: bool = False) -> None:
    public = dict(custody_keys.device_keys(repository)) if keys else {}
    for device in listing.devices(repository):
        state = _("revoked {at}").format(at=device.revoked_at) if device.revoked_at else _("active")
        packages = ", ".join(map(str, device.packages)) or "-"
        print(
            _("{device}  {label}  [{state}]  packages: {packages}  records: {records}").format(
                device=device.device_id,
                label=device.label,
                state=state,
                packages=packages,
                records=device.records,
            )
        )
        name = custody_keys.device_key_name(device.device_id)
        if name in public:
            print(_("  {name}:").format(name=name))
            print(public[name], end="")
    for alert in listing.alerts(repository):
        print(
            _("ALERT {id} {at} {kind}: device {device} package {sequence}: {detail}").format(
                id=alert.id,
                at=alert.at,
                kind=alert.kind,
                device=alert.device_id,
                sequence=alert.sequence,
                detail=alert.detail,
            )
        )
        if alert.cleared_at is not None:
            print(
                _("    cleared {at} by {by}: {reason}").format(
                    at=alert.cleared_at, by=alert.cleared_by, reason=alert.cleared_reason
                )
            )
        elif alert.kind == "cloned_device":
            print(_("    BLOCKS device {device} until cleared").format(device=alert.device_id))


def _check(repository: Repository, repair: bool, keys: bool) -> None:
    report = check.check(repository, repair=repair, keys=keys)
    print(
        _("{packages} packages and {objects} attachment objects held.").format(
            packages=report.packages, objects=report.objects
        )
    )
    for finding in report.repaired:
        print(_("repaired  {path}: {detail}").format(path=finding.path, detail=_(finding.detail)))
    for finding in report.problems:
        print(_("FAILED    {path}: {detail}").format(path=finding.path, detail=_(finding.detail)))
    for name in report.leftovers:
        print(_("leftover  {path} (of an interrupted ingest)").format(path=name))
    if not report.index.checked:
        print(_("The search index was not checked: your role may not read it."))
    for drift in report.index.repaired:
        print(_("repaired  {path}: {detail}").format(path=drift.path, detail=_(drift.detail)))
    for drift in report.index.drift:
        print(_("FAILED    {path}: {detail}").format(path=drift.path, detail=_(drift.detail)))
        if drift.by:
            print(_("          written by {who}").format(who=drift.by))
    if report.index.checked and not report.index.drift:
        print(_("The search index answers for every current record."))
    for row in report.disclosures or []:
        print(
            _("disclosure {number} ({file_name}): {outcome} {reason}").format(
                number=row["number"],
                file_name=row["file_name"],
                outcome=disclosure_register.outcome_text(row["outcome"]),
                reason=row["outcome_reason"],
            )
        )
    report.raise_if_failed()
