"""`sillok repository interviews | matrix | gaps | corroboration [decide] | register |
assess | same-witness | import | rebuild-view`: what analysts in Geneva read and record
matrix.py, assessments.py). Every verb takes `--json` for the whole answer as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli import passphrase, repository_corroboration
from app.i18n import _
from app.sync.repository import (
    assessments,
    consolidated,
    disclosure,
    disclosure_consent,
    disclosure_register,
    imports,
    matrix,
    redaction,
    registers,
    witness_decisions,
)
from app.sync.repository.analysis_errors import ImportRowsRefused, ViewDrift
from app.sync.repository.reinterview_requests import write_requests
from app.sync.repository.store import Repository

ACTIONS = (
    "interviews",
    "matrix",
    "gaps",
    "corroboration",
    "register",
    "assess",
    "same-witness",
    "import",
    "rebuild-view",
    "reinterview-requests",
    "disclose",
    "disclosures",
)


def register(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add the analysis verbs through sync's `action(name, help)`."""

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = action(name, help_text)
        parser.add_argument("--json", action="store_true", help=_("print the answer as JSON"))
        return parser

    listed = verb("interviews", _("every interview held, or one with all its versions"))
    listed.add_argument("interview", nargs="?", help=_("an interview id or code"))
    verb("matrix", _("the evidence matrix: elements by incident, facility, agency and period"))
    verb("gaps", _("elements resting on one witness or on hearsay only; who to re-interview"))
    repository_corroboration.register(verb)
    named = verb("register", _("a register: incidents, facilities, perpetrators, units, witnesses"))
    named.add_argument("name", choices=registers.REGISTERS, help=_("which register"))
    assess = verb("assess", _("record an analyst's reliability or credibility assessment"))
    assess.add_argument("target", help=_("a witness, or the id of a record (incident, answer…)"))
    assess.add_argument("--aspect", required=True, choices=assessments.ASPECTS)
    assess.add_argument("--rating", required=True, choices=assessments.RATINGS)
    assess.add_argument("--reasons", required=True, help=_("why, for the record"))
    pair = verb(
        "same-witness",
        _("record that two interviewees are the same person (or, with --different, not)"),
    )
    pair.add_argument("one", help=_("an interviewee or interview, by id or code"))
    pair.add_argument("other", help=_("another interviewee or interview, by id or code"))
    pair.add_argument("--different", action="store_true", help=_("they are not the same person"))
    pair.add_argument("--reasons", required=True, help=_("why, for the record"))
    rebuild = verb(
        "rebuild-view", _("derive the consolidated view again from every record version held")
    )
    rebuild.add_argument(
        "--check",
        action="store_true",
        help=_("only compare the view with the evidence, changing nothing"),
    )
    asking = verb(
        "reinterview-requests",
        _("write the signed list of witnesses one device should ask again, and what to ask"),
    )
    asking.add_argument("device", help=_("the device id"))
    asking.add_argument("--out", type=Path, required=True, help=_("the list file to write"))
    asking.add_argument("--note", default="", help=_("a note to the interviewers"))
    giving = verb(
        "disclose",
        _("write a disclosure for a named recipient: what consent allows, signed and encrypted"),
    )
    giving.add_argument(
        "--recipient-file",
        type=Path,
        required=True,
        help=_("the recipient's age public key (age1…), as a recipients file"),
    )
    giving.add_argument(
        "--recipient-name", required=True, help=_("who receives it, for the register")
    )
    giving.add_argument("--out", type=Path, required=True, help=_("the disclosure file to write"))
    giving.add_argument("--interview", action="append", default=[], help=_("an interview code"))
    giving.add_argument("--element", action="append", default=[], help=_("a legal element id"))
    giving.add_argument("--incident", action="append", default=[], help=_("an incident id"))
    giving.add_argument(
        "--redact",
        action="append",
        default=[],
        choices=sorted(redaction.REDACTIONS),
        help=_("a category to withhold (repeat for several)"),
    )
    giving.add_argument("--language", default="both", choices=("ko", "en", "both"))
    verb("disclosures", _("the register of disclosures: what, to whom, when, by whom"))
    taken = verb("import", _("import another organisation's interview records (CSV or JSON lines)"))
    taken.add_argument("file", type=Path, help=_("the CSV (.csv) or JSON lines (.jsonl) file"))
    taken.add_argument(
        "--organisation", required=True, help=_("the organisation the records come from")
    )
    taken.add_argument(
        "--dry-run",
        action="store_true",
        help=_("only report what would come in and what is refused and why"),
    )


