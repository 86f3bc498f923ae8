"""Which interviews match a query, counted and ranked from the interview-level index.

The same answer as app/search/candidates.py (the same interviews, the same count), read
from a few rows per interview (app/search/groups.py) instead of every matching passage: a
common word matches about a million passages at 10,000 two-hour interviews, but a few
rows of each of 10,000 interviews.

- A term's spellings that the index answers exactly (and its name keys) give their
  interviews at once; its other spellings of one word (numbers) propose interviews from
  the rows, and its phrases of several words (whose word order the rows do not keep)
  propose passages from the passage index; the proposed interviews not already found are
  checked in their passages, read until one holds the term.
- Ranking: as app/search/candidates.py, with how often the interview holds each term as
  its interview-level rows tell (app/search/groups.py: the counts of the words holding
  it, each exact up to 15) instead of how many of its passages hold it: saturating as
  BM25 does (k1 = 1.2), times the term's rarity among interviews, summed over the
  query's terms; no bonus for clauses sharing a passage (that needs every passage). Ties,
  and `newest_first`, by the order interviews were written in.

Only the interviews of the page are then looked up in the passage index
(`GroupDocs.matching`), which gives their passages as app/search/engine.py shows them.
"""

from __future__ import annotations

import functools
import heapq
import math
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.search.backend import backend_of, phrase_options, runs_of
from app.search.candidates import CHUNK, K1, Matches, Texts, term_spans
from app.search.groups import ROWS, TYPICAL
from app.search.query import Parts, Query, Term
from app.store import database
from app.store.connection import Connection

MANY = 200
"""Beyond this many interviews to check for one term, its passages are read in one go."""
FEW = 8
"""Beyond this many interviews to check for a phrase, only those holding its words are."""


