"""The questions of one section, as the engine shows them now, each with its editor.

Every question shows its Korean and English text side by side (the interviewer may read
one, the interpreter the other), its guidance, and the editor for its type. Repeat groups
show each instance with a heading, "Add another" and "Remove". When an answer changes what
is shown, rows are added or removed in place: the row being typed in is never rebuilt, so
neither the cursor nor a Korean syllable being composed is disturbed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import AnswerValue
from app.i18n import _, current_language
from app.questionnaire import Evaluation, Slot
from app.questionnaire.model import Group, Note, Question
from app.questionnaire.structure import NodeKind
from ui.editors import AnswerEditor
from ui.editors.records import RecordPicker
from ui.editors.tristate import TriStateEditor

Key = tuple[str, str]
"""(item id, position key)."""

EditorMaker = Callable[[Question, QWidget], AnswerEditor]


def _texts(parent: QWidget, ko: str, en: str, role: str | None = None) -> QWidget:
    box = QWidget(parent)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(16)
    for text, language in ((ko, "ko"), (en, "en")):
        label = QLabel(text, box)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setProperty("lang", language)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role:
            label.setProperty("role", role)
        layout.addWidget(label, 1)
    return box


class QuestionRow(QFrame):
    """One question in one repeat instance: texts, guidance, the editor."""

    def __init__(self, slot: Slot, editor: AnswerEditor, parent: QWidget) -> None:
        super().__init__(parent)
        self.slot = slot
        self.key: Key = (slot.id, slot.position)
        question = slot.node.question
        self.setObjectName("questionRow")
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 10)
        layout.setSpacing(6)
        self.texts = _texts(self, question.text.ko, question.text.en)
        self.texts.setStyleSheet("font-size: 12pt;")
        layout.addWidget(self.texts)
        self.guidance: QWidget | None = None
        note = question.guidance or question.hint
        if note is not None:
            self.guidance = _texts(self, note.ko, note.en, role="hint")
            layout.addWidget(self.guidance)
        self.editor = editor
        layout.addWidget(editor)
        self.problem = QLabel(self)
        self.problem.setProperty("role", "warning")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

    def set_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))


class InstanceHeader(QWidget):
    remove_requested = Signal(str, str)
    """(repeat group id, position key of the instance)."""

    def __init__(self, group: Group, group_id: str, position: str, number: int, parent: QWidget):
        super().__init__(parent)
        self.group_id, self.position = group_id, position
        self.group, self.number = group, number
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        self.label = QLabel(self)
        self.label.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.remove = QPushButton(self)
        self.remove.setFlat(True)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(group_id, position))
        layout.addWidget(self.label)
        layout.addStretch(1)
        layout.addWidget(self.remove)
        self.retranslate()

    def retranslate(self) -> None:
        title = self.group.title.get(current_language())
        self.label.setText(_("{title} {number}").format(title=title, number=self.number))
        self.remove.setText(_("Remove"))


class QuestionPanel(QScrollArea):
    answer_changed = Signal(str, str, object)
    """(question id, position key, the new AnswerValue or None)."""
    add_instance_requested = Signal(str, str)
    """(repeat group id, position key of the enclosing instance)."""
    remove_instance_requested = Signal(str, str)
    """(repeat group id, position key of the instance)."""

    def __init__(self, make_editor: EditorMaker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.make_editor = make_editor
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self)
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(12, 8, 12, 24)
        self.layout_.setSpacing(2)
        self.layout_.addStretch(1)
        self.setWidget(self.body)
        self.section_id: str | None = None
        self.widgets: dict[Key, QWidget] = {}
        self.rows: dict[Key, QuestionRow] = {}
        self.order: list[Key] = []
        self.add_buttons: dict[QPushButton, Group] = {}

    # -- showing ----------------------------------------------------------------------

    def show_section(
        self, section_id: str, evaluation: Evaluation, values: dict[Key, AnswerValue]
    ) -> None:
        """Show the section as `evaluation` has it, keeping rows that stay."""
        if section_id != self.section_id:
            self._clear()
            self.section_id = section_id
        wanted: list[tuple[Key, Callable[[], QWidget]]] = []
        section = evaluation.questionnaire.node(section_id)
        title = section.item.title if not isinstance(section.item, Question | Note) else None
        if title is not None:
            wanted.append(((section_id, "#title"), lambda: self._title(title.ko, title.en)))
        for slot in evaluation.slots:
            if slot.node.section != section_id or slot.node.kind is NodeKind.SECTION:
                continue
            wanted.extend(self._widgets_for(slot, evaluation))
        wanted = _in_reading_order(wanted)
        keys = [key for key, _make in wanted]
        for key in list(self.widgets):
            if key not in keys:
                widget = self.widgets.pop(key)
                self.rows.pop(key, None)
                widget.hide()
                widget.deleteLater()
        for key, make in wanted:
            if key not in self.widgets:
                self.widgets[key] = make()
        if keys != self.order:
            for key in keys:
                self.layout_.removeWidget(self.widgets[key])
            for index, key in enumerate(keys):
                self.layout_.insertWidget(index, self.widgets[key])
                self.widgets[key].show()
            self.order = keys
        for key, row in self.rows.items():
            value = values.get(key)
            if row.editor.value() != value and not row.editor.hasFocus():
                row.editor.set_value(value)
        violated = {(v.slot.id, v.slot.position) for v in evaluation.violations}
        for key, row in self.rows.items():
            message = row.slot.node.question.constraint_message
            if key in violated:
                text = message.get(current_language()) if message else _("Check this answer.")
                row.set_problem(text)
            else:
                row.set_problem(None)

    def _widgets_for(
        self, slot: Slot, evaluation: Evaluation
    ) -> list[tuple[Key, Callable[[], QWidget]]]:
        node = slot.node
        item = node.item
        key: Key = (slot.id, slot.position)
        found: list[tuple[Key, Callable[[], QWidget]]] = []
        if node.kind is NodeKind.QUESTION:
            found.append((key, lambda: self._question(slot)))
        elif node.kind is NodeKind.NOTE:
            assert isinstance(item, Note)
            found.append((key, lambda: self._note(item.text.ko, item.text.en)))
        elif isinstance(item, Group) and not item.repeat:
            found.append((key, lambda: self._title(item.title.ko, item.title.en, small=True)))
        elif isinstance(item, Group):
            count = evaluation.instances(slot.id, slot.indices)
            found.append((key, lambda: self._title(item.title.ko, item.title.en, small=True)))
            for index in range(count):
                instance = (*slot.indices, index)
                position = _instance_key(slot, instance)
                found.append(
                    (
                        (slot.id, f"{position}#header"),
                        partial(self._instance, item, slot.id, position, index + 1),
                    )
                )
            found.append(((slot.id, f"{slot.position}#add"), lambda: self._add_button(slot, item)))
        return found

    # -- finding ----------------------------------------------------------------------

    def row(self, question_id: str, position: str) -> QuestionRow | None:
        return self.rows.get((question_id, position))

    def focus_row(self, question_id: str, position: str) -> bool:
        row = self.row(question_id, position)
        if row is None:
            return False
        self.ensureWidgetVisible(row, 0, 80)
        row.editor.focus_first()
        return True

    def focused_row(self) -> QuestionRow | None:
        widget: QWidget | None = self.focusWidget()
        while widget is not None and not isinstance(widget, QuestionRow):
            widget = widget.parentWidget()
        return widget

    def refresh_records(self) -> None:
        """The interview's persons or facilities changed: the pickers offer them now."""
        for row in self.rows.values():
            if isinstance(row.editor, RecordPicker):
                row.editor.refresh()

    def set_value(self, question_id: str, position: str, value: AnswerValue | None) -> None:
        row = self.row(question_id, position)
        if row is not None:
            row.editor.set_value(value)

    # -- pieces -----------------------------------------------------------------------

    def _clear(self) -> None:
        for widget in self.widgets.values():
            widget.hide()
            widget.deleteLater()
        self.widgets.clear()
        self.rows.clear()
        self.order = []

    def _title(self, ko: str, en: str, small: bool = False) -> QWidget:
        box = _texts(self.body, ko, en)
        size = "12pt" if small else "15pt"
        box.setStyleSheet(f"font-size: {size}; font-weight: bold; margin-top: 8px;")
        return box

    def _note(self, ko: str, en: str) -> QWidget:
        box = _texts(self.body, ko, en)
        box.setStyleSheet("background: #eef3f8; border-radius: 6px; padding: 6px; color: #1f3347;")
        return box

    def _question(self, slot: Slot) -> QWidget:
        editor = self.make_editor(slot.node.question, self.body)
        row = QuestionRow(slot, editor, self.body)
        key = row.key
        editor.value_changed.connect(
            lambda value, key=key: self.answer_changed.emit(key[0], key[1], value)
        )
        self.rows[key] = row
        if isinstance(editor, TriStateEditor):
            editor.answered_by_key.connect(lambda key=key: self._after(key))
        return row

    def _after(self, key: Key) -> None:
        """Answered with a key: on to the next question (once the rows it opens are shown)."""
        QTimer.singleShot(0, lambda: self.focus_next(key))

    def focus_next(self, key: Key) -> bool:
        """The keyboard focus in the question after `key`, if there is one."""
        if key not in self.order:
            return False
        for later in self.order[self.order.index(key) + 1 :]:
            if later in self.rows:
                return self.focus_row(*later)
        return False

    def _instance(self, group: Group, group_id: str, position: str, number: int) -> QWidget:
        header = InstanceHeader(group, group_id, position, number, self.body)
        header.remove_requested.connect(self.remove_instance_requested)
        return header

    def _add_button(self, slot: Slot, group: Group) -> QWidget:
        button = QPushButton(self.body)
        self.add_buttons[button] = group
        button.destroyed.connect(lambda: self.add_buttons.pop(button, None))
        _name_add_button(button, group)
        button.clicked.connect(lambda: self.add_instance_requested.emit(slot.id, slot.position))
        return button

    def retranslate(self) -> None:
        for widget in self.widgets.values():
            if isinstance(widget, QuestionRow):
                continue
            if isinstance(widget, InstanceHeader):
                widget.retranslate()
        for button, group in self.add_buttons.items():
            _name_add_button(button, group)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _name_add_button(button: QPushButton, group: Group) -> None:
    button.setText(_("Add another: {title}").format(title=group.title.get(current_language())))


