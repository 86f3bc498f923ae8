"""The preview script renders every editor (what the screenshots are made with)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from app.questionnaire.model import QuestionType
from ui.editors.preview import first_of_each_type, main


def test_the_preview_has_one_question_of_each_type() -> None:
    assert [q.type for q in first_of_each_type()] == list(QuestionType)


def test_the_preview_renders_to_a_png(tmp_path: Path) -> None:
    target = tmp_path / "editors.png"
    assert (
        main(
            ["--language", "ko", "--samples", "--types", "date,place", "--screenshot", str(target)]
        )
        == 0
    )
    image = QImage(str(target))
    assert not image.isNull() and image.width() >= 800 and image.height() > 200
