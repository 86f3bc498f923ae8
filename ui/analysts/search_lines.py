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
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
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
INDENT = 20
"""Passages stand under their interview."""

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


class LineDelegate(QStyledItemDelegate):
    """Paints a line's parts one after the other on one line, cut at the right edge."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[tuple[str, str], tuple[QFont, QFontMetrics]] = {}

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

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(400, QFontMetrics(option.font).height() + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # the background and selection only
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect: QRect = item.rect
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        palette = item.palette
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        painter.save()
        kind = index.data(ROLE_LINE)
        if kind == "interview" and index.row() > 0:
            painter.setPen(palette.mid().color())
            painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
        x = rect.left() + (INDENT if kind == "passage" else 4)
        base = item.font
        base_key = base.key()
        for text, how in index.data(ROLE_PARTS) or ():
            if x >= rect.right():
                break
            font, metrics = self.font(base, base_key, how)
            width = metrics.horizontalAdvance(text)
            box = QRect(x, rect.top(), min(width, rect.right() - x), rect.height())
            if how == "mark":
                painter.fillRect(box.adjusted(0, 3, 0, -3), MARK)
                painter.setPen(QColor("black"))
            elif how == "small":
                painter.setPen(text_color if selected else palette.placeholderText().color())
            else:
                painter.setPen(text_color)
            painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            x += width
        painter.restore()


def lines_view(model: LinesModel, parent: QWidget | None = None) -> QListView:
    view = QListView(parent)
    view.setModel(model)
    view.setItemDelegate(LineDelegate(view))
    view.setUniformItemSizes(True)  # one line each: no size asked of every line
    view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
    return view
