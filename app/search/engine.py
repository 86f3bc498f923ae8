"""Searching: the index proposes, the text confirms, the best hits come back with snippets.

1. Whatever was written since the last search is indexed (`index.refresh`).
2. The index gives the most recent `WINDOW` records that match the expression of the
   query and pass the filters, each with its BM25 score.
3. In score order, each record's text is read and checked with the query's patterns
   (whole-word rule for one syllable, word order, no match across two words); the first
   `limit` confirmed records are the results, each with a snippet, the highlighted spans
   and where to open it.

Everything runs inside the encrypted database and in memory: no text is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.search import index
from app.search.documents import SOURCES, document
from app.search.errors import IndexUnavailable
from app.search.filters import SearchFilters, resolve, sql_conditions
from app.search.query import Query, parse_query
from app.store.connection import Connection, DatabaseError
from app.store.database import Database

WINDOW = 200
"""How many matching records (most recent first) are ranked for one search."""

SNIPPET_BEFORE = 30
SNIPPET_LENGTH = 120


@dataclass(frozen=True)
class Hit:
    kind: str
    """transcript_segment, answer, incident, person or facility."""
    record_id: str
    interview_id: str | None
    interview_code: str | None
    target: str
    """Where to open it: "segment:<id>:<start>-<end>" (characters of the segment text),
    "answer:<id>", "incident:<id>", "person:<id>" or "facility:<id>"."""
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    """Spans of `snippet` to highlight (start inclusive, end exclusive)."""
    start: int
    end: int
    """The first match, in characters of the record's searchable text."""
    score: float


@dataclass(frozen=True)
class Results:
    query: Query
    hits: tuple[Hit, ...]
    matched: int
    """Records the index matched (before the text check), at most WINDOW."""
    capped: bool
    """True when more than WINDOW records matched: only the most recent were ranked."""


def target_of(kind: str, record_id: str, start: int, end: int) -> str:
    if kind == "transcript_segment":
        return f"segment:{record_id}:{start}-{end}"
    return f"{kind}:{record_id}"


def snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A piece of `text` around its first span, on one line, and the spans inside it."""
    first = spans[0][0]
    begin = max(0, first - SNIPPET_BEFORE)
    finish = min(len(text), begin + SNIPPET_LENGTH)
    begin = max(0, min(begin, finish - SNIPPET_LENGTH))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if finish < len(text) else ""
    piece = " ".join(text[begin:finish].split("\n"))
    inside = tuple(
        (max(s, begin) - begin + len(prefix), min(e, finish) - begin + len(prefix))
        for s, e in spans
        if s < finish and e > begin
    )
    return prefix + piece + suffix, inside


class _Codes:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.known: dict[str, str | None] = {}

    def __call__(self, interview_id: str | None) -> str | None:
        if interview_id is None:
            return None
        if interview_id not in self.known:
            row = self.connection.execute(
                "SELECT code FROM interviews WHERE id = ?", (interview_id,)
            ).fetchone()
            self.known[interview_id] = None if row is None else str(row[0])
        return self.known[interview_id]


def run_query(connection: Connection, query: Query, filters: SearchFilters, limit: int) -> Results:
    """Search an index that is up to date (see `search`)."""
    conditions, params = sql_conditions(resolve(connection, filters))
    where = "".join(f" AND ({condition})" for condition in conditions)
    rows = connection.execute(
        f"""SELECT bm25(search_fts), d.kind, d.record_id, d.interview_id
            FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid
            WHERE search_fts MATCH ?{where}
            ORDER BY search_fts.rowid DESC LIMIT ?""",  # noqa: S608 - conditions are fixed SQL
        (query.expression(names=index.names_current(connection)), *params, WINDOW + 1),
    ).fetchall()
    capped = len(rows) > WINDOW
    rows = rows[:WINDOW]
    rows.sort(key=lambda row: row[0])
    codes = _Codes(connection)
    hits: list[Hit] = []
    for score, kind, record_id, interview_id in rows:
        if len(hits) >= limit:
            break
        stored = connection.execute(
            f'SELECT body FROM "{SOURCES[kind]}" WHERE id = ?',  # noqa: S608 - fixed table names
            (record_id,),
        ).fetchone()
        if stored is None:
            continue
        text = document(kind, record_id, stored[0]).text
        spans = query.spans(text)
        if not spans:
            continue
        piece, highlights = snippet(text, spans)
        start, end = spans[0]
        hits.append(
            Hit(
                kind=kind,
                record_id=record_id,
                interview_id=interview_id,
                interview_code=codes(interview_id),
                target=target_of(kind, record_id, start, end),
                snippet=piece,
                highlights=highlights,
                start=start,
                end=end,
                score=float(score),
            )
        )
    return Results(query, tuple(hits), len(rows), capped)


def search(
    database: Database,
    text: str,
    filters: SearchFilters | None = None,
    *,
    exact: bool = False,
    limit: int = 20,
    progress: index.Progress | None = None,
) -> Results:
    """The best `limit` hits for `text` (see the module documentation). `progress` hears
    about indexing when there is much to index first (after an update of the app)."""
    query = parse_query(text, exact=exact)
    try:
        index.refresh(database, progress)
        with database.reading() as connection:
            return run_query(connection, query, filters or SearchFilters(), limit)
    except DatabaseError as error:  # damage and a full disk are already our errors
        raise IndexUnavailable(detail=str(error)) from error
