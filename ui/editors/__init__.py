"""Answer editors: one self-contained widget per question type, hosted by the session
screen. See `base.AnswerEditor` for the interface every editor offers."""

from __future__ import annotations

from ui.editors.base import AnswerEditor, NotAnAnswer
from ui.editors.context import EditorContext, NewFacility
from ui.editors.factory import EDITORS, editor_for

__all__ = ["EDITORS", "AnswerEditor", "EditorContext", "NewFacility", "NotAnAnswer", "editor_for"]