def _instance_key(slot: Slot, indices: tuple[int, ...]) -> str:
    scope = (*slot.node.scope, slot.id)
    return "/".join(f"{group}#{index}" for group, index in zip(scope, indices, strict=True))


def _in_reading_order(
    wanted: list[tuple[Key, Callable[[], QWidget]]],
) -> list[tuple[Key, Callable[[], QWidget]]]:
    """The engine gives a repeat group's headings and its Add button before the instances'
    questions; put each heading right above its instance's first row and the Add button
    after the group's last row."""
    headers = {
        key[1][: -len("#header")]: (key, make) for key, make in wanted if _is(key, "#header")
    }
    adds = {key[0]: (key, make) for key, make in wanted if _is(key, "#add")}
    rest = [(key, make) for key, make in wanted if not _is(key, "#header", "#add")]
    ordered: list[tuple[Key, Callable[[], QWidget]]] = []
    for key, make in rest:
        position = key[1]
        for instance in [p for p in headers if position == p or position.startswith(p + "/")]:
            ordered.append(headers.pop(instance))
        ordered.append((key, make))
    ordered.extend(headers.values())  # instances with no row shown
    for group_id, add in adds.items():
        enclosing = add[0][1][: -len("#add")]
        prefix = f"{enclosing}/{group_id}#" if enclosing else f"{group_id}#"
        last = max(
            (
                i
                for i, (key, _make) in enumerate(ordered)
                if key[1].startswith(prefix) or key == (group_id, enclosing)
            ),
            default=len(ordered) - 1,
        )
        ordered.insert(last + 1, add)
    return ordered


def _is(key: Key, *suffixes: str) -> bool:
    return key[1].endswith(suffixes)
