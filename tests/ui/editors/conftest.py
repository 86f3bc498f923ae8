"""Fixtures for the answer editors: questions of each type, and an interview whose persons
and facilities live in memory and are made at once (a synchronous stand-in for the
services the session screen calls on its worker)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import pytest
from pytestqt.qtbot import QtBot

from app.domain.people import PersonRole
from app.questionnaire.model import Question
from app.reference import default_reference
from ui.editors import EDITOR_STYLE, AnswerEditor, EditorContext, NewFacility, editor_for
from ui.editors.context import Done


class Interview:
    """Persons and facilities recorded so far; `hold` delays creation like a worker."""

    def __init__(self) -> None:
        self.persons: list[tuple[UUID, str]] = []
        self.facilities: list[tuple[UUID, str]] = []
        self.made: list[object] = []
        self.hold = False
        self.waiting: list[Callable[[], None]] = []

    def create_person(self, text: str, role: PersonRole, done: Done) -> None:
        def make() -> None:
            self.persons.append((uuid4(), text))
            self.made.append((text, role))
            done(self.persons[-1][0])

        self._run(make)

    def create_facility(self, new: NewFacility, done: Done) -> None:
        def make() -> None:
            self.facilities.append((uuid4(), new.name))
            self.made.append(new)
            done(self.facilities[-1][0])

        self._run(make)

    def _run(self, make: Callable[[], None]) -> None:
        if self.hold:
            self.waiting.append(make)
        else:
            make()

    def context(self) -> EditorContext:
        return EditorContext(
            reference=default_reference(),
            known_persons=lambda: list(self.persons),
            known_facilities=lambda: list(self.facilities),
            create_person=self.create_person,
            create_facility=self.create_facility,
        )


def question(kind: str, **fields: Any) -> Question:
    """A question of type `kind` with both texts; `fields` adds or overrides."""
    data: dict[str, Any] = {
        "id": f"test.{kind}",
        "type": kind,
        "text": {"ko": "질문입니다", "en": "The question"},
    }
    if kind in ("single_choice", "multi_choice") and "choices" not in fields:
        fields["choices"] = choices("red", "green", "blue")
    if kind == "person" and "role" not in fields:
        fields["role"] = "perpetrator"
    return Question.model_validate({**data, **fields})


def choices(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "text": {"ko": f"선택 {i}", "en": f"Choice {i}"}} for i in ids]


@pytest.fixture
def interview() -> Interview:
    return Interview()


@pytest.fixture
def make(qtbot: QtBot, interview: Interview) -> Callable[..., AnswerEditor]:
    """make("date") → a shown editor for a question of that type (extra fields as kw)."""

    def build(kind: str, **fields: Any) -> AnswerEditor:
        editor = editor_for(question(kind, **fields), interview.context())
        editor.setStyleSheet(EDITOR_STYLE)  # as the session screen sets it on itself
        qtbot.addWidget(editor)
        editor.show()
        return editor

    return build
