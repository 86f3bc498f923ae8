"""The laptop's FTS5 index, as PostgreSQL `tsvector`s and `tsquery`s.

Keys (app/search/korean.py, names.py) are already what the index compares: Hangul
bigrams and single syllables, words of other scripts, name keys. FTS5's tokenizer
(`unicode61 remove_diacritics 2`) then cuts each column into tokens and folds case and
diacritics; here the same cut (runs of letters and digits) and the same fold
(`korean.fold`) make the lexemes, each prefixed by its column (`b:` bi, `u:` uni,
`l:` latin, `r:` ref), at their positions (1, 2, …). Vectors are built as literals
(`::tsvector`), never through a text search configuration, so nothing else is changed.

The engine's expressions (app/search/query.py, spelling.py) use a small part of FTS5's
language: `column : "phrase"`, a trailing `*` (prefix), `OR`, `AND` and parentheses. A
phrase is the tsquery of its tokens joined by `<->` (the next position: FTS5's phrase);
a prefix is `:*` on its last token. OR of phrases is one tsquery (`|`); AND is the
intersection of the rows each side matches, since FTS5's AND holds anywhere in the row.

PostgreSQL keeps at most 256 positions of one lexeme in a vector and positions up to
16,383: a column is therefore stored in pieces of `PIECE` keys that overlap by
`OVERLAP`, each piece a row (the same row number): a phrase of up to `OVERLAP` + 1 keys is
inside one piece wherever it falls, and no lexeme can have more than `PIECE` positions.
A longer quoted phrase (more than 33 syllables) that straddles two pieces is not found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.search.korean import fold

PIECE = 250
OVERLAP = 32
COLUMNS = {"bi": "b", "uni": "u", "latin": "l", "ref": "r"}
ORDER = ("bi", "uni", "latin", "ref")
"""The columns of a row of keys, in the engine's order."""

_TOKEN = re.compile(r"[^\W_]+")
_LEXER = re.compile(r'\s*(\(|\)|"(?:[^"]|"")*"|\*|:|[^\s()":*]+)')


def _lexeme(column: str, token: str) -> str:
    text = COLUMNS[column] + ":" + token
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def tokens(text: str) -> list[str]:
    """A column's or a phrase's tokens, as FTS5's tokenizer gives them."""
    return _TOKEN.findall(fold(text))


def vectors(columns: Sequence[str]) -> list[str]:
    """The `tsvector` literals of one row of keys (bi, uni, latin, ref), in pieces."""
    out: list[str] = []
    for column, text in zip(ORDER, columns, strict=True):
        found = tokens(text or "")
        for start in range(0, max(len(found) - OVERLAP, 1), PIECE - OVERLAP):
            piece = found[start : start + PIECE]
            if piece:
                out.append(
                    " ".join(
                        f"{_lexeme(column, token)}:{place}"
                        for place, token in enumerate(piece, start=1)
                    )
                )
    return out


@dataclass(frozen=True)
class Phrase:
    column: str | None
    """None: any column."""
    tokens: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True)
class Node:
    op: str
    """"or" or "and"."""
    children: tuple[Phrase | Node, ...]


class _Parser:
    def __init__(self, expression: str) -> None:
        self.items = [m.group(1) for m in _LEXER.finditer(expression) if m.group(1)]
        self.at = 0

    def peek(self, ahead: int = 0) -> str | None:
        where = self.at + ahead
        return self.items[where] if where < len(self.items) else None

    def take(self) -> str:
        item = self.items[self.at]
        self.at += 1
        return item

    def either(self, column: str | None) -> Phrase | Node:
        parts = [self.both(column)]
        while self.peek() == "OR":
            self.take()
            parts.append(self.both(column))
        return parts[0] if len(parts) == 1 else Node("or", tuple(parts))

    def both(self, column: str | None) -> Phrase | Node:
        parts = [self.one(column)]
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
            parts.append(self.one(column))
        return parts[0] if len(parts) == 1 else Node("and", tuple(parts))

    def one(self, column: str | None) -> Phrase | Node:
        item = self.take()
        if item == "(":
            inside = self.either(column)
            if self.take() != ")":
                raise ValueError("unbalanced parentheses")
            return inside
        if self.peek() == ":" and item in COLUMNS:
            self.take()
            return self.one(item)
        if item in (")", ":", "*", "NOT"):
            raise ValueError(f"not an expression the engine writes: {item!r}")
        text = item[1:-1].replace('""', '"') if item.startswith('"') else item
        prefix = self.peek() == "*"
        if prefix:
            self.take()
        return Phrase(column, tuple(tokens(text)), prefix)


