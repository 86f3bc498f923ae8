"""`sillok repository search`: search across all testimony held in the repository, with
the options and the output of `sillok search` (app/sync/repository/search.py)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from app.cli import passphrase
from app.cli.search import page_of, paging_options, print_results, quietly
from app.i18n import _
from app.search import Results
from app.sync.repository import search
from app.sync.repository.store import Repository

ACTION = "search"


def register(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    parser = action(
        ACTION,
        _("search all testimony of every device and import, with every spelling of a name"),
    )
    parser.add_argument("query", help=_("words to find (quote a phrase)"))
    paging_options(parser)
    parser.add_argument("--json", action="store_true", help=_("print the answer as JSON"))


def as_json(results: Results) -> dict[str, Any]:
    """The results as `--json` prints them."""
    return {
        "query": results.query.text,
        "total": results.total,
        "offset": results.offset,
        "limit": results.limit,
        "newest_first": results.newest_first,
        "searched": sorted({s.text for t in results.searched for s in t.spellings}),
        "interviews": [
            {
                "interview_id": group.interview_id,
                "interview_code": group.interview_code,
                "score": group.score,
                "passages": group.count,
                "hits": [asdict(hit) for hit in group.hits],
            }
            for group in results.groups
        ],
    }


def run(args: argparse.Namespace) -> int:
    """Search, then print; a reader that goes away (`| head`) ends it quietly."""
    return quietly(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    options = page_of(args)
    with Repository.open(args.repo, passphrase.existing(args.passphrase_file)) as repository:
        results = search.search(repository, args.query, **options)
    if args.json:
        json.dump(as_json(results), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_results(results)
    sys.stdout.flush()
    return 0
