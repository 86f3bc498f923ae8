"""A child process that saves answers as fast as it can and acknowledges each one.

Run as `python tests/crash_writer.py DB INTERVIEW_ID START` with the passphrase on the
first line of standard input. After each save has returned (committed), it prints
`ack N` and flushes; the parent kills it with SIGKILL at a random moment and then checks
that every acknowledged save is in the database.
"""

from __future__ import annotations

import sys
from pathlib import Path
from uuid import UUID

from app.domain import TextValue
from app.services import Services
from app.store.database import Database


def main() -> None:
    db, interview_id, start = Path(sys.argv[1]), UUID(sys.argv[2]), int(sys.argv[3])
    passphrase = sys.stdin.readline().rstrip("\n")
    database = Database.open(db, passphrase)
    services = Services(database, actor="crash-writer")
    print("ready", flush=True)
    number = start
    while True:
        services.answers.save(
            interview_id, f"q.crash.{number}", TextValue(text=f"답변 {number} answer")
        )
        print(f"ack {number}", flush=True)
        number += 1


if __name__ == "__main__":
    main()
