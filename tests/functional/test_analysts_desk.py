"""The analysts' desk (issue 18, item 1), driven offscreen through the real windows on a
real repository made by two laptops: opened with its passphrase (a wrong one says so, in
Korean, and asks again); interviews across devices with every version and the package it
came in; the evidence matrix with drill-down to the answer behind a cell and on to the
interview at that record; gaps and the list for Seoul; a possible earlier statement
confirmed; an assessment added and shown beside the fact; registers; an import's dry run."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from app.errors import WrongPassphrase
from app.formats import signed
from app.i18n import _
from app.sync.reinterview import Requests
from app.sync.repository import desk as desk_core
from tests.analysts_support import IMPRISONMENT, INHUMANE
from tests.functional import analysts_desk
from tests.functional.analysts_desk import WAIT_MS, Desk, copy_repository
from tests.repository_support import GOOD, ORGANISATION, write_csv
from tests.sync_support import GENEVA_PASSPHRASE
from ui.analysts.window import AnalystsWindow
from ui.application import Desktop
from ui.errors import Locked, error_text
from ui.tasks import TaskRunner

scene, desk = analysts_desk.scene, analysts_desk.desk  # the shared fixtures


@pytest.fixture
def window(desk: Desk) -> AnalystsWindow:
    return desk.open()


def _row_of(model: Any, key: str, value: object) -> int:
    return next(n for n, row in enumerate(model.rows) if row[key] == value)


def test_a_wrong_passphrase_is_said_in_korean_and_asked_again(desk: Desk, qtbot: QtBot) -> None:
    desk.dialog.languages.buttons["ko"].click()
    assert desk.dialog.heading.text() == "제네바 저장소 열기"
    desk.type_passphrase("not the passphrase at all")
    qtbot.waitUntil(lambda: desk.dialog.error.isVisibleTo(desk.dialog), timeout=WAIT_MS)
    assert desk.dialog.error.text() == error_text(WrongPassphrase())
    assert "암호" in desk.dialog.error.text()
    assert desk.dialog.passphrase.text() == "" and desk.desktop.window is None
    window = desk.open()
    assert window.tabs.tabText(0) == "면담 목록"
    assert "제네바 저장소" in window.windowTitle()


def test_interviews_across_devices_show_each_version_and_its_package(
    window: AnalystsWindow, desk: Desk, scene: dict[str, Any], qtbot: QtBot
) -> None:
    tab = window.interviews
    rows = tab.model.rows
    assert sorted(r["code"] for r in rows) == sorted(scene["codes"].values())
    assert len({r["device_id"] for r in rows}) == 2  # two laptops
    kept = rows[_row_of(tab.model, "code", scene["codes"]["kept_back"])]
    assert kept["consent"] == {
        "held": True, "sharing": False, "recontact": True, "withdrawn": False,
        "witness_withdrew": False,
    }  # fmt: skip
    assert tab.model.data(tab.model.index(rows.index(kept), 5)) == _("no sharing")
    linked = rows[_row_of(tab.model, "code", scene["codes"]["again"])]
    assert linked["possible_earlier_statements"]  # the same witness, seen on the other laptop

    tab.table.selectRow(rows.index(kept))
    desk.settle()
    assert tab.shown is not None and tab.shown["code"] == scene["codes"]["kept_back"]
    records = tab.record_rows
    answer = next(n for n in range(records.rowCount()) if records.text(n, 0) == "Answer")
    assert records.text(answer, 3) == "q.narrative.0: 조사를 받았습니다"
    assert records.text(answer, 1, child=0) == "v1"  # its first version, under it
    assert records.text(answer, 2, child=0).startswith(
        f"package 1 from {kept['device_id']}, received 20"
    )


def test_the_matrix_drills_down_to_the_answer_and_opens_the_interview_there(
    window: AnalystsWindow, desk: Desk, scene: dict[str, Any], qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.matrix)
    desk.settle()
    matrix = window.matrix
    row = _row_of(matrix.elements, "element", IMPRISONMENT)
    assert matrix.elements.rows[row]["witnesses"] == 1  # the same person, on two laptops
    matrix.element_table.selectRow(row)
    matrix.axis.setCurrentIndex(matrix.axis.findData("incident"))
    assert len(matrix.cells.rows) == 2  # two incidents, one per interview
    matrix.cell_table.activated.emit(matrix.cells.index(0, 0))
    desk.settle()
    [statement] = matrix.statements.rows
    assert statement["passage"]["text"] == "조사를 받았습니다"
    assert statement["passage"]["kind"] == "answer"
    first, again = scene["made"]["first"], scene["made"]["again"]
    expected = first if statement["interview"] == first["interview"].code else again
    assert statement["passage"]["id"] == str(expected["answer"].id)

    matrix.statement_table.selectRow(0)
    matrix.open_button.click()
    desk.settle()
    assert window.tabs.currentWidget() is window.interviews
    assert window.interviews.shown is not None
    assert window.interviews.shown["code"] == statement["interview"]
    assert window.interviews.current_record() == str(expected["answer"].id)


def test_an_assessment_of_a_statement_is_shown_beside_it_in_the_matrix(
    window: AnalystsWindow, desk: Desk, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.matrix)
    desk.settle()
    matrix = window.matrix
    matrix.element_table.selectRow(_row_of(matrix.elements, "element", INHUMANE))
    matrix.cell_table.activated.emit(matrix.cells.index(0, 0))
    desk.settle()
    matrix.statement_table.selectRow(0)
    matrix.assess_button.click()
    dialog = matrix.assessment
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # no reasons: refused, said inline
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=WAIT_MS)
    assert dialog.result() == 0
    dialog.rating.setCurrentIndex(dialog.rating.findData("low"))
    dialog.reasons.setPlainText("heard from a cellmate; no date")
    ok.click()
    desk.settle()
    row = matrix.elements.rows[_row_of(matrix.elements, "element", INHUMANE)]
    [made] = row["assessments"]
    assert (made["aspect"], made["rating"], made["reasons"]) == (
        "reliability", "low", "heard from a cellmate; no date"
    )  # fmt: skip
    column = len(matrix.elements.columns) - 1
    shown = matrix.elements.data(matrix.elements.index(matrix.elements.rows.index(row), column))
    assert shown == f"reliability: low ({desk.desktop.session.analyst})"


def test_gaps_and_the_list_for_seoul(
    window: AnalystsWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    window.tabs.setCurrentWidget(window.gaps)
    desk.settle()
    gaps = window.gaps
    hearsay = gaps.gaps.rows[_row_of(gaps.gaps, "element", INHUMANE)]
    assert hearsay["reasons"] == ["single_witness", "hearsay_only"]
    assert gaps.gaps.data(gaps.gaps.index(gaps.gaps.rows.index(hearsay), 1)) == (
        "one witness only, hearsay only"
    )
    assert gaps.candidates.rows and gaps.device.count() >= 1
    out = tmp_path / "for-seoul.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    gaps.export_button.click()
    desk.settle()
    requests, _body, _signature = signed.read_document(out.read_bytes(), Requests)
    assert requests.device_id == gaps.device.currentData()
    assert requests.witnesses  # the hearsay-only witness, whose consent allows re-contact
    assert out.stat().st_mode & 0o777 == 0o600
    assert "witness(es) to ask again written to" in gaps.result.text()


def test_a_possible_earlier_statement_is_confirmed_with_reasons(
    window: AnalystsWindow, desk: Desk, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.corroboration)
    desk.settle()
    tab = window.corroboration
    [pair] = tab.pairs.rows
    assert pair["decision"] is None
    tab.pair_table.selectRow(0)
    tab.confirm.click()  # no reasons: the core refuses, said inline
    desk.settle()
    assert tab.error.isVisibleTo(tab) and "reasons" in tab.error.text()
    tab.reasons.setText("same year of birth, same facility, same account")
    tab.confirm.click()
    desk.settle()
    [pair] = tab.pairs.rows
    assert pair["decision"]["same"] is True
    assert pair["decision"]["reasons"] == "same year of birth, same facility, same account"


def test_registers_and_the_access_log_of_a_file_repository(
    window: AnalystsWindow, desk: Desk, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.registers)
    desk.settle()
    tab = window.registers
    tab.which.setCurrentIndex(tab.which.findData("perpetrators"))
    desk.settle()
    [perpetrator] = tab.model.rows
    assert perpetrator["name"] == "박철호" and perpetrator["unit"] == "회령시 보위부 예심과"
    titles = [
        tab.model.headerData(n, Qt.Orientation.Horizontal) for n in range(tab.model.columnCount())
    ]
    assert "Name" in titles and "Unit" in titles
    tab.which.setCurrentIndex(tab.which.findData("access_log"))
    desk.settle()
    assert tab.model.rows == [] and "keeps no access log" in tab.note.text()


def test_an_import_dry_run_reports_and_changes_nothing(
    window: AnalystsWindow, desk: Desk, tmp_path: Path, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.imports)
    tab = window.imports
    tab.path = write_csv(
        tmp_path / "other.csv", [GOOD, {**GOOD, "external_id": "X-2", "narrative": ""}]
    )
    tab.organisation.setText(ORGANISATION)
    tab.dry_run.click()
    desk.settle()
    assert tab.summary.text() == "Would import 1 interview(s). 1 refused."
    assert [r["external_id"] for r in tab.model.rows] == ["CASE-2019-0412", "X-2"]
    before = len(window.interviews.model.rows)
    window.interviews.load()
    desk.settle()
    assert len(window.interviews.model.rows) == before


def test_long_reads_show_progress_and_can_be_cancelled(
    window: AnalystsWindow, desk: Desk, qtbot: QtBot
) -> None:
    before = list(window.interviews.model.rows)
    gate = threading.Event()
    desk.runner.run(lambda: gate.wait(10), lambda _r: None, lambda _e: None)  # worker busy
    window.interviews.model.show_rows([])
    window.interviews.load()
    assert window.cancel.isVisibleTo(window) and window.progress.isVisibleTo(window)
    assert window.activity.text() == "Reading the interviews…"
    window.cancel.click()
    gate.set()
    desk.settle()
    assert window.interviews.model.rows == []  # cancelled: nothing shown, no error box
    assert not window.cancel.isVisibleTo(window)
    assert window.activity.text().startswith("Analyst: ")
    window.interviews.load()
    desk.settle()
    assert window.interviews.model.rows == before


def test_geneva_staff_open_a_repository_from_the_welcome(
    qtbot: QtBot,
    scene: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Geneva machine has no laptop database: the welcome offers the repository."""
    folder = copy_repository(scene["folder"], tmp_path / "geneva")
    runner = TaskRunner()
    desktop = Desktop(runner, tmp_path / "no-laptop.db", settings_path=tmp_path / "s.json")
    try:
        desktop.start()
        assert desktop.welcome is not None
        chosen: list[str] = [""]
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: chosen[0])
        desktop.welcome.repository_button.click()  # and then no folder chosen: back
        assert desktop.analysts is None and desktop.welcome.isVisible()
        chosen[0] = str(folder)
        desktop.welcome.repository_button.click()
        assert desktop.analysts is not None and desktop.analysts.dialog is not None
        desktop.analysts.dialog.passphrase.setText(GENEVA_PASSPHRASE)
        desktop.analysts.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: desktop.analysts.window is not None, timeout=WAIT_MS)  # type: ignore[union-attr]
        window = desktop.analysts.window
        assert window is not None
        qtbot.waitUntil(lambda: len(window.interviews.model.rows) == 5, timeout=WAIT_MS)
        assert not (tmp_path / "no-laptop.db").exists()  # no laptop database was made
    finally:
        desktop.stop()


