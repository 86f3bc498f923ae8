"""The condition language parses what the format documents and refuses the rest with a
column, without ever running Python."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.questionnaire.expression import (
    Call,
    Compare,
    ExpressionError,
    ListOf,
    Literal,
    Logical,
    Name,
    Not,
    names,
    parse,
)


def test_precedence_not_and_or() -> None:
    tree = parse("not a == 'x' and b == 'y' or c == 'z'")
    assert isinstance(tree, Logical) and tree.op == "or"
    first = tree.operands[0]
    assert isinstance(first, Logical) and first.op == "and"
    assert isinstance(first.operands[0], Not)


def test_membership_forms() -> None:
    tree = parse("'kwanliso' not in trajectory.places_held")
    assert isinstance(tree, Compare) and tree.op == "not in"
    tree = parse("detention.type in ['kwanliso', 'kyohwaso']")
    assert isinstance(tree, Compare) and isinstance(tree.right, ListOf)
    assert [item.value for item in tree.right.items] == ["kwanliso", "kyohwaso"]


def test_literals() -> None:
    assert parse("1.5") == Literal(Decimal("1.5"), 1)
    assert parse("-3") == Literal(Decimal(-3), 1)
    assert parse("'it\\'s'") == Literal("it's", 1)
    assert parse('"두 번"') == Literal("두 번", 1)
    assert parse("null") == Literal(None, 1)


def test_functions_and_names() -> None:
    tree = parse("any(detention.type == 'kwanliso') and count(detention) >= 2")
    assert isinstance(tree, Logical)
    call = tree.operands[0]
    assert isinstance(call, Call) and call.function == "any"
    assert [n.name for n in names(tree)] == ["detention.type", "detention"]
    assert isinstance(parse("a.b_c.d1"), Name)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("a ==", 5),
        ("a = 'x'", 3),
        ("(a == 'x'", 10),
        ("a == 'x' b", 10),
        ("__import__('os')", 1),
        ("eval('1')", 1),
        ("answered(a, b)", 1),
        ("a == 'x' and", 13),
        ("[a]", 2),
        ("a + 1", 3),
    ],
)
def test_errors_have_a_column(text: str, column: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.column == column, str(caught.value)
