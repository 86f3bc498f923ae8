"""The demo database: synthetic interviews to practise on, clearly marked as such.

A demo database is an ordinary encrypted Sillok database with the row `purpose = demo`
in its `meta` table, written before any record. Every interview in it says so where a
person sees it: codes start with `DEMO-`, the interviewer is "연습 Demo", the notes read
"DEMO — synthetic practice data". The export refuses to send a database marked `demo`
to a repository that is not itself a demo repository.

Everything in it is invented: people, places of detention, events and words. Nothing is
taken from a real testimony.
"""

from __future__ import annotations

from pathlib import Path

from app.paths import data_dir, default_database
from app.store.database import Database

PURPOSE_KEY = "purpose"
DEMO_PURPOSE = "demo"
DEMO_NOTE = "DEMO — synthetic practice data · 연습용 가상 자료"
DEMO_INTERVIEWER = "연습 Demo"
DEMO_ACTOR = "demo-generator"
DEFAULT_INTERVIEWS = 3
MAX_INTERVIEWS = 200


def default_demo_database() -> Path:
    """Where the desktop app keeps the demo database: apart from the real one."""
    return data_dir() / "demo" / "sillok-demo.db"


def is_real_database_path(path: Path) -> bool:
    """Whether `path` is the default place of the real database."""
    return Path(path).expanduser().resolve() == default_database().expanduser().resolve()


def purpose(database: Database) -> str | None:
    """The `purpose` row of the database's meta table (`demo`), or None for a real one."""
    with database.reading() as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (PURPOSE_KEY,)).fetchone()
    return None if row is None else str(row[0])


def is_demo(database: Database) -> bool:
    return purpose(database) == DEMO_PURPOSE


def mark_as_demo(database: Database) -> None:
    """Write `purpose = demo` into the meta table (once; a marked database stays marked)."""
    with database.transaction() as connection:
        connection.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
            (PURPOSE_KEY, DEMO_PURPOSE),
        )


__all__ = [
    "DEFAULT_INTERVIEWS",
    "DEMO_ACTOR",
    "DEMO_INTERVIEWER",
    "DEMO_NOTE",
    "DEMO_PURPOSE",
    "MAX_INTERVIEWS",
    "PURPOSE_KEY",
    "default_demo_database",
    "is_demo",
    "is_real_database_path",
    "mark_as_demo",
    "purpose",
]
