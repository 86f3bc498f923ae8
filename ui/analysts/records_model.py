"""The records of one interview as the Interviews tab shows them: a row per record (kind,
version, origin, content), under it a row per version (and one for its assessments), and
a last row for the witness's assessments.

A model, not a tree of items: a two-hour interview holds 1,000–2,000 transcript segments,
each in several versions, and building an item per record and version took the UI thread
about 70 ms (review T2, docs/benchmarks.md "Analysts' desk"). Showing an interview is now
one reset; each text is made when the view asks for it (the rows on screen), in the
language shown then, and kept until the next; the tab sizes the short columns from the
few different texts they hold (`short_texts`), not by measuring rows, and the rows are
given to the view as it scrolls (CHUNK at a time).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.domain import ConsentScope, Speaker
from app.i18n import _
from app.sync.repository import desk
from ui.analysts.labels import KINDS, assessments_text, word
from ui.desk.consent_dialog import scope_text
from ui.transcript.segment_view import SPEAKER_NAMES

RECORD_ID = Qt.ItemDataRole.UserRole
"""The record's id, on a record's row (column 0)."""
COLUMNS = 4
TOP = 0
"""The internal id of a top-level row; a child row's is its parent's row + 1."""
CHUNK = 200
"""Records handed to the view at a time: a tree view lays out every row it is given (a
call into Python for each), so a long interview's are given as the view scrolls to them
(`fetchMore`), the first ones at once."""

Index = QModelIndex | QPersistentModelIndex


def record_text(kind: str, body: dict[str, Any]) -> str:
    """The line shown for a record: the core's summary, with the words that are keys
    (speakers, consent scopes) in the language shown."""
    if kind == "transcript_segment":
        speaker = str(body.get("speaker", ""))
        try:
            name = _(SPEAKER_NAMES[Speaker(speaker)])
        except ValueError:
            name = speaker
        return f"{name}: {body.get('text', '')}"
    if kind == "consent":
        granted = []
        for scope in body.get("granted", []):
            try:
                granted.append(scope_text(ConsentScope(scope))[0])
            except ValueError:
                granted.append(str(scope))
        return ", ".join(granted)
    return desk.summary(kind, body)


def version_texts(version: dict[str, Any]) -> list[str]:
    origin = (
        _("import {number}").format(number=version["sequence"])
        if version["imported"]
        else _("package {sequence} from {device}, received {received}").format(
            sequence=version["sequence"],
            device=version["device_id"],
            received=(version["received_at"] or "-")[:19],
        )
    )
    return [
        _("deleted") if version["deleted"] else "",
        f"v{version['version']}",
        origin,
        version["body_sha256"][:16],
    ]


class RecordsModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.held: list[dict[str, Any]] = []
        self.witness: list[dict[str, Any]] = []
        """The witness's assessments (a last row when there are any)."""
        self.headers: list[str] = [""] * COLUMNS
        self._counts: list[int] = []
        self.fetched = 0
        """How many top-level rows the view has been given (CHUNK at a time)."""
        self._made: dict[tuple[int, int], list[str]] = {}
        """The texts of the rows asked for so far, by (internal id, row): a view asks for
        each cell several times (painting, measuring)."""

    # -- what is shown ---------------------------------------------------------------------

    def show(self, shown: dict[str, Any] | None) -> None:
        """One interview as `registers.show` gives it (None: nothing)."""
        self.beginResetModel()
        self._made = {}
        self.held = list(shown["held"]) if shown else []
        # the view asks each row how many rows it holds as it lays them out
        self._counts = [len(h["versions"]) + (1 if h["assessments"] else 0) for h in self.held]
        self.witness = list(shown.get("witness_assessments") or []) if shown else []
        self.fetched = min(CHUNK, self._top_rows())
        self.endResetModel()

    def reveal(self, row: int) -> None:
        """Give the view the top-level rows up to `row` (to select a record further on)."""
        if row >= self.fetched:
            self._fetch(min(row + 1, self._top_rows()))

    def _fetch(self, upto: int) -> None:
        if upto > self.fetched:
            self.beginInsertRows(QModelIndex(), self.fetched, upto - 1)
            self.fetched = upto
            self.endInsertRows()

    def set_headers(self, headers: list[str]) -> None:
        self.headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)

    def record_id(self, row: int) -> str | None:
        return str(self.held[row]["id"]) if 0 <= row < len(self.held) else None

    def row_of(self, record_id: str) -> int | None:
        for number, held in enumerate(self.held):
            if held["id"] == record_id:
                return number
        return None

    def short_texts(self, row: int | None = None) -> list[list[str]]:
        """The texts of the first three columns (kind, version, origin) that the top-level
        rows show, each different one once (or all of record `row`'s rows under it): what
        the tab sizes those columns from, without making every row's texts."""
        if row is not None:
            held = self.held[row]
            rows = [version_texts(v)[:3] for v in held["versions"]]
            return rows + ([["", "", _("Assessed")]] if held["assessments"] else [])
        kinds = {(h["kind"], h["version"], bool(h["imported"])) for h in self.held}
        rows = [
            [word(KINDS, kind), f"v{version}", _("imported") if imported else ""]
            for kind, version, imported in kinds
        ]
        return rows + ([[_("Witness"), "", ""]] if self.witness else [])

    def text(self, row: int, column: int, child: int | None = None) -> str:
        """The text shown at a top-level `row` (or at its `child`) and `column`."""
        self.reveal(row)
        parent = QModelIndex() if child is None else self.index(row, 0)
        return str(self.index(row if child is None else child, column, parent).data())

    # -- QAbstractItemModel ------------------------------------------------------------------

    def _children(self, row: int) -> int:
        return self._counts[row] if row < len(self._counts) else 0

    def _top_rows(self) -> int:
        return len(self.held) + (1 if self.witness else 0)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.fetched < self._top_rows()

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._fetch(min(self.fetched + CHUNK, self._top_rows()))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if not parent.isValid():
            return self.fetched
        if parent.internalId() != TOP or parent.column() != 0:
            return 0
        return self._children(parent.row())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return COLUMNS

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # bounds checked here rather than by hasIndex (three calls into Python per row:
        # the view asks for an index of each of a long interview's rows as it lays out)
        if row < 0 or not 0 <= column < COLUMNS:
            return QModelIndex()
        if not parent.isValid():
            if row >= self.fetched:
                return QModelIndex()
            return self.createIndex(row, column, TOP)
        if parent.internalId() != TOP or parent.column() != 0:
            return QModelIndex()
        if row >= self._children(parent.row()):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, TOP)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < COLUMNS else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == RECORD_ID:
            top = index.internalId() == TOP and index.column() == 0
            return self.record_id(index.row()) if top else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._texts(index)[index.column()]

    def _texts(self, index: Index) -> list[str]:
        key = (int(index.internalId()), index.row())
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._make(index)
        return made

    def _make(self, index: Index) -> list[str]:
        if index.internalId() == TOP:
            if index.row() >= len(self.held):
                return [_("Witness"), "", "", assessments_text(self.witness)]
            return self._record(self.held[index.row()])
        held = self.held[int(index.internalId()) - 1]
        versions = held["versions"]
        if index.row() < len(versions):
            return version_texts(versions[index.row()])
        return ["", "", _("Assessed"), assessments_text(held["assessments"])]

    @staticmethod
    def _record(held: dict[str, Any]) -> list[str]:
        return [
            word(KINDS, held["kind"]),
            f"v{held['version']}",
            _("imported") if held["imported"] else "",
            record_text(held["kind"], held["body"]),
        ]