def test_a_transcript_passage_behind_a_cell_opens_the_interview_at_that_passage(
    window: AnalystsWindow, desk: Desk, scene: dict[str, Any], qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.matrix)
    desk.settle()
    matrix = window.matrix
    matrix.element_table.selectRow(_row_of(matrix.elements, "element", INHUMANE))
    matrix.cell_table.activated.emit(matrix.cells.index(0, 0))
    desk.settle()
    segment = scene["made"]["heard"]["segment"]
    row = next(
        n for n, s in enumerate(matrix.statements.rows) if s["passage"]["id"] == str(segment.id)
    )
    passage_column = len(matrix.statements.columns) - 1
    assert matrix.statements.data(matrix.statements.index(row, passage_column)) == "보위부원이"
    matrix.statement_table.activated.emit(matrix.statements.index(row, 0))
    desk.settle()
    interviews = window.interviews
    assert window.tabs.currentWidget() is interviews
    assert interviews.current_record() == str(segment.id)
    current = interviews.records.currentIndex()
    assert current.isValid() and not current.parent().isValid()
    assert interviews.record_rows.text(current.row(), 0) == "Transcript passage"
    assert (
        interviews.record_rows.text(current.row(), 3)
        == "Interviewee: 보위부원이 그렇게 말하는 것을 들었습니다"
    )