def _print(value: Any, as_json: bool, lines: Callable[[Any], list[str]]) -> None:
    if as_json:
        json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        print()
    else:
        for line in lines(value):
            print(line)


def _interview_lines(rows: Any) -> list[str]:
    rows = rows if isinstance(rows, list) else [rows]
    return [
        f"{row['code']}  {row['device_id']}  v{row['version']}"
        + ("  " + _("imported") if row["imported"] else "")
        + (
            "  "
            + _("possible earlier statement: {count}").format(
                count=len(row["possible_earlier_statements"])
            )
            if row["possible_earlier_statements"]
            else ""
        )
        for row in rows
    ]


def _shown_lines(shown: dict[str, Any]) -> list[str]:
    """One interview: its line, then each record held with every version and its package."""
    lines = _interview_lines(shown)
    for held in shown["held"]:
        lines.append(f"  {held['kind']} {held['id']} v{held['version']}")
        for version in held["versions"]:
            lines.append(
                "    "
                + _("version {version}: {device} package {sequence}, received {received}").format(
                    version=str(version["version"]) + (" (-)" if version["deleted"] else ""),
                    device=version["device_id"],
                    sequence=version["sequence"],
                    received=version["received_at"] or "-",
                )
            )
        for made in held["assessments"]:
            lines.append(
                "    " + _("{aspect}: {rating} ({analyst}, {at}): {reasons}").format(**made)
            )
    return lines


def _matrix_lines(rows: list[dict[str, Any]]) -> list[str]:
    return [
        _("{element}: {witnesses} witnesses ({direct} direct, {hearsay} hearsay)").format(**row)
        for row in rows
    ]


def _gap_lines(value: dict[str, Any]) -> list[str]:
    return [f"{gap['element']}: {', '.join(gap['reasons'])}" for gap in value["gaps"]] + [
        _("re-interview {witness}: {reasons}").format(
            witness=row["witness"], reasons=", ".join(r["reason"] for r in row["reasons"])
        )
        for row in value["reinterview"]
    ]


def run(args: argparse.Namespace, repository: Repository, analyst: str) -> int:
    if args.action == "assess":
        made = assessments.assess(
            repository, args.target, args.aspect, args.rating, args.reasons, analyst
        )
        _print(
            made.__dict__,
            args.json,
            lambda m: [_("Assessment recorded (version {version}).").format(**m)],
        )
        return 0
    if args.action == "same-witness":
        decision = witness_decisions.decide(
            repository,
            args.one,
            args.other,
            same=not args.different,
            reasons=args.reasons,
            analyst=analyst,
        )
        _print(
            decision.__dict__,
            args.json,
            lambda d: [
                (
                    _("Recorded: the same person.")
                    if d["same"]
                    else _("Recorded: not the same person.")
                )
            ],
        )
        return 0
    if args.action == "corroboration" and args.step == "decide":
        return repository_corroboration.decide(args, repository, analyst, _print)
    if args.action == "import":
        return _import(args, repository, analyst)
    if args.action == "disclose":
        return _disclose(args, repository, analyst)
    if args.action == "disclosures":
        # the whole register, oldest first, as the record reads (the core's is newest first)
        _print(disclosure_register.register(repository)[::-1], args.json, _register_lines)
        return 0
    if args.action == "reinterview-requests":
        repository.read_testimony(args.action, args.device)
        requests = write_requests(repository, args.device, args.out, analyst, args.note)
        _print(
            {
                "path": str(args.out),
                "witnesses": len(requests.witnesses),
                "withheld_no_recontact": requests.withheld_no_recontact,
            },
            args.json,
            lambda v: [
                _("{witnesses} witness(es) to ask again written to {path}.").format(**v),
                _(
                    "{withheld_no_recontact} more left out: their consent does not allow "
                    "re-contact."
                ).format(**v),
            ],
        )
        return 0
    if args.action == "rebuild-view" and args.check:
        with repository.reading() as connection:
            drifted = consolidated.drift(connection)
        if drifted:
            raise ViewDrift(count=len(drifted), example=" ".join(drifted[0]))
        _print(
            {"drift": []}, args.json, lambda _v: [_("The consolidated view matches the evidence.")]
        )
        return 0
    if args.action == "rebuild-view":
        with repository.transaction() as connection:
            # On a server, the role at work (a custodian) is not the tables' owner.
            count = consolidated.rebuild(connection, owner=repository.store.kind == "sqlcipher")
        _print(
            {"records": count},
            args.json,
            lambda v: [_("Consolidated view rebuilt: {count} records.").format(count=v["records"])],
        )
        return 0
    # On the server, who reads which testimony and when goes to the access log first.
    detail = getattr(args, "interview", None) or getattr(args, "name", None) or ""
    repository.read_testimony(args.action, detail)
    with repository.reading() as connection:
        if args.action == "interviews":
            if args.interview:
                shown = registers.show(connection, args.interview)
                _print(shown, args.json, _shown_lines)
            else:
                _print(registers.interviews(connection), args.json, _interview_lines)
        elif args.action == "matrix":
            _print(matrix.matrix(connection), args.json, _matrix_lines)
        elif args.action == "gaps":
            found, asked = matrix.gaps_and_reinterview(connection)
            value = {"gaps": found, "reinterview": asked}
            _print(value, args.json, _gap_lines)
        elif args.action == "corroboration":
            _print(registers.corroborations(connection), args.json, repository_corroboration.lines)
        else:
            rows = registers.register(connection, args.name)
            _print(rows, args.json, lambda rs: [json.dumps(r, ensure_ascii=False) for r in rs])
    return 0


