"""A child process that ingests one package at Geneva, for the kill -9 tests.

Run as `python tests/crash_ingest.py REPO PACKAGE` with the repository passphrase on the
first line of standard input and SILLOK_CRASH_POINT naming the step of the ingest at which
it kills itself (app/sync/repository/keeping.py). Prints `opened` once the repository is
open (the parent may time a kill from there) and `done` if it gets to the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.sync.repository.ingest import ingest
from app.sync.repository.store import Repository


def main() -> None:
    repo, package = Path(sys.argv[1]), Path(sys.argv[2])
    passphrase = sys.stdin.readline().rstrip("\n")
    with Repository.open(repo, passphrase) as repository:
        print("opened", flush=True)
        ingest(repository, package)
    print("done", flush=True)


if __name__ == "__main__":
    main()
