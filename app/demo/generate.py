"""Fill a demo database: invented interviews, each walked through the default
questionnaire, through the same audited services as real work.

`create_demo(path, passphrase, interviews)` makes a new encrypted database marked
`purpose = demo` and fills it; `populate(database, interviews)` fills one already marked.
The same seed gives the same interviews (ids and times aside).
Each interview is written by `app.demo.writer.InterviewWriter`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.crypto.kdf import KdfParams
from app.demo import (
    DEFAULT_INTERVIEWS,
    DEMO_ACTOR,
    MAX_INTERVIEWS,
    default_demo_database,
    is_demo,
    is_real_database_path,
    mark_as_demo,
)
from app.demo.errors import (
    DemoAtRealDatabase,
    DemoCountInvalid,
    DemoNotEmpty,
    NotADemoDatabase,
)
from app.demo.scenarios import SCENARIOS
from app.demo.writer import InterviewWriter
from app.questionnaire import legacy_questionnaire
from app.services import Services
from app.store.database import Database

Progress = Callable[[int, int, str], None]
"""`progress(done, total, label)`: called after each interview."""


@dataclass(frozen=True)
class DemoSummary:
    interviews: int
    answers: int
    segments: int
    tags: int


def check_count(count: int) -> None:
    if not 1 <= count <= MAX_INTERVIEWS:
        raise DemoCountInvalid(count=count, maximum=MAX_INTERVIEWS)


def check_target(path: Path, interviews: int) -> None:
    """Refuse before anything is asked or written: a count out of range, or the place of
    the real database."""
    check_count(interviews)
    if is_real_database_path(path):
        raise DemoAtRealDatabase(
            path=str(path), suggestion=str(Path(path).with_name("sillok-demo.db"))
        )


def create_demo(
    path: Path,
    passphrase: str,
    interviews: int,
    *,
    kdf_params: KdfParams | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> DemoSummary:
    """A new encrypted demo database at `path` with `interviews` invented interviews.
    Refuses the real database's place, and (AlreadyExists) any existing file."""
    check_target(path, interviews)
    with Database.create(path, passphrase, kdf_params) as database:
        mark_as_demo(database)
        return populate(database, interviews, seed=seed, progress=progress)


def fill_new_demo(
    database: Database,
    interviews: int = DEFAULT_INTERVIEWS,
    *,
    progress: Progress | None = None,
) -> DemoSummary:
    """Mark a new, empty database as a demo and fill it (what the desktop app runs on the
    worker after the demo database was created). A database that holds any record is
    refused: real work must never be marked as a demo."""
    check_count(interviews)
    if is_real_database_path(database.path):
        raise DemoAtRealDatabase(path=str(database.path), suggestion=str(default_demo_database()))
    with database.reading() as connection:
        audited = connection.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    if audited:
        raise DemoNotEmpty(path=str(database.path))
    mark_as_demo(database)
    return populate(database, interviews, progress=progress)


def populate(
    database: Database,
    interviews: int,
    *,
    seed: int = 0,
    progress: Progress | None = None,
    clock: Callable[[], datetime] | None = None,
) -> DemoSummary:
    """Add `interviews` invented interviews to a database marked as a demo."""
    check_count(interviews)
    if not is_demo(database):
        raise NotADemoDatabase(path=str(database.path))
    services = Services(database, actor=DEMO_ACTOR)
    questionnaire = legacy_questionnaire()
    now = (clock or (lambda: datetime.now(UTC)))()
    totals = [0, 0, 0]
    first = len(services.interviews.find()) + 1  # codes go on from those already there
    for done, number in enumerate(range(first, first + interviews), start=1):
        scenario = SCENARIOS[(number - 1) % len(SCENARIOS)]
        started = (now - timedelta(days=4 * (interviews - done) + 2)).replace(
            hour=1, minute=30, second=0, microsecond=0
        )
        rng = random.Random(seed * 10_007 + number)  # noqa: S311 (invented data, no secret)
        writer = InterviewWriter(services, questionnaire, rng)
        answers, segments, tags = writer.write(number, scenario, started)
        totals = [totals[0] + answers, totals[1] + segments, totals[2] + tags]
        if progress is not None:
            progress(done, interviews, scenario.title)
    return DemoSummary(interviews, *totals)
