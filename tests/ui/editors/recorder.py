"""Record what an editor emits."""

from __future__ import annotations

from ui.editors import AnswerEditor


class Emitted(list[object]):
    """Every value `value_changed` carried, in order."""

    def __init__(self, editor: AnswerEditor) -> None:
        super().__init__()
        editor.value_changed.connect(self.append)
