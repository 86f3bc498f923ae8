"""Searching: every matching interview, counted exactly and ranked, a page of them with
every matching passage, snippets and where to open each.

1. Whatever was written since the last search is indexed (`index.refresh`).
2. The interviews that hold every clause (and none of the terms to leave out) are counted
   and ranked over all of them, from the interview-level index (app/search/by_interview.py)
   or, with filters, from every passage that may hold a term (app/search/candidates.py):
   no recent window, no cap.
3. For the interviews of the page (`offset`, `limit`), their best passages (`passages`,
   3 unless asked; 0 for all) are read and checked with the query's patterns (whole-word
   rule for one syllable, word order, no match across two words), which give the
   highlighted spans; passages holding more of the query come first, then in the order
   of the interview.

FTS5's own bm25() is not used: it counts, at every query, every record that contains each
phrase of the query, which was 60–90 % of a search's time over 10,000 transcripts.

The entry points take a `Database` (the laptop's SQLCipher file), or any `Source` (the
Geneva repository, app/sync/repository/search.py), and read it through SQL PostgreSQL
answers too, except the index lookups, index writes and the order interviews came in:
the one seam (app/search/backend.py) where the repository gives its own.

Everything runs inside the encrypted database and in memory: no text is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.search import index
from app.search.backend import Source
from app.search.by_interview import Found, GroupDocs, rank_groups
from app.search.candidates import K1, Matches, Text, Texts, matches_of, rank, term_spans
from app.search.errors import IndexUnavailable
from app.search.filters import SearchFilters, resolve, sql_conditions
from app.search.query import Query, Term, merge, parse_query
from app.store.connection import Connection, DatabaseError

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
    """The first match, in characters of the record's stored text."""
    score: float
    """Higher is better: how many of the query's clauses and matches the passage holds."""


@dataclass(frozen=True)
class Group:
    """One interview (or one record of no interview: a facility) and its matching passages."""

    interview_id: str | None
    interview_code: str | None
    score: float
    hits: tuple[Hit, ...]
    """Its best matching passages (as many as asked: `search(passages=...)`, 0 for all),
    those holding most of the query first."""
    count: int = 0
    """How many of its passages match: as the index proposes them (exact for one and two
    syllables, words in other scripts and names; for longer Korean terms a rare passage
    whose bigrams only line up across a space is counted, and dropped when shown)."""


@dataclass(frozen=True)
class Results:
    query: Query
    groups: tuple[Group, ...]
    """The page: interviews `offset` to `offset + limit` of all that match."""
    total: int
    """How many interviews (and records of no interview) match in all: exact."""
    offset: int = 0
    limit: int = 20
    newest_first: bool = False
    searched: tuple[Term, ...] = ()
    """The terms searched for, clause by clause: a word's stem where the word as typed
    found nothing (학교로 → 학교)."""

    @property
    def hits(self) -> tuple[Hit, ...]:
        """The passages of the page, interview by interview."""
        return tuple(hit for group in self.groups for hit in group.hits)

    @property
    def passages(self) -> int:
        return sum(len(group.hits) for group in self.groups)


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


def _codes(connection: Connection, groups: list[str]) -> dict[str, str]:
    wanted = [g for g in groups if ":" not in g]
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = connection.execute(
        f"SELECT id, code FROM interviews WHERE id IN ({marks})",  # noqa: S608
        wanted,
    ).fetchall()
    return {str(row[0]): str(row[1]) for row in rows}


def _hit(text: Text, used: list[Matches], clauses: list[set[int]], code: str | None) -> Hit | None:
    """The passage as a hit, if the text holds any term (the check of the index's proposal)."""
    spans: list[tuple[int, int]] = []
    held: set[int] = set()
    for number, found in enumerate(used):
        found_here = term_spans(found.term, text)
        if found_here:
            spans.extend(found_here)
            held |= {c for c, members in enumerate(clauses) if number in members}
    if not spans:
        return None
    merged = merge(spans)
    start, end = text.original(*merged[0])
    piece, highlights = snippet(text.normal, merged)
    return Hit(
        kind=text.kind,
        record_id=text.record_id,
        interview_id=text.interview_id,
        interview_code=code,
        target=target_of(text.kind, text.record_id, start, end),
        snippet=piece,
        highlights=highlights,
        start=start,
        end=end,
        score=len(held) + len(spans) / (len(spans) + K1),
    )


def _reading_order(group: str, used: list[Matches], clauses: list[set[int]]) -> list[int]:
    """The group's proposed passages, those holding more of the query's clauses first (the
    index says which), then in the order of the interview."""
    held: dict[int, set[int]] = {}
    for number, found in enumerate(used):
        clause = next(c for c, members in enumerate(clauses) if number in members)
        for doc in found.docs_of(group):
            held.setdefault(doc, set()).add(clause)
    return sorted(held, key=lambda doc: (-len(held[doc]), doc))


def _passages(
    order: list[int],
    used: list[Matches],
    clauses: list[set[int]],
    texts: Texts,
    code: str | None,
    wanted: int,
) -> Group | None:
    """The interview's best `wanted` passages (0: all), read in `order` and each checked
    against its text, so that a rare false proposal is replaced by the next one."""
    step = len(order) if wanted == 0 else wanted
    hits: list[tuple[tuple[float, int], Hit]] = []
    begin = 0
    while begin < len(order) and (wanted == 0 or len(hits) < wanted):
        part = order[begin : begin + step]
        texts.read(part)
        for doc in part:
            text = texts[doc]
            hit = None if text is None else _hit(text, used, clauses, code)
            if hit is not None:
                hits.append(((-hit.score, doc), hit))
        begin += step
    if not hits:
        return None
    hits.sort(key=lambda item: item[0])
    chosen = hits if wanted == 0 else hits[:wanted]
    first = chosen[0][1]
    return Group(first.interview_id, code, 0.0, tuple(hit for _key, hit in chosen), len(order))


