"""Which interviews match a query, counted exactly and ranked, from the index.

A query is clauses (every one must be found in an interview, not necessarily in the same
passage), each clause any of its terms, and terms to leave out. For each term the index
gives every passage (record) that may hold it, with its interview: `Matches`. Records of
no interview (facilities) are a group of their own.

The index is exact for most terms (one syllable, two syllables, an ASCII word, a name by
its key): then nothing needs reading to know an interview matches. For the others (three
syllables and more, phrases, numbers, acronyms) the index may propose a passage whose
words only line up across a space; there each interview's passages are read until one
confirms the term, usually the first. The count is therefore exact, over every match.

Ranking uses only what the index gave, so every matching interview is ranked, whatever
their number: for each term, how many of the interview's passages hold it (saturating as
BM25 does) weighted by how rare the term is among interviews (BM25's inverse document
frequency), and, when the query has several clauses, a bonus for passages that hold
several of them (nearer together ranks higher). Ties, and `newest_first`, go by the order
interviews were written in.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from app.search.backend import backend_of
from app.search.documents import SOURCES, document
from app.search.korean import fold, normalise_mapped
from app.search.query import Query, Term
from app.store.connection import Connection

K1 = 1.2
"""BM25's usual term-frequency saturation."""
NEAR = 1.5
"""Weight of a passage that holds several clauses, against one term's weight."""
CHUNK = 500


