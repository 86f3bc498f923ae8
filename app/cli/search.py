"""`sillok search` and `sillok corroborate`: full-text search and candidate corroborations
from the command line, the same core the desk uses."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli import passphrase
from app.i18n import N_, _
from app.i18n.formats import format_number, plural
from app.search import Results, SearchFilters, parse_date, rebuild, search
from app.search.corroboration import contradictions
from app.search.decisions import CorroborationDecisions, Status, Verdict
from app.search.errors import FilterInvalid
from app.search.labels import (
    CONTRADICTION_NAMES,
    KIND_NAMES,
    REASON_NAMES,
    STATUS_NAMES,
    interviews_page,
)
from app.services.base import ServiceContext
from app.store.database import Database


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=_("database file"))
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=None,
        help=_("read the passphrase from the first line of FILE (- for standard input)"),
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    help_text = _("search all testimony, in Korean and English, with every spelling of a name")
    parser = sub.add_parser("search", help=help_text, description=help_text)
    _common(parser)
    parser.add_argument("query", nargs="?", default=None, help=_("words to find (quote a phrase)"))
    paging_options(parser)
    parser.add_argument("--from", dest="date_from", metavar="DATE", help=_("incidents from"))
    parser.add_argument("--to", dest="date_to", metavar="DATE", help=_("incidents until"))
    parser.add_argument("--place", help=_("incidents at this place (any spelling)"))
    parser.add_argument("--facility", help=_("incidents at this facility"))
    parser.add_argument("--agency", help=_("incidents involving this agency"))
    parser.add_argument("--element", help=_("records tagged with this legal element"))
    parser.add_argument("--interview", help=_("only this interview (code or id)"))
    parser.add_argument(
        "--rebuild", action="store_true", help=_("index all testimony again, then search")
    )
    help_text = _("list candidate corroborations across witnesses, and contradictions")
    corroborate = sub.add_parser("corroborate", help=help_text, description=help_text)
    _common(corroborate)
    verdict = corroborate.add_mutually_exclusive_group()
    verdict.add_argument("--confirm", metavar="KEY", help=_("confirm this candidate"))
    verdict.add_argument("--reject", metavar="KEY", help=_("reject this candidate"))
    corroborate.add_argument("--note", default=None, help=_("why (kept with the decision)"))
    corroborate.add_argument(
        "--actor", default="analyst", help=_("who decides (recorded in the audit trail)")
    )


def check_paging(args: argparse.Namespace) -> None:
    """--limit, --offset and --passages as they may be (FilterInvalid otherwise)."""
    if args.limit < 1:
        raise FilterInvalid(name="--limit", value=str(args.limit), detail=N_("use 1 or more"))
    for name, value in (("--offset", args.offset), ("--passages", args.passages)):
        if value < 0:
            raise FilterInvalid(name=name, value=str(value), detail=N_("use 0 or more"))


def paging_options(parser: argparse.ArgumentParser) -> None:
    """The options of a page of results, the same for `search` and `repository search`."""
    parser.add_argument(
        "--exact", action="store_true", help=_("only this spelling, not the other names")
    )
    parser.add_argument(
        "--limit", type=int, default=20, help=_("show at most this many interviews (20)")
    )
    parser.add_argument(
        "--offset", type=int, default=0, help=_("skip this many interviews (the next page)")
    )
    parser.add_argument(
        "--passages",
        type=int,
        default=3,
        help=_("show at most this many passages of each interview (3; 0 for all)"),
    )
    parser.add_argument(
        "--newest", action="store_true", help=_("newest interviews first, not the best")
    )


def page_of(args: argparse.Namespace) -> dict[str, Any]:
    """The search's keyword arguments from the paging options (`paging_options`)."""
    check_paging(args)
    return {
        "exact": args.exact,
        "limit": args.limit,
        "offset": args.offset,
        "newest_first": args.newest,
        "passages": args.passages,
        "progress": indexing,
    }


def _filters(args: argparse.Namespace) -> SearchFilters:
    check_paging(args)
    return SearchFilters(
        date_from=parse_date(args.date_from, end=False, name="--from") if args.date_from else None,
        date_to=parse_date(args.date_to, end=True, name="--to") if args.date_to else None,
        place=args.place,
        facility=args.facility,
        agency=args.agency,
        element=args.element,
        interview=args.interview,
    )


