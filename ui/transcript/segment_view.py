"""`SegmentView`: one turn of speech in the editor: who spoke, when, what was said, and
the tags on it. It shows the model's segment and hands every change to the model."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Speaker
from app.errors import SillokError
from app.i18n import N_, SUPPORTED_LANGUAGES, _, translator
from app.transcript.document import TagState
from app.transcript.offsets import format_offset, parse_offset
from ui.editors.wheel import WheelSafeComboBox
from ui.transcript.model import TranscriptModel
from ui.transcript.text_edit import SegmentTextEdit

SPEAKERS = (Speaker.INTERVIEWER, Speaker.INTERVIEWEE, Speaker.INTERPRETER, Speaker.OTHER)
"""In this order in the selector, and on Ctrl+1 … Ctrl+4."""

SPEAKER_COLOURS = {
    Speaker.INTERVIEWER: "#8a9bb0",
    Speaker.INTERVIEWEE: "#2f7d6d",
    Speaker.INTERPRETER: "#9a7bb5",
    Speaker.OTHER: "#b0a58a",
}
"""The line at the left of a segment, so turns can be told apart at a glance."""


TAG_STYLE = "color: #3d3d3d; background: #fdf6dc; border-radius: 4px; padding: 2px 6px;"
WARNING_STYLE = (
    "color: #3d2e00; background: #fff4d6; border: 1px solid #e8c66a; border-radius: 4px; "
    "padding: 2px 6px;"
)


SPEAKER_NAMES = {
    Speaker.INTERVIEWER: N_("Interviewer"),
    Speaker.INTERVIEWEE: N_("Interviewee"),
    Speaker.INTERPRETER: N_("Interpreter"),
    Speaker.OTHER: N_("Other"),
}


def speaker_name(speaker: Speaker) -> str:
    return _(SPEAKER_NAMES[speaker])


def fit_every_language(combo: QComboBox, names: list[str]) -> None:
    """Make `combo` wide enough for the longest of `names` in every language: opened in
    Korean and switched to English, the speaker box read "Intervie…"; this way it never
    cuts a name and does not jump when the language changes. The width is measured once
    per font (a two-hour transcript has hundreds of these boxes)."""
    key = (combo.font().key(), combo.style().objectName(), tuple(names))
    width = _fitted.get(key)
    if width is None:
        texts = [translator(lang).gettext(name) for lang in SUPPORTED_LANGUAGES for name in names]
        metrics = combo.fontMetrics()
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        widest = QSize(max(metrics.horizontalAdvance(text) for text in texts), metrics.height())
        contents = QStyle.ContentsType.CT_ComboBox
        width = combo.style().sizeFromContents(contents, option, widest, combo).width()
        _fitted[key] = width
    combo.setMinimumWidth(width)


_fitted: dict[tuple[str, str, tuple[str, ...]], int] = {}


class TagRow(QWidget):
    """One tag under its segment: what it says, and buttons to attach or remove it."""

    def __init__(self, view: SegmentView, tag: TagState, text: str) -> None:
        super().__init__(view)
        self.tag = tag
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setProperty("role", "warning" if tag.detached else "tag")
        self.label.setStyleSheet(WARNING_STYLE if tag.detached else TAG_STYLE)
        layout.addWidget(self.label, 1)
        self.attach_button: QToolButton | None = None
        if tag.detached:
            self.attach_button = QToolButton(self)
            self.attach_button.setText(_("Attach to selection"))
            self.attach_button.clicked.connect(lambda: view.attach_requested.emit(tag.id))
            layout.addWidget(self.attach_button)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("×")
        self.remove_button.setToolTip(_("Remove this tag"))
        self.remove_button.setAccessibleName(_("Remove this tag"))
        self.remove_button.clicked.connect(lambda: view.model.remove_tag(tag.id))
        layout.addWidget(self.remove_button)


class SegmentView(QFrame):
    attach_requested = Signal(object)
    """A detached tag should be attached to the selection: the tag id."""
    became_current = Signal(object)

    def __init__(
        self,
        model: TranscriptModel,
        segment_id: UUID,
        describe_tag: Callable[[TagState, bool], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.segment_id = segment_id
        self._describe = describe_tag
        self.setObjectName("segment")
        self._colour = ""

        self.speaker = WheelSafeComboBox(self)
        for speaker in SPEAKERS:
            self.speaker.addItem("", speaker)
        self.speaker.activated.connect(self._speaker_chosen)
        fit_every_language(self.speaker, list(SPEAKER_NAMES.values()))
        self.offset = QLineEdit(self)
        self.offset.setMaximumWidth(90)
        self.offset.editingFinished.connect(self._offset_entered)
        self.up_button = self._tool_button("↑", lambda: model.move_segment(segment_id, -1))
        self.down_button = self._tool_button("↓", lambda: model.move_segment(segment_id, 1))
        self.delete_button = self._tool_button("×", lambda: model.remove_segment(segment_id))
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.speaker)
        header.addWidget(self.offset)
        header.addStretch(1)
        for button in (self.up_button, self.down_button, self.delete_button):
            header.addWidget(button)

        self.text = SegmentTextEdit(self)
        self.text.describe_tag = lambda tag: describe_tag(tag, False)
        self.text.typed.connect(lambda text, hint: model.type_text(segment_id, text, hint))
        self.text.focused.connect(lambda: self.became_current.emit(segment_id))
        self.text.remove_when_empty.connect(self._remove_empty)
        self.tag_box = QVBoxLayout()
        self.tag_box.setContentsMargins(0, 0, 0, 0)
        self.tag_box.setSpacing(2)
        self.tag_rows: list[TagRow] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.text)
        layout.addLayout(self.tag_box)

        segment = model.document.segment(segment_id)
        self.text.load_text(segment.text)
        self.refresh()
        self.refresh_tags()
        self.retranslate()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A line at the left in the speaker's colour (painted: a style sheet per segment
        costs milliseconds each when hundreds are opened)."""
        super().paintEvent(event)
        painter = QPainter(self)
        painter.fillRect(0, 0, 4, self.height(), QColor(self._colour))
        painter.end()

    def _tool_button(self, text: str, action: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAutoRaise(True)
        button.clicked.connect(action)
        return button

    # -- showing the model ------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the speaker and the offset (never the text: see `show_text`)."""
        segment = self.model.document.segment(self.segment_id)
        self.speaker.setCurrentIndex(SPEAKERS.index(segment.speaker))
        if self._colour != SPEAKER_COLOURS[segment.speaker]:
            self._colour = SPEAKER_COLOURS[segment.speaker]
            self.update()
        if not self.offset.hasFocus():
            self.offset.setText(format_offset(segment.offset_seconds))
        self._mark_offset(None)

    def show_text(self, text: str) -> None:
        self.text.show_text(text)
        self.refresh_tags()

    def refresh_tags(self, chosen: object = None) -> None:
        """Highlight the tagged spans; rebuild the list under the text only if what it
        says changed (typing before a tag moves the highlight, not the list)."""
        tags = self.model.document.tags_of(self.segment_id)
        self.text.show_tags(tags, chosen)
        rows = [(tag, self._describe(tag, True)) for tag in tags]
        shown = [(row.tag.id, row.tag.detached, row.label.text()) for row in self.tag_rows]
        if shown == [(tag.id, tag.detached, text) for tag, text in rows]:
            for row, (tag, _text) in zip(self.tag_rows, rows, strict=True):
                row.tag = tag
            return
        for row in self.tag_rows:
            self.tag_box.removeWidget(row)
            row.deleteLater()
        self.tag_rows = []
        for tag, text in rows:
            row = TagRow(self, tag, text)
            self.tag_box.addWidget(row)
            self.tag_rows.append(row)

    def retranslate(self) -> None:
        for index, speaker in enumerate(SPEAKERS):
            self.speaker.setItemText(index, speaker_name(speaker))
        self.speaker.setToolTip(_("Who is speaking (Ctrl+1 to Ctrl+4)"))
        self.offset.setPlaceholderText(_("m:ss"))
        self.offset.setToolTip(_("Time in the recording, if there is one: 12:05 or 1:12:05"))
        self.text.setPlaceholderText(_("Type what was said…"))
        self.up_button.setToolTip(_("Move up (Ctrl+Shift+Up)"))
        self.down_button.setToolTip(_("Move down (Ctrl+Shift+Down)"))
        self.delete_button.setToolTip(_("Delete this segment (Ctrl+Shift+Delete)"))
        for button in (self.up_button, self.down_button, self.delete_button):
            button.setAccessibleName(button.toolTip())
        self.refresh_tags()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- changes ----------------------------------------------------------------------------

    def _speaker_chosen(self, index: int) -> None:
        self.model.set_speaker(self.segment_id, SPEAKERS[index])

    def _offset_entered(self) -> None:
        try:
            seconds = parse_offset(self.offset.text())
        except SillokError as error:
            self._mark_offset(error.message())
            return
        self.model.set_offset(self.segment_id, seconds)
        self.offset.setText(format_offset(seconds))
        self._mark_offset(None)

    def _mark_offset(self, problem: str | None) -> None:
        if bool(self.offset.property("invalid")) != (problem is not None):
            self.offset.setStyleSheet("border: 1px solid #c0392b;" if problem else "")
        self.offset.setProperty("invalid", problem is not None)
        self.offset.setToolTip(
            problem or _("Time in the recording, if there is one: 12:05 or 1:12:05")
        )

    def _remove_empty(self) -> None:
        if len(self.model.document) > 1:
            self.model.remove_segment(self.segment_id)

    def focus_text(self, at_end: bool = True) -> None:
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        if at_end:
            cursor = self.text.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.text.setTextCursor(cursor)