def run_query(
    connection: Connection,
    query: Query,
    filters: SearchFilters,
    limit: int,
    offset: int = 0,
    newest_first: bool = False,
    passages: int = 3,
    *,
    by_interview: bool = True,
) -> Results:
    """Search an index that is up to date (see `search`). Without filters, interviews are
    counted and ranked from the interview-level index (`by_interview`); with filters, or
    `by_interview=False`, from every matching passage (app/search/candidates.py)."""
    allowed = resolve(connection, filters)
    conditions, params = sql_conditions(allowed)
    # one interview (the panel's "show them all"): its group alone, from the same index
    within = allowed.interview if conditions == ["d.interview_id = ?"] else None
    where = "".join(f" AND ({condition})" for condition in conditions)
    names = index.names_current(connection)
    cache: dict[str, Matches] = {}

    def lookup(term: Term) -> Matches:
        expression = term.expression(
            names, expand=lambda token: index.terms_starting(connection, token)
        )
        if expression not in cache:
            exact = term.index_exact(names)
            cache[expression] = matches_of(connection, term, expression, exact, where, params)
        return cache[expression]

    texts = Texts(connection)
    clauses: list[set[int]] = []  # which clause each matched term answers
    position = 0
    for clause in query.clauses:
        clauses.append(set(range(position, position + len(clause))))
        position += len(clause)
    if by_interview and (not conditions or within is not None):
        page, total, per_term, scores = _page_by_interview(
            connection, query, names, texts, newest_first, offset, limit, within
        )
    else:
        ranked = rank(connection, query, lookup, texts, newest_first)
        page, total = ranked.groups[offset : offset + limit], len(ranked.groups)
        per_term, scores = ranked.per_term, ranked.scores
    codes = _codes(connection, page)
    groups: list[Group] = []
    orders = {key: _reading_order(key, per_term, clauses) for key in page}
    # the first passages of every interview of the page, read in one go
    texts.read([doc for order in orders.values() for doc in order[: passages or len(order)]])
    for key in page:
        found = _passages(orders[key], per_term, clauses, texts, codes.get(key), passages)
        if found is not None:
            groups.append(replace(found, score=scores[key]))
    searched = tuple(found.term for found in per_term)
    return Results(query, tuple(groups), total, offset, limit, newest_first, searched)


def _page_by_interview(
    connection: Connection,
    query: Query,
    names: bool,
    texts: Texts,
    newest_first: bool,
    offset: int,
    limit: int,
    within: str | None = None,
) -> tuple[list[str], int, list[Matches], dict[str, float]]:
    """The page's groups, how many match in all, each term's passages in the page's
    groups and the groups' scores, from the interview-level index (app/search/by_interview.py)."""

    def expand(token: str) -> list[str] | None:
        return index.terms_starting(connection, token)

    cache: dict[str, Matches] = {}

    def every_passage(expression: str) -> Matches:
        if expression not in cache:
            cache[expression] = matches_of(connection, Term("", ()), expression, False, "", [])
        return cache[expression]

    docs = GroupDocs(connection)
    ranked = rank_groups(
        connection,
        query,
        lambda term: term.parts(names, expand),
        every_passage,
        docs,
        texts,
        newest_first,
        within=None if within is None else docs.group_of_interview(within),
        upto=offset + limit,
    )

    chosen = ranked.groups[offset : offset + limit]
    page = [docs.key(grp) for grp in chosen]
    # The passages of the page's interviews, one look at the index per clause and
    # interview: each term of a clause is given the passages holding any of them, which
    # is what the order of the passages (how many clauses each holds) and the count need.
    # On the server all clauses in one look (`matching_all`).
    clauses: list[tuple[list[Found], str]] = []
    position = 0
    for clause in query.clauses:
        used = ranked.per_term[position : position + len(clause)]
        position += len(clause)
        clauses.append((used, " OR ".join(found.term.expression(names, expand) for found in used)))
    per_term: list[Matches] = []
    each = docs.matching_all(chosen, [expression for _used, expression in clauses])
    for (used, _expression), matching in zip(clauses, each, strict=True):
        listed = dict(zip(page, matching, strict=True))
        per_term.extend(Matches(found.term, found.exact, listed) for found in used)
    scores = {key: ranked.scores[grp] for grp, key in zip(chosen, page, strict=True)}
    return page, ranked.total, per_term, scores


def search(
    database: Source,
    text: str,
    filters: SearchFilters | None = None,
    *,
    exact: bool = False,
    limit: int = 20,
    offset: int = 0,
    newest_first: bool = False,
    passages: int = 3,
    progress: index.Progress | None = None,
    by_interview: bool = True,
) -> Results:
    """The interviews `offset` to `offset + limit` of all that match `text`, best first
    (or newest first), each with its best `passages` passages (0: every one), and how
    many match in all (see the module documentation). `progress` hears about indexing
    when there is much to index first (after an update of the app). `by_interview=False`
    counts and ranks from every matching passage, as before the interview-level index
    (for comparisons; filters always do)."""
    query = parse_query(text, exact=exact)
    try:
        index.refresh(database, progress)
        with database.reading() as connection:
            return run_query(
                connection,
                query,
                filters or SearchFilters(),
                limit,
                offset,
                newest_first,
                passages,
                by_interview=by_interview,
            )
    except DatabaseError as error:  # damage and a full disk are already our errors
        raise IndexUnavailable(detail=str(error)) from error