def test_an_assessment_of_the_witness_is_shown_with_their_interview(
    window: AnalystsWindow, desk: Desk, scene: dict[str, Any], qtbot: QtBot
) -> None:
    tab = window.interviews
    tab.table.selectRow(_row_of(tab.model, "code", scene["codes"]["torture"]))
    desk.settle()
    tab.assess_witness.click()
    dialog = tab.assessment
    dialog.aspect.setCurrentIndex(dialog.aspect.findData("credibility"))
    dialog.rating.setCurrentIndex(dialog.rating.findData("high"))
    dialog.reasons.setPlainText("consistent across two sessions; details match the facility")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    desk.settle()
    assert tab.shown is not None
    [made] = tab.shown["witness_assessments"]
    assert (made["aspect"], made["rating"]) == ("credibility", "high")
    last = tab.record_rows.rowCount() - 1
    assert tab.record_rows.text(last, 0) == "Witness"
    assert tab.record_rows.text(last, 3) == f"credibility: high ({desk.desktop.session.analyst})"


def test_the_open_window_switches_to_korean(window: AnalystsWindow, desk: Desk) -> None:
    window.languages.buttons["ko"].click()
    assert [window.tabs.tabText(n) for n in range(4)] == [
        "면담 목록",
        "검색",
        "증거 매트릭스",
        "공백과 재면담",
    ]
    model = window.interviews.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "코드"
    kept = _row_of(model, "consent", {**model.rows[0]["consent"], "sharing": False})
    assert model.data(model.index(kept, 5)) == "공유 불가"
    assert window.disclose_action.text() == "책임규명 기구에 제공(&D)…"


