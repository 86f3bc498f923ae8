"""The condition language of questionnaires: parsed here into a small tree, never `eval`.

    relevant: "trajectory.forced_return == 'yes' and 'kwanliso' in trajectory.places_held"

Grammar (lowest precedence first):

    or      := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := atom (('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in') atom)?
    atom    := STRING | NUMBER | 'true' | 'false' | 'null' | 'value' | list
             | NAME '(' [or (',' or)*] ')' | NAME | '(' or ')'
    list    := '[' [atom (',' atom)*] ']'

A NAME is a question or group id (`detention.type`). What the names mean, and whether the
comparison makes sense, is decided when the expression is compiled against a
questionnaire (`app.questionnaire.compile`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

FUNCTIONS = frozenset({"answered", "count", "any", "all", "year"})
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<number>-?[0-9]+(?:\.[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
    """,
    re.VERBOSE,
)
_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null", "value"})


class ExpressionError(ValueError):
    """A condition that cannot be read; `column` counts from 1."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Token:
    kind: str  # string, number, name, keyword, op, end
    text: str
    column: int


@dataclass(frozen=True)
class Literal:
    value: str | Decimal | bool | None
    column: int


@dataclass(frozen=True)
class ListOf:
    items: tuple[Literal, ...]
    column: int


@dataclass(frozen=True)
class Name:
    name: str
    column: int


@dataclass(frozen=True)
class Value:
    column: int


@dataclass(frozen=True)
class Not:
    operand: Node
    column: int


@dataclass(frozen=True)
class Logical:
    op: str  # and, or
    operands: tuple[Node, ...]
    column: int


@dataclass(frozen=True)
class Compare:
    op: str  # == != < <= > >= in "not in"
    left: Node
    right: Node
    column: int


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]
    column: int


Node = Literal | ListOf | Name | Value | Not | Logical | Compare | Call


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(f"unexpected character {text[position]!r}", position + 1)
        kind = match.lastgroup or ""
        word = match.group()
        if kind == "name" and word in _KEYWORDS:
            kind = "keyword"
        if kind != "space":
            tokens.append(Token(kind, word, position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def parse(text: str) -> Node:
    """Parse a condition; ExpressionError says what is wrong and at which column."""
    return _Parser(tokenize(text)).parse()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def _next(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _accept(self, kind: str, text: str) -> bool:
        if self.token.kind == kind and self.token.text == text:
            self.index += 1
            return True
        return False

    def _expect(self, kind: str, text: str) -> None:
        if not self._accept(kind, text):
            raise ExpressionError(
                f"expected {text!r} but found {self._describe()}", self.token.column
            )

    def _describe(self) -> str:
        return "the end" if self.token.kind == "end" else repr(self.token.text)

    def parse(self) -> Node:
        node = self._or()
        if self.token.kind != "end":
            raise ExpressionError(f"unexpected {self._describe()}", self.token.column)
        return node

    def _or(self) -> Node:
        return self._chain("or", self._and)

    def _and(self) -> Node:
        return self._chain("and", self._not)

    def _chain(self, op: str, operand: object) -> Node:
        assert callable(operand)
        column = self.token.column
        nodes: list[Node] = [operand()]
        while self._accept("keyword", op):
            nodes.append(operand())
        return nodes[0] if len(nodes) == 1 else Logical(op, tuple(nodes), column)

    def _not(self) -> Node:
        column = self.token.column
        if self.token.kind == "keyword" and self.token.text == "not":
            following = self.tokens[self.index + 1]
            if not (following.kind == "keyword" and following.text == "in"):
                self.index += 1
                return Not(self._not(), column)
        return self._compare()

    def _compare(self) -> Node:
        left = self._atom()
        token = self.token
        if token.kind == "op" and token.text in COMPARISONS:
            self.index += 1
            return Compare(token.text, left, self._atom(), token.column)
        if self._accept("keyword", "in"):
            return Compare("in", left, self._atom(), token.column)
        if token.kind == "keyword" and token.text == "not":
            self.index += 1
            self._expect("keyword", "in")
            return Compare("not in", left, self._atom(), token.column)
        return left

    def _atom(self) -> Node:
        token = self._next()
        if token.kind == "string":
            return Literal(_unquote(token.text), token.column)
        if token.kind == "number":
            return Literal(_number(token), token.column)
        if token.kind == "keyword":
            constants: dict[str, bool | None] = {"true": True, "false": False, "null": None}
            if token.text in constants:
                return Literal(constants[token.text], token.column)
            if token.text == "value":
                return Value(token.column)
        if token.kind == "op" and token.text == "(":
            node = self._or()
            self._expect("op", ")")
            return node
        if token.kind == "op" and token.text == "[":
            return self._list(token.column)
        if token.kind == "name":
            if self._accept("op", "("):
                return self._call(token)
            return Name(token.text, token.column)
        self.index -= 1
        raise ExpressionError(f"expected a value but found {self._describe()}", token.column)

    def _list(self, column: int) -> ListOf:
        items: list[Literal] = []
        if not self._accept("op", "]"):
            while True:
                item = self._atom()
                if not isinstance(item, Literal):
                    raise ExpressionError("a list holds only texts and numbers", item.column)
                items.append(item)
                if self._accept("op", "]"):
                    break
                self._expect("op", ",")
        return ListOf(tuple(items), column)

    def _call(self, name: Token) -> Call:
        if name.text not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"unknown function {name.text!r} (known: {known})", name.column)
        args: list[Node] = []
        if not self._accept("op", ")"):
            while True:
                args.append(self._or())
                if self._accept("op", ")"):
                    break
                self._expect("op", ",")
        if len(args) != 1:
            raise ExpressionError(f"{name.text}() takes exactly one argument", name.column)
        return Call(name.text, tuple(args), name.column)


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _number(token: Token) -> Decimal:
    try:
        return Decimal(token.text)
    except InvalidOperation:  # pragma: no cover - the token pattern admits only numbers
        raise ExpressionError(f"{token.text!r} is not a number", token.column) from None


def names(node: Node) -> list[Name]:
    """Every name the expression mentions, in reading order."""
    found: list[Name] = []
    _collect(node, found)
    return found


def _collect(node: Node, found: list[Name]) -> None:
    if isinstance(node, Name):
        found.append(node)
    elif isinstance(node, Not):
        _collect(node.operand, found)
    elif isinstance(node, Logical):
        for operand in node.operands:
            _collect(operand, found)
    elif isinstance(node, Compare):
        _collect(node.left, found)
        _collect(node.right, found)
    elif isinstance(node, Call):
        for arg in node.args:
            _collect(arg, found)