class GroupDocs:
    """The passage rows of each group (interview, or record of no interview), and which of
    them hold a term, from the passage index restricted to those rows."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.docs: dict[int, list[int]] = {}
        self.runs: dict[int, tuple[set[int], list[tuple[int, int]]]] = {}
        self.ids: dict[int, str] | None = None
        self.by_id: dict[str, int] = {}
        self.all: set[int] | None = None
        self.order: dict[int, tuple[int, str]] | None = None
        self.count: int | None = None
        self.current: set[int] = set()

    def of(self, grp: int) -> list[int]:
        if grp not in self.docs:
            if grp < 0:
                rows = self.connection.execute(
                    "SELECT doc FROM search_docs WHERE doc = ?", (-grp,)
                ).fetchall()
            else:
                rows = self.connection.execute(
                    "SELECT doc FROM search_docs WHERE interview_id = "
                    "(SELECT interview_id FROM search_group_ids WHERE grp = ?) ORDER BY doc",
                    (grp,),
                ).fetchall()
            self.docs[grp] = [int(row[0]) for row in rows]
        return self.docs[grp]

    def load(self, grps: Iterable[int]) -> None:
        """Read the passage rows of every interview of `grps` not read yet, at once (a
        statement per group was a round trip each on the repository server)."""
        wanted = sorted({grp for grp in grps if grp > 0 and grp not in self.docs})
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for grp in chunk:
                self.docs[grp] = []
            marks = ", ".join("?" * len(chunk))
            # sorted here: asked to order by `doc`, SQLite read every passage row in order
            for grp, doc in self.connection.execute(
                "SELECT g.grp, d.doc FROM search_group_ids g JOIN search_docs d "  # noqa: S608
                f"ON d.interview_id = g.interview_id WHERE g.grp IN ({marks})",
                chunk,
            ):
                self.docs[int(grp)].append(int(doc))
            for grp in chunk:
                self.docs[grp].sort()

    def _mine(self, grp: int) -> tuple[set[int], list[tuple[int, int]]]:
        if grp not in self.runs:  # a page looks each group up once per clause
            docs = self.of(grp)
            self.runs[grp] = (set(docs), runs_of(docs))
        return self.runs[grp]

    def _gathered(self, grps: list[int]) -> tuple[set[int], list[tuple[int, int]]]:
        """The passage rows of `grps` (loaded first) and the ranges they lie in."""
        self.load(grps)
        mine: set[int] = set()
        runs: list[tuple[int, int]] = []
        for grp in dict.fromkeys(grps):
            docs, more = self._mine(grp)
            mine |= docs
            runs.extend(more)
        return mine, runs

    def matching_each(
        self, grps: list[int], expression: str, checking: bool = False
    ) -> list[list[int]]:
        """`matching` of each of `grps`, from one look at the index for all of them where
        the store answers for many rows at once (`match_docs`; `checking`: groups that a
        term may be in, see there)."""
        mine, runs = self._gathered(grps)
        if not mine:
            return [[] for _ in grps]
        backend = backend_of(self.connection)
        found = backend.match_docs(
            self.connection, fewer_keys(expression), sorted(mine), runs, checking
        )
        return [[doc for doc in self.of(grp) if doc in found] for grp in grps]

    def matching_all(self, grps: list[int], expressions: list[str]) -> list[list[list[int]]]:
        """`matching_each` of every one of `expressions` (a page's clauses), from one look
        at the index for them all where the store answers for several at once
        (`match_docs_each`)."""
        mine, runs = self._gathered(grps)
        if not mine:
            return [[[] for _ in grps] for _ in expressions]
        backend = backend_of(self.connection)
        each = backend.match_docs_each(
            self.connection, [fewer_keys(e) for e in expressions], sorted(mine), runs
        )
        return [[[doc for doc in self.of(grp) if doc in found] for grp in grps] for found in each]

    def matching(self, grp: int, expression: str) -> list[int]:
        """The group's passage rows the index proposes for `expression`, in order."""
        return self.matching_each([grp], expression)[0]

    def every(self) -> set[int]:
        """Every group of the index."""
        if self.all is not None:
            return self.all
        if self.ids is None:
            self._load()
        assert self.ids is not None
        facilities = self.connection.execute(
            "SELECT -doc FROM search_docs WHERE interview_id IS NULL"
        ).fetchall()
        self.all = set(self.ids) | {int(row[0]) for row in facilities}
        return self.all

    def interviews(self) -> int:
        """How many interviews the store holds (read with the groups: 5 ms in the
        repository at 10,000 interviews)."""
        if self.count is None:
            self._load()
        assert self.count is not None
        return self.count

    def _load(self) -> None:
        stamp, own = _stamp(self.connection), _own(self.connection)
        for connection, kept, ids, by_id, order, count, current in _KEPT:
            if connection is own and stamp is not None and kept == stamp:
                self.ids, self.by_id, self.order, self.count = ids, by_id, order, count
                self.current = current
                return
        self.ids, self.order = {}, {}
        for grp, interview_id, row in backend_of(self.connection).groups(self.connection):
            self.ids[int(grp)] = str(interview_id)
            self.by_id[str(interview_id)] = int(grp)
            self.order[int(grp)] = (0 if row is None else int(row), str(interview_id))
        counting = backend_of(self.connection).interviews_sql
        self.count = int(self.connection.execute(counting).fetchone()[0])
        self.current = {grp for grp, (row, _id) in self.order.items() if row != 0}
        if stamp is not None:
            others = [entry for entry in _KEPT if entry[0] is not own]
            entry = (own, stamp, self.ids, self.by_id, self.order, self.count, self.current)
            _KEPT[:] = [entry, *others[:1]]

    def group(self, key: str, doc: int) -> int:
        """The group of a passage (`doc`) of the group called `key` (candidates.py)."""
        if ":" in key:
            return -doc
        if self.ids is None:
            self._load()
        return self.by_id[key]

    def group_of_interview(self, interview_id: str) -> int:
        """The group of an interview (0 when it has no indexed record)."""
        if self.ids is None:
            self._load()
        return self.by_id.get(interview_id, 0)

    def key(self, grp: int) -> str:
        """The group's key as app/search/candidates.py names groups."""
        if grp < 0:
            row = self.connection.execute(
                "SELECT kind, record_id FROM search_docs WHERE doc = ?", (-grp,)
            ).fetchone()
            return f"{row[0]}:{row[1]}"
        if self.ids is None:
            self._load()
        assert self.ids is not None
        return self.ids[grp]

    def held(self, groups: set[int]) -> set[int]:
        """Those of `groups` that are found: records of no interview, and interviews the
        store holds (not one no longer held: order 0, see `rank_groups`), with set
        operations on the interviews held, kept with their list."""
        if self.order is None:
            self._load()
        assert self.order is not None
        return (groups & self.current) | {g for g in groups - self.order.keys() if g < 0}

    def recencies(self, groups: set[int]) -> dict[int, tuple[int, str]]:
        """`recency` of each of these groups."""
        if self.order is None:
            self._load()
        assert self.order is not None
        order, missing = self.order, (0, "")
        return {g: order.get(g, missing) if g >= 0 else self.recency(g) for g in groups}

    def recency(self, grp: int) -> tuple[int, str]:
        """The order interviews were written in (0 for a record of no interview)."""
        if grp < 0:
            return 0, self.key(grp)
        if self.order is None:
            self._load()
        assert self.order is not None
        return self.order.get(grp, (0, ""))


_KEPT: list[
    tuple[
        Connection,
        tuple[int, ...],
        dict[int, str],
        dict[str, int],
        dict[int, tuple[int, str]],
        int,
        set[int],
    ]
] = []
"""The interviews of the index (`GroupDocs._load`) and how many interviews the store
holds, as last read on a connection (the laptop's, the repository's file or server: two
connections at most), with the state of the database they were read in: reading them is
a row per interview at every search (about 1.6 ms of CPU at 2,000 interviews, 8 at
10,000 on the laptop, 14 and 5 to count in the repository's file, 14-28 ms on its
server), and they change only when something is written."""


def _forget(connection: Connection) -> None:
    """Drop what `_KEPT` holds of `connection` (its database is closing)."""
    _KEPT[:] = [entry for entry in _KEPT if entry[0] is not connection]


database.ON_CLOSE.append(_forget)


def _stamp(connection: Connection) -> tuple[int, ...] | None:
    """The state of the database as this connection sees it (`backend.stamp`: SQLite's
    own, or the repository server's, app/sync/repository/search_stamps.py); None where it
    cannot be known."""
    return backend_of(connection).stamp(connection)


def _own(connection: Connection) -> Connection:
    """The database connection itself: the repository lends the engine a new wrapper of
    it (carrying its index) at every search."""
    found: Connection = getattr(connection, "underlying", connection)
    return found


@functools.lru_cache(maxsize=1024)
def fewer_keys(expression: str) -> str:
    """`expression`, when it is only options joined by OR (a page's clause, a term's
    phrases), without the options another one already finds: the same phrase twice, or a
    phrase holding another option's keys in a row in the same column (예심 구류 류장 holds
    예심: a passage that holds the first holds the second). Each lookup then reads each
    key once: 예심 구류장 asked for nine keys per interview of the page, now for two. The
    same passages either way; anything else is left as it is."""
    options = phrase_options(expression)
    if options is None:
        return expression
    unique = list(dict.fromkeys(options))

    def finds_more(
        option: tuple[str, tuple[str, ...], str], other: tuple[str, tuple[str, ...], str]
    ) -> bool:
        """Whether `other` finds every passage `option` finds (and is not it)."""
        column, keys, star = option
        if other == option or other[0] != column or other[2]:
            return False
        inner, whole = other[1], keys[:-1] if star else keys
        return any(whole[i : i + len(inner)] == inner for i in range(len(whole) - len(inner) + 1))

    kept = [option for option in unique if not any(finds_more(option, other) for other in unique)]
    return (
        "("
        + " OR ".join(f'{column} : "{" ".join(keys)}"{star}' for column, keys, star in kept)
        + ")"
    )


_ONE = re.compile(r'\((\w+ : "[^\W_]+(?: [^\W_]+)*"\*?)\)')
"""One option in parentheses."""


def _bare(expression: str) -> str:
    """`expression` without the parentheses around its one option: a clause's spelling
    (`(bi : "예심")`) and a term's (`bi : "예심"`) are one lookup, not two (예심 구류장
    asked the interview-level index for 예심 twice: 14 and 15 ms at 1,500 interviews)."""
    found = _ONE.fullmatch(expression)
    return expression if found is None else found.group(1)


@dataclass
class Found:
    """One term's interviews: each with about how often it holds the term."""

    term: Term
    exact: bool
    scores: dict[int, float]


def _counts(connection: Connection, expression: str) -> dict[int, float]:
    """The groups whose interview-level rows match, and about how often each holds it.
    The rows come in order, a group's together: each group's count is added up in a
    local variable and stored once (5 ms for 예심's 88,797 rows at 10,000 interviews,
    against 9 for a dictionary lookup and store per row); rows out of order still give
    the same sums, added in the same order. On the server a term of one key comes with
    each group's rows as bits instead (`group_buckets`, store schema 10)."""
    backend = backend_of(connection)
    held = backend.group_buckets(connection, expression)
    if held is not None:
        return {grp: _typical(buckets) for grp, buckets in held}
    counts: dict[int, float] = {}
    get, shift, typical = counts.get, _SHIFT, _TYPICAL
    grp: int | None = None
    count = 0.0
    for row in backend.group_rows(connection, expression):
        here = row >> shift  # group_and_count, inline: a row per group
        if here != grp:
            if grp is not None:
                counts[grp] = count
            grp, count = here, get(here, 0.0)
        count += typical[row & (ROWS - 1)]
    if grp is not None:
        counts[grp] = count
    return counts


_SHIFT = ROWS.bit_length() - 1
"""`row >> _SHIFT` is `row // ROWS` (a power of two), for negative rows too."""
assert 1 << _SHIFT == ROWS
_TYPICAL = tuple(TYPICAL.get(number, 0.0) for number in range(ROWS))
"""`TYPICAL` by bucket number."""


@functools.lru_cache(maxsize=4096)
def _typical(buckets: int) -> float:
    """The count the rows `buckets` (bit b: row b of a group) stand for together: the sum
    `_counts` makes row by row (whole numbers: the same in any order)."""
    return sum(count for number, count in TYPICAL.items() if buckets >> number & 1)


def _holding_all(
    counted: Callable[[str], dict[int, float]], present: tuple[tuple[str, ...], ...]
) -> set[int]:
    """The groups holding every word of one of the phrases (in any of their rows)."""
    found: set[int] = set()
    for words in present:
        sets = [set(counted(word)) for word in words]
        found |= set.intersection(*sets)
    return found


def _confirmed(term: Term, lists: dict[int, list[int]], texts: Texts) -> set[int]:
    """The groups where one of the listed passages holds the term, read in order."""
    sure: set[int] = set()
    position = {grp: 0 for grp, listed in lists.items() if listed}
    while position:
        texts.read([lists[grp][i] for grp, i in position.items()])
        following: dict[int, int] = {}
        for grp, i in position.items():
            text = texts[lists[grp][i]]
            if text is not None and term_spans(term, text):
                sure.add(grp)
            elif i + 1 < len(lists[grp]):
                following[grp] = i + 1
        position = following
    return sure


def _from_passages(found: Matches, docs: GroupDocs) -> dict[int, list[int]]:
    """Every passage's proposal, by group."""
    return {docs.group(key, listed[0]): listed for key, listed in found.docs.items()}


@dataclass(frozen=True)
class RankedGroups:
    groups: list[int]
    """The first matching groups (`rank_groups(upto=...)`, else all), best (or newest)
    first."""
    scores: dict[int, float]
    """Of every matching group."""
    per_term: list[Found]
    """What each clause's terms matched (the stems used where a term found nothing)."""
    total: int
    """How many groups match."""


def rank_groups(
    connection: Connection,
    query: Query,
    parts: Callable[[Term], Parts],
    passages: Callable[[str], Matches],
    docs: GroupDocs,
    texts: Texts,
    newest_first: bool,
    within: int | None = None,
    upto: int | None = None,
) -> RankedGroups:
    """Every interview that holds every clause and no term left out, counted and scored,
    and the first `upto` of them in order (all when None); with `within`, that group
    alone (0: none), as a filter on its records would give."""
    known: dict[str, dict[int, float]] = {}

    def counted(expression: str) -> dict[int, float]:
        expression = _bare(expression)
        if expression not in known:
            known[expression] = _counts(connection, expression)
        return known[expression]

    def lookup(
        term: Term, outside: set[int] | None = None, inside: set[int] | None = None
    ) -> Found:
        """The term's groups (of what needs reading, only those not `outside` and
        `inside`, when given)."""
        part = parts(term)
        scores = {} if part.sure is None else dict(counted(part.sure))

        def wanted(grp: int) -> bool:
            return (
                grp not in scores
                and (outside is None or grp not in outside)
                and (inside is None or grp in inside)
                and (within is None or grp == within)
            )

        if part.word is not None:
            proposed = counted(part.word)
            unknown = [grp for grp in proposed if wanted(grp)]
            if len(unknown) > MANY:  # one look at the passage index, not one per group
                lists = _from_passages(passages(part.word), docs)
            else:
                lists = dict(
                    zip(unknown, docs.matching_each(unknown, part.word, checking=True), strict=True)
                )
            lists = {grp: lists.get(grp, []) for grp in unknown}
            for grp in _confirmed(term, lists, texts):
                scores[grp] = proposed[grp]
            for grp in scores.keys() & proposed.keys() - set(unknown):
                scores[grp] += proposed[grp]  # held anyway: the proposal counts, unread
        if part.phrase is not None:
            every = docs.every()
            # `wanted` of every group, as sets (in C: every interview, twice for a name
            # typed in two words)
            candidates = every - scores.keys()
            for among in (inside, None if within is None else {within}):
                if among is not None:
                    candidates &= among
            if outside is not None:
                candidates -= outside
            if part.present and len(candidates) > max(FEW, len(every) // 100):
                # fewer: those with its words (cheaper than a lookup per group, unless few
                # are left: reading which groups hold a word costs about a lookup per
                # hundred groups)
                candidates &= _holding_all(counted, part.present)
            if len(candidates) > MANY:
                lists = _from_passages(passages(part.phrase), docs)
                lists = {grp: lists[grp] for grp in candidates if grp in lists}
            else:
                listed = list(candidates)
                lists = dict(
                    zip(listed, docs.matching_each(listed, part.phrase, checking=True), strict=True)
                )
            for grp in _confirmed(term, lists, texts):
                scores[grp] = float(len(lists[grp]))
        if within is not None:
            scores = {grp: count for grp, count in scores.items() if grp == within}
        return Found(term, part.word is None and part.phrase is None, scores)

    clause_groups: list[set[int]] = []
    used: list[Found] = []
    for clause in query.clauses:
        union: set[int] = set()
        found_here: dict[int, Found] = {}
        # terms the index answers exactly first: a group one of them holds needs no
        # reading for the others (their stems are decided on all groups, as before)
        for number in sorted(range(len(clause)), key=lambda n: not _sure(parts(clause[n]))):
            term = clause[number]
            if term.stem is not None:
                found = lookup(term)
                if not found.scores:
                    found = lookup(term.stem)  # the word as typed finds nothing: its stem
            else:
                found = lookup(term, outside=union or None)
            found_here[number] = found
            union |= found.scores.keys()
        used.extend(found_here[number] for number in range(len(clause)))
        clause_groups.append(union)
    matched = set.intersection(*clause_groups) if clause_groups else set()
    for term in query.excluded:
        matched -= lookup(term, inside=matched).scores.keys()
    # an interview no longer held (0: a repository's interview deleted while its records
    # stay current) is not found: nothing of it shown, counted or logged (review T1)
    matched = docs.held(matched)
    everyone = docs.interviews() + 1
    scores = _scores(matched, used, everyone)
    if newest_first:
        recency = docs.recencies(matched)
        ranked = _first(upto, matched, recency.__getitem__, reverse=True)
    else:  # best first, then the most recent
        # only the groups scoring at least the page's last can be on it: the others are
        # counted, not put in order (keys built at once for those)
        near = _reaching(scores, upto)
        recency = docs.recencies(near)
        keyed = _first(upto, [(-scores[g], -recency[g][0], recency[g][1], g) for g in near])
        ranked = [g for *_key, g in keyed]
    return RankedGroups(ranked, scores, used, len(matched))


def _scores(matched: set[int], used: list[Found], everyone: int) -> dict[int, float]:
    """Each matching group's score: summed over the query's terms in order, the term's
    rarity among interviews times how often the group holds it, saturating (BM25's k1).
    Computed once per distinct count and added list-wise (in C): a common term's groups
    are all the interviews, and the same additions in the same order as one by one give
    the same floats."""
    order = list(matched)
    totals = [0.0] * len(order)
    for found in used:
        held = len(found.scores)
        weight = math.log(1 + (everyone - held + 0.5) / (held + 0.5))
        gain: dict[float | None, float] = {
            count: weight * count * (K1 + 1) / (count + K1) for count in set(found.scores.values())
        }
        gain[None] = 0.0  # not held: x + 0.0 is x
        totals = list(
            map(operator.add, totals, map(gain.__getitem__, map(found.scores.get, order)))
        )
    return dict(zip(order, totals, strict=True))


def _reaching(scores: dict[int, float], upto: int | None) -> set[int]:
    """The groups that may be among the first `upto` (all when None): those scoring at
    least the `upto`-th best score (ties with it are ordered by recency)."""
    if upto is None or upto >= len(scores):
        return set(scores)
    cut = heapq.nlargest(max(upto, 1), scores.values())[-1]
    return {g for g, score in scores.items() if score >= cut}


def _first(
    upto: int | None,
    items: Iterable[Any],
    key: Callable[[Any], Any] | None = None,
    reverse: bool = False,
) -> list[Any]:
    """`sorted(items, key=key, reverse=reverse)[:upto]` (all when None), without sorting
    what comes after."""
    if upto is None:
        return sorted(items, key=key, reverse=reverse)
    if reverse:
        return heapq.nlargest(upto, items, key=key)
    return heapq.nsmallest(upto, items, key=key)


def _sure(part: Parts) -> bool:
    return part.word is None and part.phrase is None
