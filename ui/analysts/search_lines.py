"""The lines of the search tab's results, for a QListView: an interview's line (its code in
bold, where it came from, how many of its passages match), then each of its passages (what
kind of record, then the snippet with the matched words marked), and at the end the line
that asks for every passage.

A model of plain values and a delegate that paints only the lines in view, each one line
high: a page of 20 interviews with their passages costs the UI thread a model reset and
the painting of what shows, not a rich-text label per line (a QLabel per line took
200 ms of the UI thread for one page, benchmarks/analysts_desk_ui.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStaticText, QTransform
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.i18n import N_, _
from app.i18n.formats import format_number, plural
from app.search import Group, Hit
from ui.analysts.interviews_tab import origin_text
from ui.search.names import kind_name

ROLE_LINE = Qt.ItemDataRole.UserRole
"""What a line is: "interview", "passage" or "more"."""
ROLE_OPEN = Qt.ItemDataRole.UserRole + 1
"""(interview code, record id, kind) that activating the line opens; the code is "" for a
record of no interview (a facility)."""
ROLE_PARTS = Qt.ItemDataRole.UserRole + 2
"""The pieces of the line and how each is drawn: "plain", "bold", "mark" or "small"."""
MARK = QColor("#fff2a8")
BLACK = QColor("black")
INDENT = 20
"""Passages stand under their interview."""

SHAPED = 5000
"""Texts kept shaped at most (a page with every passage shown holds a few hundred lines)."""
SELECTED = QStyle.StateFlag.State_Selected
ITEM_VIEW_ITEM = QStyle.ControlElement.CE_ItemViewItem

Index = QModelIndex | QPersistentModelIndex
Parts = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Line:
    kind: str
    opens: tuple[str, str, str] | None
    parts: Parts

    @property
    def plain(self) -> str:
        return "".join(text for text, _style in self.parts)


def group_line(group: Group, where: dict[str, Any]) -> Line:
    best = group.hits[0] if group.hits else None
    if group.interview_code:
        name = group.interview_code
    elif best is not None and best.kind == "facility":
        name = _("Facility")  # a record of no interview
    else:
        name = kind_name(best.kind) if best else "—"
    count = plural(group.count, N_("{count} passage"), N_("{count} passages"))
    code = group.interview_code or ""
    return Line(
        "interview",
        (code, best.record_id, best.kind) if best else None,
        ((name, "bold"), (f" · {origin_text(where)} · {count}", "plain")),
    )


def hit_line(hit: Hit) -> Line:
    parts: list[tuple[str, str]] = [(f"{kind_name(hit.kind)}: ", "small")]
    last = 0
    for start, end in hit.highlights:
        if start > last:
            parts.append((hit.snippet[last:start], "plain"))
        parts.append((hit.snippet[start:end], "mark"))
        last = end
    if last < len(hit.snippet):
        parts.append((hit.snippet[last:], "plain"))
    return Line("passage", (hit.interview_code or "", hit.record_id, hit.kind), tuple(parts))


def more_line(count: int) -> Line:
    text = _("… {count} more passages on this page: show them all").format(
        count=format_number(count)
    )
    return Line("more", None, ((text, "plain"),))


class LinesModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[Line] = []

    def show_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return line.plain
        if role == ROLE_LINE:
            return line.kind
        if role == ROLE_OPEN:
            return line.opens
        if role == ROLE_PARTS:
            return line.parts
        return None


class Shaped(NamedTuple):
    """A piece of text in a font, measured and its glyphs shaped, ready to draw."""

    width: int
    text: QStaticText
    font: QFont


class LineDelegate(QStyledItemDelegate):
    """Paints a line's parts one after the other on one line, cut at the right edge.

    Each part is measured and its glyphs shaped (a QStaticText) once per font and kept, the
    parts of a line placed once: a repaint draws shaped glyphs, it neither measures nor
    shapes text again, and a new page shapes only the texts not seen yet (a passage's kind,
    the words matched, an origin repeat from line to line). Measuring and drawing each
    part's text at every paint took 8–18 ms of the UI thread per repaint of 30 lines of
    Hangul (benchmarks/analysts_desk_ui.py). What is kept is testimony: `forget` drops it
    (the lock), and it is dropped too when it grows past `SHAPED` texts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[tuple[str, str], tuple[QFont, QFontMetrics]] = {}
        self.shaped: dict[tuple[str, str, str], Shaped] = {}
        """(text, how it is drawn, base font's key): the text shaped."""
        self.placed: dict[tuple[Line, str], tuple[tuple[int, str, Shaped], ...]] = {}
        """(line, base font's key): each part's x from the line's start, how, shaped."""

    def forget(self) -> None:
        """Drop every text shaped and line placed (the desk is locked: they are testimony)."""
        self.shaped.clear()
        self.placed.clear()

    def font(self, base: QFont, base_key: str, how: str) -> tuple[QFont, QFontMetrics]:
        """The font of a part drawn `how` on `base`, and its metrics (made once)."""
        key = (base_key, how)
        if key not in self._fonts:
            font = QFont(base)
            font.setBold(how in ("bold", "mark"))
            if how == "small":
                font.setPointSizeF(font.pointSizeF() * 0.85)
            self._fonts[key] = (font, QFontMetrics(font))
        return self._fonts[key]

    def shape(self, text: str, how: str, base: QFont, base_key: str) -> Shaped:
        """`text` drawn `how` on `base`, measured and shaped (once)."""
        key = (text, how, base_key)
        shaped = self.shaped.get(key)
        if shaped is None:
            if len(self.shaped) >= SHAPED:
                self.forget()
            font, metrics = self.font(base, base_key, how)
            glyphs = QStaticText(text)
            glyphs.setTextFormat(Qt.TextFormat.PlainText)  # testimony is never markup
            glyphs.prepare(QTransform(), font)
            shaped = self.shaped[key] = Shaped(metrics.horizontalAdvance(text), glyphs, font)
        return shaped

    def place(self, line: Line, base: QFont) -> tuple[tuple[int, str, Shaped], ...]:
        """`line`'s parts in `base`'s fonts, one after the other (placed once)."""
        base_key = base.key()
        key = (line, base_key)
        placed = self.placed.get(key)
        if placed is None:
            parts: list[tuple[int, str, Shaped]] = []
            x = 0
            for text, how in line.parts:
                shaped = self.shape(text, how, base, base_key)
                parts.append((x, how, shaped))
                x += shaped.width
            placed = self.placed[key] = tuple(parts)
        return placed

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(400, QFontMetrics(option.font).height() + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # the background and selection only
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(ITEM_VIEW_ITEM, item, painter, widget)
        model = index.model()
        line = model.lines[index.row()] if isinstance(model, LinesModel) else None
        if line is None:
            return
        rect: QRect = item.rect
        selected = bool(item.state & SELECTED)
        palette = item.palette
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        painter.save()
        if line.kind == "interview" and index.row() > 0:
            painter.setPen(palette.mid().color())
            painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
        left = rect.left() + (INDENT if line.kind == "passage" else 4)
        right, top, height = rect.right(), rect.top(), rect.height()
        for offset, how, shaped in self.place(line, item.font):
            x = left + offset
            if x >= right:
                break
            box = QRect(x, top, min(shaped.width, right - x), height)
            if how == "mark":
                painter.fillRect(box.adjusted(0, 3, 0, -3), MARK)
                painter.setPen(BLACK)
            elif how == "small":
                painter.setPen(text_color if selected else palette.placeholderText().color())
            else:
                painter.setPen(text_color)
            painter.setFont(shaped.font)
            if shaped.width > right - x:  # the last part shown: cut at the right edge
                painter.setClipRect(box, Qt.ClipOperation.IntersectClip)  # restore() ends it
            y = top + (height - shaped.text.size().height()) / 2
            painter.drawStaticText(QPointF(x, y), shaped.text)
        painter.restore()


def lines_view(model: LinesModel, parent: QWidget | None = None) -> QListView:
    view = QListView(parent)
    view.setModel(model)
    view.setItemDelegate(LineDelegate(view))
    view.setUniformItemSizes(True)  # one line each: no size asked of every line
    view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
    return view
