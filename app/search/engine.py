"""Searching: the index proposes, the text confirms, the best hits come back with snippets.

1. Whatever was written since the last search is indexed (`index.refresh`).
2. The index gives the most recent `WINDOW` records that match the expression of the
   query and pass the filters.
3. Each record's text is read and checked with the query's patterns (whole-word rule for
   one syllable, word order, no match across two words), which also count each term's
   matches; the confirmed records are ranked by those counts (BM25's term-frequency
   saturation and length normalisation, `score`) and the best `limit` are the results,
   each with a snippet, the highlighted spans and where to open it.

FTS5's own bm25() is not used: it counts, at every query, every record that contains each
phrase of the query (its inverse document frequency), which was 60–90 % of a search's time
over 10,000 transcripts. Among the candidates of one query the frequency of a term is the
same for all, so for a one-term query the order is the same without it.

Everything runs inside the encrypted database and in memory: no text is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from app.search import index
from app.search.documents import SOURCES, document
from app.search.errors import IndexUnavailable
from app.search.filters import SearchFilters, resolve, sql_conditions
from app.search.query import Query, parse_query
from app.store.connection import Connection, DatabaseError
from app.store.database import Database

WINDOW = 200
"""How many matching records (most recent first) are ranked for one search."""

K1 = 1.2
B = 0.75
"""BM25's usual term-frequency saturation and length normalisation."""

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
    """Higher is better (see `score`)."""


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


class _Candidate(NamedTuple):
    kind: str
    record_id: str
    interview_id: str | None
    text: str
    spans: list[tuple[int, int]]
    counts: list[int]


def score(counts: list[int], length: int, average: float) -> float:
    """BM25 without its inverse document frequency: each term's matches, saturating, in a
    text of `length` characters where the candidates average `average`."""
    norm = K1 * (1 - B + B * length / max(average, 1.0))
    return sum(count * (K1 + 1) / (count + norm) for count in counts)


def _texts(connection: Connection, rows: list[tuple[str, str, str | None]]) -> dict[str, str]:
    """The searchable text of each record (by id), read with one query per kind."""
    wanted: dict[str, list[str]] = {}
    for kind, record_id, _interview in rows:
        wanted.setdefault(kind, []).append(record_id)
    texts: dict[str, str] = {}
    for kind, ids in wanted.items():
        marks = ", ".join("?" for _ in ids)
        for record_id, body in connection.execute(
            f'SELECT id, body FROM "{SOURCES[kind]}" WHERE id IN ({marks})',  # noqa: S608
            ids,
        ):
            texts[record_id] = document(kind, record_id, body).text
    return texts


def run_query(connection: Connection, query: Query, filters: SearchFilters, limit: int) -> Results:
    """Search an index that is up to date (see `search`)."""
    conditions, params = sql_conditions(resolve(connection, filters))
    where = "".join(f" AND ({condition})" for condition in conditions)
    expression = query.expression(
        names=index.names_current(connection),
        expand=lambda token: index.terms_starting(connection, token),
    )
    rows = connection.execute(
        f"""SELECT d.kind, d.record_id, d.interview_id
            FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid
            WHERE search_fts MATCH ?{where}
            ORDER BY search_fts.rowid DESC LIMIT ?""",  # noqa: S608 - conditions are fixed SQL
        (expression, *params, WINDOW + 1),
    ).fetchall()
    capped = len(rows) > WINDOW
    rows = rows[:WINDOW]
    texts = _texts(connection, rows)
    confirmed: list[_Candidate] = []
    for kind, record_id, interview_id in rows:
        text = texts.get(record_id)
        found = None if text is None else query.matches(text)
        if text is not None and found is not None:
            confirmed.append(_Candidate(kind, record_id, interview_id, text, *found))
    average = sum(len(c.text) for c in confirmed) / max(len(confirmed), 1)
    scores = [score(c.counts, len(c.text), average) for c in confirmed]
    # best first; between equals, the most recent (the order the index gave)
    order = sorted(range(len(confirmed)), key=lambda i: (-scores[i], i))
    codes = _Codes(connection)
    hits: list[Hit] = []
    for i in order[:limit]:
        best = confirmed[i]
        piece, highlights = snippet(best.text, best.spans)
        start, end = best.spans[0]
        hits.append(
            Hit(
                kind=best.kind,
                record_id=best.record_id,
                interview_id=best.interview_id,
                interview_code=codes(best.interview_id),
                target=target_of(best.kind, best.record_id, start, end),
                snippet=piece,
                highlights=highlights,
                start=start,
                end=end,
                score=scores[i],
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
