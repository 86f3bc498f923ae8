"""See every editor at once: `python -m ui.editors.preview [--language ko|en]
[--screenshot FILE]`.

Shows the first question of each type of the default questionnaire with its editor
(with --samples, a few answers filled in),
against an in-memory stand-in for the interview's persons and facilities (nothing is
saved). With --screenshot it renders the window to FILE (offscreen works) and quits.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from uuid import UUID, uuid4

from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.answers import (
    AnswerValue,
    DateValue,
    DurationValue,
    NumberValue,
    PlaceValue,
    SourceValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.domain.calendars import Calendar, Season
from app.domain.dates import ApproximateDate
from app.domain.people import PlaceRef
from app.domain.sources import KnowledgeSource
from app.i18n import current_language
from app.questionnaire import default_questionnaire
from app.questionnaire.model import Question, QuestionType
from app.reference import default_reference
from ui.editors.context import Done, EditorContext, NewFacility
from ui.editors.factory import editor_for
from ui.editors.style import EDITOR_STYLE
from ui.language import switch_language


class MemoryRecords:
    """Persons and facilities kept in memory, made at once (as a synchronous fake)."""

    def __init__(self) -> None:
        self.persons: list[tuple[UUID, str]] = []
        self.facilities: list[tuple[UUID, str]] = []

    def create_person(self, text: str, role: object, done: Done) -> None:
        self.persons.append((uuid4(), text))
        done(self.persons[-1][0])

    def create_facility(self, new: NewFacility, done: Done) -> None:
        self.facilities.append((uuid4(), new.name))
        done(self.facilities[-1][0])


def first_of_each_type() -> list[Question]:
    found: dict[QuestionType, Question] = {}
    for node in default_questionnaire().structure.questions():
        found.setdefault(node.question.type, node.question)
    return [found[kind] for kind in QuestionType if kind in found]


def samples() -> dict[QuestionType, AnswerValue]:
    """Answers shown with --samples: a Juche season, a place linked to the gazetteer…"""
    spring = ApproximateDate.season_of(103, Season.SPRING, Calendar.JUCHE, note="모내기 때")
    return {
        QuestionType.SHORT_TEXT: TextValue(text="탄광 노동자"),
        QuestionType.YES_NO: TriStateValue(value=TriState.YES),
        QuestionType.NUMBER: NumberValue(value=Decimal(2)),
        QuestionType.DURATION: DurationValue(minutes=20160, approximate=True, text="두 주쯤"),
        QuestionType.DATE: DateValue(date=spring),
        QuestionType.PLACE: PlaceValue(
            place=PlaceRef(reference_id="kp.hamgyong-north.hoeryong", text="회령")
        ),
        QuestionType.SOURCE: SourceValue(source=KnowledgeSource.HEARD, heard_from="감방 동료"),
    }


def build(types: set[QuestionType] | None = None, with_samples: bool = False) -> QScrollArea:
    records = MemoryRecords()
    context = EditorContext(
        reference=default_reference(),
        known_persons=lambda: list(records.persons),
        known_facilities=lambda: list(records.facilities),
        create_person=records.create_person,
        create_facility=records.create_facility,
    )
    page = QWidget()
    page.setStyleSheet(EDITOR_STYLE)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(14)
    for question in first_of_each_type():
        if types is not None and question.type not in types:
            continue
        title = QLabel(question.text.get(current_language()), page)
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        editor = editor_for(question, context, page)
        if with_samples and question.type in samples():
            editor.set_value(samples()[question.type])
        layout.addWidget(editor)
        line = QFrame(page)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d8dde2;")
        layout.addWidget(line)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(page)
    scroll.resize(820, 900)
    return scroll


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.editors.preview")
    parser.add_argument("--language", choices=("ko", "en"), default="ko")
    parser.add_argument("--screenshot", help="render to this PNG file and quit")
    parser.add_argument("--types", help="only these question types, comma-separated")
    parser.add_argument("--samples", action="store_true", help="show sample answers")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    switch_language(args.language)
    types = None if not args.types else {QuestionType(t) for t in args.types.split(",")}
    window = build(types, args.samples)
    window.setWindowTitle("Sillok — answer editors")
    window.show()
    if args.screenshot:
        app.processEvents()
        page = window.widget()
        assert page is not None
        page.adjustSize()
        window.resize(820, min(page.sizeHint().height() + 4, 1400))
        app.processEvents()
        saved = window.grab().save(args.screenshot)
        window.close()
        window.deleteLater()
        return 0 if saved else 1
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