def _disclose(args: argparse.Namespace, repository: Repository, analyst: str) -> int:
    made = disclosure.disclose(
        repository,
        recipient=disclosure.recipient_from_file(args.recipient_file),
        recipient_name=args.recipient_name,
        out=args.out,
        made_by=analyst,
        selection=disclosure.Selection(
            tuple(args.interview), tuple(args.element), tuple(args.incident)
        ),
        redactions=args.redact,
        language=args.language,
    )
    value = {
        "number": made.number,
        "path": str(made.path),
        "sha256": made.sha256,
        "interviews": made.interviews,
        "withheld": made.withheld,
        "redacted": made.redacted,
    }

    def lines(v: dict[str, Any]) -> list[str]:
        return [
            _("Disclosure {number} written: {path}").format(**v),
            _("{count} interview(s) disclosed; {redacted} item(s) redacted.").format(
                count=len(v["interviews"]), redacted=v["redacted"]
            ),
            *(
                _("{count} left out: {reason}").format(
                    count=n, reason=_(disclosure_consent.WITHHELD_REASONS[reason])
                )
                for reason, n in v["withheld"].items()
            ),
            _("SHA-256: {sha}").format(sha=v["sha256"]),
        ]

    _print(value, args.json, lines)
    return 0


def _register_lines(rows: list[dict[str, Any]]) -> list[str]:
    return [
        _(
            "{number}. {made_at} to {recipient_name} by {made_by}: {count} interview(s), "
            "{file_name}"
        ).format(count=len(row["interviews"]), **row)
        + (
            ""
            if row["outcome"] == "written"
            else f" ({disclosure_register.outcome_text(row['outcome'])})"
        )
        for row in rows
    ]


def _import(args: argparse.Namespace, repository: Repository, analyst: str) -> int:
    report = imports.import_file(
        repository, args.file, args.organisation, by=analyst, dry_run=args.dry_run
    )

    def lines(value: dict[str, Any]) -> list[str]:
        if value["already_imported"]:
            return [
                _("This file was imported before (import {n}); nothing changed.").format(
                    n=value["import_id"]
                )
            ]
        return [
            (
                _("Would import {count} interview(s).")
                if value["dry_run"]
                else _("Imported {count} interview(s).")
            ).format(count=len(value["accepted"]))
        ] + [
            _("line {line} ({external_id}) refused: {reasons}").format(
                line=row["line"], external_id=row["external_id"], reasons=", ".join(row["reasons"])
            )
            for row in value["refused"]
        ]

    _print(report.as_json(), args.json, lines)
    if report.refused and not report.already_imported:
        refused = ImportRowsRefused(count=len(report.refused))
        print(f"sillok: {refused.message()}", file=sys.stderr)
        return refused.exit_code
    return 0


def run_open(args: argparse.Namespace, analyst: str) -> int:
    with Repository.open(args.repo, passphrase.existing(args.passphrase_file)) as repository:
        return run(args, repository, analyst)
