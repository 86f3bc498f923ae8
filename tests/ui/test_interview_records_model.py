"""The records of one interview in the Interviews tab (review T2): a model whose texts are
made as the view asks for them, with the rows the tree of items had (a record, its
versions and assessments under it, the witness's assessments last), checked by Qt's own
model tester; a long transcript's records given to the view as it scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot

from app.i18n import set_language
from ui.analysts.records_model import CHUNK, RECORD_ID, RecordsModel


def _version(number: int, *, deleted: bool = False, imported: bool = False) -> dict[str, Any]:
    return {
        "version": number, "imported": imported, "sequence": number, "device_id": "dev-seoul",
        "received_at": "2026-01-05T10:00:00+00:00", "deleted": deleted,
        "body_sha256": "ab" * 32,
    }  # fmt: skip


ASSESSED = [{"aspect": "credibility", "rating": "high", "analyst": "kim", "versions": 1}]
SHOWN = {
    "code": "SLK-TEST",
    "held": [
        {
            "kind": "transcript_segment", "id": "s1", "version": 2,
            "body": {"speaker": "interviewee", "text": "보위부에서 조사를 받았습니다"},
            "imported": False, "versions": [_version(1), _version(2)],
            "assessments": ASSESSED,
        },
        {
            "kind": "incident", "id": "i1", "version": 1, "body": {"title": "구류장 조사"},
            "imported": True, "versions": [_version(1, imported=True)], "assessments": [],
        },
    ],
    "witness_assessments": ASSESSED,
}  # fmt: skip


def test_each_record_its_versions_and_the_witness_as_the_tree_showed_them() -> None:
    model = RecordsModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.show(SHOWN)
    assert model.rowCount() == 3
    assert [model.text(0, c) for c in range(4)] == [
        "Transcript passage", "v2", "", "Interviewee: 보위부에서 조사를 받았습니다",
    ]  # fmt: skip
    segment = model.index(0, 0)
    assert model.rowCount(segment) == 3 and model.data(segment, RECORD_ID) == "s1"
    assert [model.text(0, c, child=1) for c in range(3)] == [
        "", "v2", "package 2 from dev-seoul, received 2026-01-05T10:00:00",
    ]  # fmt: skip
    assert model.text(0, 2, child=2) == "Assessed"
    assert [model.text(1, c) for c in range(3)] == ["Incident", "v1", "imported"]
    assert model.text(1, 2, child=0) == "import 1"
    assert model.text(2, 0) == "Witness" and model.rowCount(model.index(2, 0)) == 0
    assert model.row_of("i1") == 1 and model.record_id(2) is None
    set_language("ko")
    try:
        model.show(SHOWN)  # as the tab does on a switch: the texts made again in Korean
        assert model.text(2, 0) == "증인"
    finally:
        set_language("en")
    model.show(None)
    assert model.rowCount() == 0 and model.rowCount(QModelIndex()) == 0


def test_a_long_transcript_is_given_to_the_view_as_it_scrolls(qtbot: QtBot) -> None:
    """A two-hour interview's records are handed to the view CHUNK at a time (a tree view
    lays out every row it has): the first at once, the next as it scrolls to the end, and
    up to a record chosen further on (a search's passage)."""
    long = {
        "code": "SLK-LONG",
        "held": [{**SHOWN["held"][0], "id": f"s{n}"} for n in range(2 * CHUNK + 50)],
        "witness_assessments": ASSESSED,
    }
    model = RecordsModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setUniformRowHeights(True)
    view.setModel(model)
    view.resize(600, 300)
    view.show()
    model.show(long)
    assert model.rowCount() == CHUNK and model.canFetchMore(QModelIndex())
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)  # laid out
    given = model.rowCount()
    assert given < len(long["held"])  # not all of them (Qt may ask for a chunk more)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > given)  # the next, as it reaches the end
    wanted = model.row_of(f"s{2 * CHUNK + 10}")
    assert wanted == 2 * CHUNK + 10
    model.reveal(wanted)
    assert model.rowCount() > wanted and model.record_id(wanted) == f"s{wanted}"
    assert model.text(2 * CHUNK + 50, 0) == "Witness"  # the last row, once given
    assert model.rowCount() == 2 * CHUNK + 51 and not model.canFetchMore(QModelIndex())
