"""Answer editors: one self-contained widget per question type, hosted by the session
screen. See `base.AnswerEditor` for the interface every editor offers; the hosting screen
sets `EDITOR_STYLE` on itself once (the editors inherit it)."""

from __future__ import annotations

from ui.editors.base import AnswerEditor, NotAnAnswer
from ui.editors.context import EditorContext, NewFacility
from ui.editors.factory import EDITORS, editor_for
from ui.editors.style import EDITOR_STYLE

__all__ = [
    "EDITORS",
    "EDITOR_STYLE",
    "AnswerEditor",
    "EditorContext",
    "NewFacility",
    "NotAnAnswer",
    "editor_for",
]