def test_idle_locks_the_desk_drops_what_was_shown_and_asks_again(
    window: AnalystsWindow, desk: Desk, scene: dict[str, Any], qtbot: QtBot
) -> None:
    tab = window.interviews
    tab.table.selectRow(0)
    desk.settle()
    assert tab.shown is not None and tab.record_rows.rowCount() > 0
    desk.desktop.watcher.idle.emit()  # the settings' minutes without a key press
    desk.settle()
    assert not window.isVisible()
    assert tab.model.rows == [] and tab.shown is None and tab.record_rows.rowCount() == 0
    assert window.matrix.elements.rows == []
    assert not desk.desktop.session.is_open
    failures: list[BaseException] = []
    desk.runner.run(desk.desktop.session.repository_on_worker, print, failures.append)
    desk.settle()
    assert [type(f) for f in failures] == [Locked]  # the repository is closed on the worker
    dialog = desk.desktop.dialog
    assert dialog is not None and dialog.isVisible()
    desk.dialog = dialog
    assert desk.open() is window and window.isVisible()
    assert sorted(r["code"] for r in tab.model.rows) == sorted(scene["codes"].values())


def test_ctrl_l_locks_the_desk(window: AnalystsWindow, desk: Desk) -> None:
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    desk.settle()
    assert not window.isVisible() and window.interviews.model.rows == []
    assert desk.desktop.dialog is not None and not desk.desktop.session.is_open


def test_cancel_while_the_worker_reads_drops_the_answer(
    window: AnalystsWindow, desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, gate = threading.Event(), threading.Event()
    reading = desk_core.evidence_matrix

    def slow(repository: Any) -> Any:
        started.set()
        gate.wait(10)
        return reading(repository)

    monkeypatch.setattr(desk_core, "evidence_matrix", slow)
    window.tabs.setCurrentWidget(window.matrix)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    window.cancel.click()
    gate.set()
    desk.settle()
    assert window.matrix.elements.rows == []  # the answer came after Cancel: not shown
    assert not window.cancel.isVisibleTo(window)


def test_an_import_marks_its_interviews_as_imported(
    window: AnalystsWindow, desk: Desk, tmp_path: Path
) -> None:
    window.tabs.setCurrentWidget(window.imports)
    window.imports.path = write_csv(tmp_path / "other.csv", [GOOD])
    window.imports.organisation.setText(ORGANISATION)
    window.imports.do_import.click()
    desk.settle()
    assert window.imports.summary.text() == "Imported 1 interview(s). 0 refused."
    window.interviews.load()
    desk.settle()
    model = window.interviews.model
    [row] = [r for r in model.rows if r["imported"]]
    number = model.rows.index(row)
    assert model.data(model.index(number, 1)) == f"imported: {ORGANISATION}"
    assert model.data(model.index(number, 4)) == "yes"