@dataclass(frozen=True)
class Text:
    kind: str
    record_id: str
    interview_id: str | None
    text: str
    """As stored (targets are offsets in it)."""
    normal: str
    """As searched (app.search.korean.normalise)."""
    starts: list[int] | None
    """For each character of `normal`, its offset in `text` (None: the same)."""
    folded: str

    def original(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None:
            return start, end
        return self.starts[start], self.starts[end]


class Texts:
    """The records' texts, read from their tables when first wanted (in chunks)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.known: dict[int, Text | None] = {}

    def read(self, docs: list[int]) -> None:
        wanted = [doc for doc in dict.fromkeys(docs) if doc not in self.known]
        for begin in range(0, len(wanted), CHUNK):
            part = wanted[begin : begin + CHUNK]
            marks = ", ".join("?" for _ in part)
            rows = self.connection.execute(
                f"SELECT doc, kind, record_id, interview_id FROM search_docs "  # noqa: S608
                f"WHERE doc IN ({marks})",
                part,
            ).fetchall()
            by_kind: dict[str, dict[str, tuple[int, str | None]]] = {}
            for doc, kind, record_id, interview_id in rows:
                by_kind.setdefault(kind, {})[record_id] = (doc, interview_id)
            for doc in part:
                self.known[doc] = None
            for kind, records in by_kind.items():
                ids = list(records)
                marks = ", ".join("?" for _ in ids)
                for record_id, body in self.connection.execute(
                    f'SELECT id, body FROM "{SOURCES[kind]}" WHERE id IN ({marks})',  # noqa: S608
                    ids,
                ):
                    doc, interview_id = records[record_id]
                    text = document(kind, record_id, body).text
                    normal, starts = normalise_mapped(text)
                    self.known[doc] = Text(
                        kind, record_id, interview_id, text, normal, starts, fold(normal)
                    )

    def __getitem__(self, doc: int) -> Text | None:
        if doc not in self.known:
            self.read([doc])
        return self.known[doc]


def term_spans(term: Term, text: Text) -> list[tuple[int, int]]:
    return term.spans(text.folded, text.normal)


Expression = Callable[[Term], str]


@dataclass
class Matches:
    """Every passage the index proposes for one term, by group (interview)."""

    term: Term
    exact: bool
    docs: dict[str, list[int]] = field(default_factory=dict)
    """Each group's index rows holding the term, in the order of the interview."""

    @property
    def counts(self) -> dict[str, list[int]]:
        """The groups (a mapping whose keys are the groups, as `docs`)."""
        return self.docs

    def count(self, group: str) -> int:
        return len(self.docs.get(group, ()))

    def docs_of(self, group: str) -> list[int]:
        return self.docs.get(group, [])


def group_key(interview_id: str | None, kind: str, record_id: str) -> str:
    return interview_id if interview_id is not None else f"{kind}:{record_id}"


def matches_of(
    connection: Connection,
    term: Term,
    expression: str,
    exact: bool,
    where: str,
    params: list[object],
) -> Matches:
    """The index's answer for one term, grouped by interview here: asking SQLite to group
    (GROUP BY, a temporary sorter) took ten times as long as reading the rows."""
    rows = backend_of(connection).match(connection, "search_fts", expression, (where, params))
    docs: defaultdict[str, list[int]] = defaultdict(list)
    for doc, group in rows:
        docs[group].append(doc)
    for listed in docs.values():
        listed.sort()
    return Matches(term, exact, dict(docs))


def confirm(found: Matches, texts: Texts, only: set[str] | None = None) -> set[str]:
    """The groups (of `only`, or all) where the term is surely found: for an exact term
    every proposed group; else each group's passages are read until one holds it."""
    groups = set(found.counts) if only is None else set(found.counts) & only
    if found.exact:
        return groups
    sure: set[str] = set()
    position = dict.fromkeys(groups, 0)
    while position:
        texts.read([found.docs_of(g)[i] for g, i in position.items()])
        following: dict[str, int] = {}
        for group, i in position.items():
            text = texts[found.docs_of(group)[i]]
            if text is not None and term_spans(found.term, text):
                sure.add(group)
            elif i + 1 < found.count(group):
                following[group] = i + 1
        position = following
    return sure


@dataclass(frozen=True)
class Ranked:
    groups: list[str]
    """Every matching group, best (or newest) first."""
    scores: dict[str, float]
    per_term: list[Matches]
    """What each clause's terms matched (the stems used where a term found nothing)."""


def rank(
    connection: Connection,
    query: Query,
    lookup: Callable[[Term], Matches],
    texts: Texts,
    newest_first: bool,
) -> Ranked:
    clause_groups: list[set[str]] = []
    clause_matches: list[list[Matches]] = []
    for clause in query.clauses:
        used: list[Matches] = []
        for term in clause:
            found = lookup(term)
            if term.stem is not None and not confirm(found, texts):
                found = lookup(term.stem)  # the word as typed finds nothing: its stem
            used.append(found)
        # exact terms first: a group one of them holds needs no reading for the others
        union: set[str] = set()
        for found in sorted(used, key=lambda one: not one.exact):
            union |= confirm(found, texts, only=set(found.docs) - union)
        clause_groups.append(union)
        clause_matches.append(used)
    matched = set.intersection(*clause_groups) if clause_groups else set()
    for term in query.excluded:
        found = lookup(term)
        matched -= confirm(found, texts, only=matched)
    order = _recency(connection, matched)
    # an interview no longer held (none or 0: a repository's interview deleted while its
    # records stay current) is not found, as app/search/by_interview.py (review T1)
    matched = {g for g in matched if ":" in g or order.get(g, (0, g))[0] != 0}
    everyone = _interview_count(connection) + 1
    weights = {
        id(found): math.log(1 + (everyone - len(found.counts) + 0.5) / (len(found.counts) + 0.5))
        for used in clause_matches
        for found in used
    }
    scores: dict[str, float] = dict.fromkeys(matched, 0.0)
    for used in clause_matches:
        for found in used:
            weight = weights[id(found)]
            for group in matched & found.counts.keys():
                count = found.count(group)
                scores[group] += weight * count * (K1 + 1) / (count + K1)
    if len(clause_matches) > 1:
        _near(scores, clause_matches, weights)
    if newest_first:
        ranked = sorted(matched, key=lambda g: order.get(g, (0, g)), reverse=True)
    else:
        ranked = sorted(matched, key=lambda g: (-scores[g], _neg(order.get(g, (0, g)))))
    return Ranked(ranked, scores, [found for used in clause_matches for found in used])


def _neg(order: tuple[int, str]) -> tuple[int, str]:
    return -order[0], order[1]


def _near(
    scores: dict[str, float], clause_matches: list[list[Matches]], weights: dict[int, float]
) -> None:
    """A bonus for each interview's passages that hold several clauses. Worked out with set
    operations over all passages at once (a loop per interview and passage took 270 ms
    for two words over 2,000 interviews)."""
    weight = max(weights.values(), default=0.0)
    per_clause: list[set[int]] = []
    owner: dict[int, str] = {}
    for used in clause_matches:
        docs: set[int] = set()
        for found in used:
            for group in scores.keys() & found.docs.keys():
                listed = found.docs[group]
                docs.update(listed)
                owner.update(dict.fromkeys(listed, group))
        per_clause.append(docs)
    together: dict[str, int] = {}
    for first in range(len(per_clause)):
        for second in range(first + 1, len(per_clause)):
            for doc in per_clause[first] & per_clause[second]:
                group = owner[doc]
                together[group] = together.get(group, 0) + 1
    for group, count in together.items():
        scores[group] += NEAR * weight * count * (K1 + 1) / (count + K1)


def _interview_count(connection: Connection) -> int:
    return int(connection.execute("SELECT count(*) FROM interviews").fetchone()[0])


def _recency(connection: Connection, groups: set[str]) -> dict[str, tuple[int, str]]:
    """The order interviews were written in (their row number), for ties and newest first."""
    order: dict[str, tuple[int, str]] = {}
    wanted = [g for g in groups if ":" not in g]
    for begin in range(0, len(wanted), CHUNK):
        part = wanted[begin : begin + CHUNK]
        for interview_id, row in backend_of(connection).recency(connection, part):
            order[str(interview_id)] = (int(row or 0), str(interview_id))
    return order