def parse(expression: str) -> Phrase | Node:
    parser = _Parser(expression)
    found = parser.either(None)
    if parser.peek() is not None:
        raise ValueError(f"unexpected {parser.peek()!r}")
    return found


def _phrase(phrase: Phrase) -> str | None:
    if not phrase.tokens:
        return None  # FTS5: a phrase of no token matches nothing
    columns = [phrase.column] if phrase.column is not None else list(ORDER)
    options = []
    for column in columns:
        words = [_lexeme(column, token) for token in phrase.tokens]
        if phrase.prefix:
            words[-1] += ":*"
        options.append(" <-> ".join(words))
    return " | ".join(f"({option})" for option in options)


def _tsquery(node: Phrase | Node) -> str | None:
    """One tsquery for a phrase or an OR of them (None: matches nothing)."""
    if isinstance(node, Phrase):
        return _phrase(node)
    options = [found for child in node.children if (found := _tsquery(child)) is not None]
    return " | ".join(f"({option})" for option in options) if options else None


def phrases(expression: str) -> list[Phrase] | None:
    """The phrases of an expression that is only phrases joined by OR, each of one
    column (a phrase of any column is one per column), without those of no token (they
    match nothing); None for anything else (AND)."""
    node = parse(expression)
    if not _simple(node):
        return None
    found: list[Phrase] = []

    def walk(node: Phrase | Node) -> None:
        if isinstance(node, Node):
            for child in node.children:
                walk(child)
        elif node.tokens:
            columns = [node.column] if node.column is not None else list(ORDER)
            found.extend(Phrase(column, node.tokens, node.prefix) for column in columns)

    walk(node)
    return found


def lexeme(column: str | None, token: str) -> str:
    """A key as the vectors hold it (`b:구류`), of a phrase of one column (`phrases`)."""
    assert column is not None
    return COLUMNS[column] + ":" + token


def pairs(phrase: Phrase) -> list[str]:
    """The pairs of adjacent keys of a phrase of one column, as `search_group_pairs`
    holds them (`b:구류 류장`: the first key, a space, the second without its column);
    for a prefix, the last is the start of the pairs it stands for."""
    return [
        lexeme(phrase.column, first) + " " + second
        for first, second in zip(phrase.tokens, phrase.tokens[1:], strict=False)
    ]


def phrase_tsquery(found: Sequence[Phrase]) -> str:
    """The tsquery of these phrases (any of them)."""
    return " | ".join(f"({query})" for phrase in found if (query := _phrase(phrase)))


def one_tsquery(expression: str) -> str | None:
    """The one tsquery of an expression that is only phrases joined by OR ("" when it
    can match nothing); None for anything else (AND: rows intersected, `rowset`)."""
    node = parse(expression)
    if not _simple(node):
        return None
    return _tsquery(node) or ""


def _simple(node: Phrase | Node) -> bool:
    return isinstance(node, Phrase) or (
        node.op == "or" and all(_simple(child) for child in node.children)
    )


def rowset(
    expression: str,
    table: str,
    extra: str = "",
    extra_params: Sequence[object] = (),
    keys: str = "keys",
) -> tuple[str | None, list[object]]:
    """SQL giving the row numbers of `table` (search_fts, search_groups) that match
    `expression` (several times when several pieces do), and its values; None when
    nothing can match. `extra`: more conditions on `rowid` for every lookup; `keys`: the
    column as the lookups read it (`UNINDEXED`: checked row by row, never looked up in
    the GIN index)."""
    return _rows(parse(expression), table, extra, list(extra_params), keys)


UNINDEXED = "coalesce(keys, keys)"
"""The keys, in an expression no index answers (it is the column: `keys` is NOT NULL)."""


def _rows(
    node: Phrase | Node, table: str, extra: str, extra_params: list[object], keys: str
) -> tuple[str | None, list[object]]:
    if _simple(node):
        query = _tsquery(node)
        if query is None:
            return None, []
        return (
            f"SELECT rowid FROM {table} WHERE {keys} @@ ?::tsquery{extra}",  # noqa: S608
            [query, *extra_params],
        )
    assert isinstance(node, Node)
    parts: list[str] = []
    values: list[object] = []
    for child in node.children:
        sql, more = _rows(child, table, extra, extra_params, keys)
        if sql is None:
            if node.op == "and":
                return None, []
            continue
        parts.append(f"({sql})")
        values.extend(more)
    if not parts:
        return None, []
    return (" INTERSECT " if node.op == "and" else " UNION ").join(parts), values