def _marked(snippet: str, highlights: tuple[tuple[int, int], ...]) -> str:
    out, last = [], 0
    for start, end in highlights:
        out += [snippet[last:start], "[", snippet[start:end], "]"]
        last = end
    return "".join([*out, snippet[last:]])


def indexing(done: int, total: int) -> None:
    """On stderr, so that the results on stdout stay clean."""
    end = "\n" if done >= total else "\r"
    message = _("Indexing: {done} of {total} records").format(done=done, total=total)
    print(message, end=end, file=sys.stderr, flush=True)


def run_search(args: argparse.Namespace) -> int:
    """Search, then print; a reader that goes away (`| head`) ends it quietly."""
    return quietly(lambda: _run_search(args))


def quietly(run: Callable[[], int]) -> int:
    """`run`, ended quietly when the reader of its output goes away (`| head`)."""
    try:
        return run()
    except BrokenPipeError:
        # The reader has gone: whatever is still buffered must not fail at exit either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0


def _run_search(args: argparse.Namespace) -> int:
    filters = _filters(args)
    with Database.open(args.db, passphrase.existing(args.passphrase_file)) as database:
        if args.rebuild:
            count = rebuild(database, indexing)
            print(_("Indexed {count} records again.").format(count=count))
            if args.query is None:
                return 0
        results = search(database, args.query or "", filters, **page_of(args))
    print_results(results)
    sys.stdout.flush()
    return 0


def print_results(results: Results) -> None:
    terms = results.searched or results.query.terms
    searched = sorted({s.text for t in terms for s in t.spellings})
    print(_("Searched for: {spellings}").format(spellings=", ".join(searched)))
    for group in results.groups:
        count = plural(group.count, N_("{count} passage"), N_("{count} passages"))
        print(f"{group.interview_code or '—'}  ({count})")
        shown = group.hits
        for hit in shown:
            print(f"    {_(KIND_NAMES[hit.kind])}  {hit.target}")
            print(f"        {_marked(hit.snippet, hit.highlights)}")
        if len(shown) < group.count:
            print(
                "    "
                + _("… {count} more: add --passages 0 --interview {code}").format(
                    count=group.count - len(shown), code=group.interview_code or "—"
                )
            )
    if not results.groups:
        if results.total == 0:
            print(_("No interview found."))
        else:
            print(
                _("No more interviews: {total} match in all.").format(
                    total=format_number(results.total)
                )
            )
        return
    first = results.offset + 1
    last = results.offset + len(results.groups)
    print(interviews_page(first, last, results.total))
    if last < results.total:
        print(_("Next page: --offset {offset}").format(offset=last))


def run_corroborate(args: argparse.Namespace) -> int:
    with Database.open(args.db, passphrase.existing(args.passphrase_file)) as database:
        decisions = CorroborationDecisions(ServiceContext(database, args.actor))
        key = args.confirm or args.reject
        if key:
            verdict = Verdict.CONFIRMED if args.confirm else Verdict.REJECTED
            decisions.decide(key, verdict, args.note)
            print(
                _("Recorded: {key} {verdict}.").format(
                    key=key, verdict=_(STATUS_NAMES[Status(verdict.value)])
                )
            )
            return 0
        reviewed = decisions.review()
        with database.reading() as connection:
            found = contradictions(connection)
    print(_("Candidate corroborations: {count}").format(count=len(reviewed)))
    for item in reviewed:
        candidate = item.candidate
        print(
            f"{candidate.key}\n    {_(REASON_NAMES[candidate.reason])}: {candidate.shared}"
            f"  [{_(STATUS_NAMES[item.status])}]"
        )
        for incident in candidate.incidents:
            print(f"      {incident.interview_code}  {incident.title}  ({incident.id})")
    print(_("Possible contradictions within one witness: {count}").format(count=len(found)))
    for contradiction in found:
        print(f"    {_(CONTRADICTION_NAMES[contradiction.kind])}")
        for incident in (contradiction.first, contradiction.second):
            told = f"{incident.earliest}…{incident.latest}" if incident.earliest else "—"
            print(
                f"      {incident.interview_code}  {incident.title}  {told}  "
                f"{incident.place_label or incident.facility_label}"
            )
    return 0
