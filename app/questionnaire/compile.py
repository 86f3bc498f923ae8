"""Turning a parsed condition into a function of the answers, checked against the
questionnaire: every name must be a question (or, for `count`, a repeat group) the
condition can see, every compared choice must exist, and types must fit.

A compiled condition is `fn(context, indices)`: `indices` are the instance numbers of the
repeat groups around the item the condition belongs to; the context gives answers (see
`EvaluationContext`). The engine's context holds real answers; `check` uses one that
tries every combination of values to find conditions that can never be true.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from app.questionnaire.expression import (
    Call,
    Compare,
    ListOf,
    Literal,
    Logical,
    Name,
    Node,
    Not,
    Value,
    names,
)
from app.questionnaire.model import Question, QuestionType
from app.questionnaire.structure import NodeKind, Scope, Structure

Indices = tuple[int, ...]


class EvaluationContext(Protocol):
    def value(self, question_id: str, indices: Indices) -> Any: ...
    def answered(self, question_id: str, indices: Indices) -> bool: ...
    def count(self, group_id: str, indices: Indices) -> int: ...
    def positions(self, scope: Scope, prefix: Indices) -> Iterable[Indices]: ...


Fn = Callable[[EvaluationContext, Indices], Any]


class CompileError(ValueError):
    def __init__(self, code: str, message: str, column: int) -> None:
        super().__init__(message)
        self.code = code
        self.column = column


@dataclass(frozen=True)
class Shape:
    """What a sub-expression gives: bool, number, text, multi, date, list or null."""

    kind: str
    question: str | None = None
    domain: tuple[str, ...] | None = None


@dataclass
class Compiled:
    fn: Fn
    depends_on: set[str] = field(default_factory=set)
    """Questions and groups whose answers or instances the condition reads."""
    literals: list[str | Decimal] = field(default_factory=list)


_KIND = {
    QuestionType.MULTI_CHOICE: "multi",
    QuestionType.NUMBER: "number",
    QuestionType.DURATION: "number",
    QuestionType.DATE: "date",
}


def compile_condition(
    tree: Node, structure: Structure, scope: Scope, own: Question | None = None
) -> Compiled:
    """Compile a condition that must give true or false, read at `scope`. `own` is the
    question `value` stands for (constraints and evidence_when); None in `relevant`."""
    compiler = _Compiler(structure, own)
    fn, shape = compiler.compile(tree, scope)
    _require_bool(shape, tree)
    return Compiled(fn, compiler.depends_on, compiler.literals)


def _require_bool(shape: Shape, tree: Node) -> None:
    if shape.kind != "bool":
        raise CompileError(
            "type",
            "a condition must be true or false: compare the answer, e.g. `q == 'yes'`",
            tree.column,
        )


class _Compiler:
    def __init__(self, structure: Structure, own: Question | None) -> None:
        self.structure = structure
        self.own = own
        self.depends_on: set[str] = set()
        self.literals: list[str | Decimal] = []

    def compile(self, node: Node, scope: Scope) -> tuple[Fn, Shape]:
        if isinstance(node, Literal):
            return self._literal(node)
        if isinstance(node, ListOf):
            values = tuple(item.value for item in node.items)
            self.literals.extend(v for v in values if isinstance(v, str | Decimal))
            return (lambda ctx, idx: values), Shape("list")
        if isinstance(node, Name):
            return self._name(node, scope)
        if isinstance(node, Value):
            return self._value(node)
        if isinstance(node, Not):
            operand, shape = self.compile(node.operand, scope)
            _require_bool(shape, node.operand)
            return (lambda ctx, idx: not operand(ctx, idx)), Shape("bool")
        if isinstance(node, Logical):
            return self._logical(node, scope)
        if isinstance(node, Compare):
            return self._compare(node, scope)
        return self._call(node, scope)

    def _literal(self, node: Literal) -> tuple[Fn, Shape]:
        value = node.value
        if isinstance(value, str | Decimal) and not isinstance(value, bool):
            self.literals.append(value)
        kind = {bool: "bool", str: "text", Decimal: "number"}.get(type(value), "null")
        return (lambda ctx, idx: value), Shape(kind)

    def _name(self, node: Name, scope: Scope) -> tuple[Fn, Shape]:
        target = self.structure.nodes.get(node.name)
        if target is None:
            raise CompileError("unknown-question", f"no question {node.name!r}", node.column)
        if target.kind is not NodeKind.QUESTION:
            raise CompileError(
                "type",
                f"{node.name!r} is a {target.kind}, not a question"
                + (" (use count() for a repeat group)" if target.is_repeat else ""),
                node.column,
            )
        _require_visible_from(target.scope, scope, node)
        self.depends_on.add(node.name)
        depth, question_id = len(target.scope), node.name
        return (lambda ctx, idx: ctx.value(question_id, idx[:depth])), _shape(target.question)

    def _value(self, node: Value) -> tuple[Fn, Shape]:
        own = self.own
        if own is None:
            raise CompileError(
                "expression", "`value` is for constraint and evidence_when only", node.column
            )
        question_id = own.id
        return (lambda ctx, idx: ctx.value(question_id, idx)), _shape(own)

    def _logical(self, node: Logical, scope: Scope) -> tuple[Fn, Shape]:
        parts: list[Fn] = []
        for operand in node.operands:
            fn, shape = self.compile(operand, scope)
            _require_bool(shape, operand)
            parts.append(fn)
        if node.op == "and":
            return (lambda ctx, idx: all(part(ctx, idx) for part in parts)), Shape("bool")
        return (lambda ctx, idx: any(part(ctx, idx) for part in parts)), Shape("bool")

    def _compare(self, node: Compare, scope: Scope) -> tuple[Fn, Shape]:
        left, left_shape = self.compile(node.left, scope)
        right, right_shape = self.compile(node.right, scope)
        op = node.op
        if op in ("in", "not in"):
            fn = self._membership(node, left, left_shape, right, right_shape)
            if op == "not in":
                inner = fn
                fn = lambda ctx, idx: not inner(ctx, idx)  # noqa: E731
            return fn, Shape("bool")
        if "multi" in (left_shape.kind, right_shape.kind):
            raise CompileError(
                "type", "a multiple choice holds several answers: use `'choice' in q`", node.column
            )
        if op in ("==", "!="):
            _check_choice(left_shape, node.right)
            _check_choice(right_shape, node.left)
            if op == "==":
                return (lambda ctx, idx: left(ctx, idx) == right(ctx, idx)), Shape("bool")
            return (lambda ctx, idx: left(ctx, idx) != right(ctx, idx)), Shape("bool")
        for shape, side in ((left_shape, node.left), (right_shape, node.right)):
            if shape.kind not in ("number", "null"):
                raise CompileError("type", f"{op} compares numbers only", side.column)
        compare = _ORDER[op]
        return (lambda ctx, idx: compare(left(ctx, idx), right(ctx, idx))), Shape("bool")

    def _membership(
        self, node: Compare, left: Fn, left_shape: Shape, right: Fn, right_shape: Shape
    ) -> Fn:
        if right_shape.kind == "list":
            if left_shape.kind == "multi":
                raise CompileError(
                    "type", "a multiple choice cannot be `in` a list: test each choice", node.column
                )
            assert isinstance(node.right, ListOf)
            for item in node.right.items:
                _check_choice(left_shape, item)
            return lambda ctx, idx: (
                (value := left(ctx, idx)) is not None and value in right(ctx, idx)
            )
        if right_shape.kind == "multi":
            _check_choice(right_shape, node.left)
            return lambda ctx, idx: (
                (answers := right(ctx, idx)) is not None
                and isinstance(answers, tuple)
                and left(ctx, idx) in answers
            )
        raise CompileError(
            "type", "`in` needs a multiple-choice question or a list on its right", node.column
        )

    def _call(self, node: Call, scope: Scope) -> tuple[Fn, Shape]:
        (arg,) = node.args
        if node.function in ("any", "all"):
            return self._quantifier(node, arg, scope)
        if not isinstance(arg, Name):
            raise CompileError("type", f"{node.function}() takes a question id", arg.column)
        target = self.structure.nodes.get(arg.name)
        if target is None:
            raise CompileError("unknown-question", f"no question or group {arg.name!r}", arg.column)
        if node.function == "count":
            if not target.is_repeat:
                raise CompileError("type", f"{arg.name!r} is not a repeat group", arg.column)
            _require_visible_from(target.scope, scope, arg)
            self.depends_on.add(arg.name)
            depth, group_id = len(target.scope), arg.name
            return (lambda ctx, idx: Decimal(ctx.count(group_id, idx[:depth]))), Shape("number")
        if node.function == "answered":
            self._name(arg, scope)
            depth, question_id = len(target.scope), arg.name
            return (lambda ctx, idx: ctx.answered(question_id, idx[:depth])), Shape("bool")
        fn, shape = self._name(arg, scope)
        if shape.kind != "date":
            raise CompileError(
                "type", f"year() takes a date question, not {arg.name!r}", arg.column
            )
        return (lambda ctx, idx: _year(fn(ctx, idx))), Shape("number")

    def _quantifier(self, node: Call, arg: Node, scope: Scope) -> tuple[Fn, Shape]:
        inner_scopes = []
        for name in names(arg):
            target = self.structure.nodes.get(name.name)
            if target is None:
                raise CompileError("unknown-question", f"no question {name.name!r}", name.column)
            if scope[: len(target.scope)] != target.scope:
                inner_scopes.append(target.scope)
        if not inner_scopes:
            raise CompileError(
                "type", f"{node.function}() needs a question inside a repeat group", node.column
            )
        deepest = max(inner_scopes, key=len)
        for other in inner_scopes:
            if deepest[: len(other)] != other:
                raise CompileError(
                    "scope",
                    f"{node.function}() cannot span two different repeat groups",
                    node.column,
                )
        shared = 0
        while shared < min(len(deepest), len(scope)) and deepest[shared] == scope[shared]:
            shared += 1
        inner, shape = self.compile(arg, deepest)
        _require_bool(shape, arg)
        if node.function == "any":
            return (
                lambda ctx, idx: any(inner(ctx, p) for p in ctx.positions(deepest, idx[:shared]))
            ), Shape("bool")
        return (
            lambda ctx, idx: all(inner(ctx, p) for p in ctx.positions(deepest, idx[:shared]))
        ), Shape("bool")


def _require_visible_from(target: Scope, scope: Scope, name: Name) -> None:
    if scope[: len(target)] != target:
        raise CompileError(
            "scope",
            f"{name.name!r} is inside the repeat group {target[-1]!r}, which has many answers: "
            f"use any(…), all(…) or count({target[-1]})",
            name.column,
        )


def _shape(question: Question) -> Shape:
    kind = _KIND.get(question.type, "text")
    return Shape(kind, question.id, question.value_domain())


def _check_choice(shape: Shape, other: Node) -> None:
    if shape.domain is None or not isinstance(other, Literal) or not isinstance(other.value, str):
        return
    if other.value not in shape.domain:
        known = ", ".join(shape.domain)
        raise CompileError(
            "unknown-choice",
            f"{shape.question!r} has no answer {other.value!r} (it has: {known})",
            other.column,
        )


def _year(value: Any) -> Decimal | None:
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    return Decimal(value.earliest.year)


def _ordered(test: Callable[[Decimal, Decimal], bool]) -> Callable[[Any, Any], bool]:
    def compare(left: Any, right: Any) -> bool:
        if not isinstance(left, Decimal) or not isinstance(right, Decimal):
            return False
        return test(left, right)

    return compare


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": _ordered(lambda a, b: a < b),
    "<=": _ordered(lambda a, b: a <= b),
    ">": _ordered(lambda a, b: a > b),
    ">=": _ordered(lambda a, b: a >= b),
}
