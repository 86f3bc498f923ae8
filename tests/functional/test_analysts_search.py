"""The search tab of the analysts' desk (issue 18, item 1: "search with snippets that open
the passage"), driven offscreen through the real window on a real repository made by two
laptops: a Korean word typed with its particle finds the interviews of both laptops and
says how many match in all; a passage opens its interview at that record; the pages reach
the last interview; a newer query replaces one still running; the first search shows how
far the index is and can be cancelled; a lock leaves neither results nor the query."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from app.search import index
from app.sync.repository import desk_search
from app.sync.repository import search as repository_search
from tests.functional import analysts_desk
from tests.functional.analysts_desk import WAIT_MS, Desk
from tests.repository_support import GOOD, ORGANISATION, interview, laptop, ship, write_csv
from tests.sync_support import new_repository
from tests.ui.helpers import type_into
from ui.analysts import search_tab
from ui.analysts.search_lines import ROLE_LINE, ROLE_OPEN, ROLE_PARTS, LineDelegate
from ui.analysts.search_tab import SearchTab
from ui.analysts.window import AnalystsWindow
from ui.tasks import Progress

scene, desk = analysts_desk.scene, analysts_desk.desk  # the shared fixtures


def _tab(desk: Desk) -> tuple[AnalystsWindow, SearchTab]:
    window = desk.open()
    window.tabs.setCurrentWidget(window.search)
    return window, window.search


def _search(desk: Desk, tab: SearchTab, text: str) -> None:
    tab.query.clear()
    type_into(desk.qtbot, tab.query, text)
    desk.qtbot.keyClick(tab.query, Qt.Key.Key_Return)
    desk.settle()


def _lines(tab: SearchTab) -> list[str]:
    """What each line of the results says (its accessible text: what a reader hears)."""
    return [
        str(tab.lines.index(n).data(Qt.ItemDataRole.AccessibleTextRole))
        for n in range(tab.lines.rowCount())
    ]


def _row(tab: SearchTab, record_id: str) -> QModelIndex:
    for n in range(tab.lines.rowCount()):
        index = tab.lines.index(n)
        opens = index.data(ROLE_OPEN)
        if opens is not None and opens[1] == record_id and index.data(ROLE_LINE) == "passage":
            return index
    raise AssertionError(f"no passage of record {record_id} shown")


def test_a_korean_word_with_its_particle_finds_the_interviews_of_both_laptops(
    desk: Desk, scene: dict[str, Any]
) -> None:
    window, tab = _tab(desk)
    window.languages.buttons["ko"].click()
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "검색"
    _search(desk, tab, "보위부에서")
    codes, made = scene["codes"], scene["made"]
    # the perpetrator's agency (seoul) and the hearsay passage (busan), and the two laptops'
    # facility records, which belong to no interview: four results in all, counted exactly
    assert tab.status.text() == "면담 4건 중 1–4"
    found = tab.found
    assert found is not None and found.total == 4
    shown = {g.interview_code for g in found.groups if g.interview_code}
    assert shown == {codes["torture"], codes["heard"]}
    lines = _lines(tab)
    seoul = made["torture"]["interview"]
    busan = made["heard"]["interview"]
    heading = {line.split(" · ")[0]: line for line in lines if " · " in line}
    assert heading[codes["torture"]].split(" · ")[1:] == [device_of(desk, seoul), "구절 1개"]
    assert heading[codes["heard"]].split(" · ")[1:] == [device_of(desk, busan), "구절 1개"]
    assert device_of(desk, seoul) != device_of(desk, busan)  # two laptops
    segment = made["heard"]["segment"]
    passage = _row(tab, str(segment.id))
    marked = [text for text, how in passage.data(ROLE_PARTS) if how == "mark"]
    assert marked == ["보위부"]  # the matched words, marked
    assert passage.data(Qt.ItemDataRole.AccessibleTextRole).endswith(
        "보위부원이 그렇게 말하는 것을 들었습니다"
    )
    window.languages.buttons["en"].click()  # the results shown say it again in English
    assert tab.status.text() == "1–4 of 4 interviews"
    assert f"{codes['heard']} · {device_of(desk, busan)} · 1 passage" in _lines(tab)


def device_of(desk: Desk, interview: Any) -> str:
    """The device an interview came from, as the interview list shows it."""
    rows = desk.desktop.window.interviews.model.rows  # type: ignore[union-attr]
    return str(next(r["device_id"] for r in rows if r["id"] == str(interview.id)))


def test_a_passage_opens_its_interview_at_that_record(desk: Desk, scene: dict[str, Any]) -> None:
    window, tab = _tab(desk)
    _search(desk, tab, "보위부에서")
    segment = scene["made"]["heard"]["segment"]
    tab.results.setCurrentIndex(_row(tab, str(segment.id)))
    desk.qtbot.keyClick(tab.results, Qt.Key.Key_Return)  # Enter opens, as a double-click
    desk.settle()
    interviews = window.interviews
    assert window.tabs.currentWidget() is interviews
    assert interviews.shown is not None and interviews.shown["code"] == scene["codes"]["heard"]
    assert interviews.current_record() == str(segment.id)

    window.tabs.setCurrentWidget(tab)  # the person's record of the other interview
    person = next(
        tab.lines.index(n)
        for n in range(tab.lines.rowCount())
        if (tab.lines.index(n).data(ROLE_OPEN) or ("", "", ""))[2] == "person"
    )
    tab.results.activated.emit(person)
    desk.settle()
    assert window.tabs.currentWidget() is interviews
    assert interviews.shown["code"] == scene["codes"]["torture"]
    assert interviews.current_record() == person.data(ROLE_OPEN)[1]

    window.tabs.setCurrentWidget(tab)  # a facility belongs to no interview: said, not opened
    facility = next(
        tab.lines.index(n)
        for n in range(tab.lines.rowCount())
        if (tab.lines.index(n).data(ROLE_OPEN) or ("", "", ""))[2] == "facility"
    )
    tab.results.activated.emit(facility)
    desk.settle()
    assert window.tabs.currentWidget() is tab
    assert tab.status.text() == "A facility belongs to no interview: the Registers tab lists it."


def test_the_pages_reach_the_last_interview_and_newest_first_reorders(desk: Desk) -> None:
    _window, tab = _tab(desk)
    tab.limit = 3
    _search(desk, tab, "구류장")  # five incidents and two facilities: seven in all
    assert tab.status.text() == "1–3 of 7 interviews"
    assert not tab.previous_button.isEnabled() and tab.next_button.isEnabled()
    seen = [g.interview_code for g in tab.found.groups]  # type: ignore[union-attr]
    while tab.next_button.isEnabled():
        tab.next_button.click()
        desk.settle()
        seen += [g.interview_code for g in tab.found.groups]  # type: ignore[union-attr]
    assert tab.status.text() == "7–7 of 7 interviews"
    assert len(seen) == 7 and len({s for s in seen if s}) == 5
    assert tab.previous_button.isEnabled()
    tab.previous_button.click()
    desk.settle()
    assert tab.status.text() == "4–6 of 7 interviews"

    tab.newest.setChecked(True)  # asks again, from the first page, newest first
    desk.settle()
    expected: list[Any] = []
    desk.runner.run(
        lambda: repository_search.search(
            desk.desktop.session.repository_on_worker(), "구류장", newest_first=True, limit=3
        ),
        expected.append,
        print,
    )
    desk.settle()
    assert tab.found is not None and tab.found.newest_first
    assert [g.hits[0].record_id for g in tab.found.groups] == [
        g.hits[0].record_id for g in expected[0].groups
    ]
    assert tab.status.text() == "1–3 of 7 interviews"


def test_a_newer_query_replaces_the_one_still_running(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, tab = _tab(desk)
    _search(desk, tab, "구류장")  # the index is ready: what follows is searching only
    started, gate = threading.Event(), threading.Event()
    reading = desk_search.page

    def slow(repository: Any, query: str, **options: Any) -> Any:
        if query == "회령":
            started.set()
            gate.wait(10)
        return reading(repository, query, **options)

    drawn: list[int] = []
    drawing = SearchTab._lines

    def lines(self: SearchTab) -> None:
        drawn.append(self.found.total if self.found else -1)
        drawing(self)

    monkeypatch.setattr(desk_search, "page", slow)
    monkeypatch.setattr(SearchTab, "_lines", lines)
    tab.query.setText("회령")
    tab.run_search()
    desk.qtbot.waitUntil(started.is_set, timeout=WAIT_MS)  # running on the worker
    tab.query.setText("보위부에서")
    tab.run_search()
    gate.set()
    desk.settle()
    assert drawn == [4]  # the older answer never reached the screen
    assert tab.found is not None and tab.found.total == 4
    assert tab.status.text() == "1–4 of 4 interviews"
    assert not window.cancel.isVisibleTo(window)


def test_the_first_search_shows_how_far_the_index_is_and_can_be_cancelled(
    desk: Desk, qtbot: QtBot
) -> None:
    window, tab = _tab(desk)
    seen: list[Progress] = []
    tab.progressed.connect(seen.append)
    gate = threading.Event()
    desk.runner.run(lambda: gate.wait(10), lambda _r: None, lambda _e: None)  # worker busy
    tab.query.setText("보위부")
    tab.run_search()
    assert window.cancel.isVisibleTo(window) and tab.status.text() == "Searching…"
    window.cancel.click()
    gate.set()
    desk.settle()
    assert tab.found is None and tab.lines.rowCount() == 0
    assert tab.status.text() == "The search was cancelled."
    assert not window.cancel.isVisibleTo(window)

    tab.run_search()  # the first search that runs indexes everything that arrived
    desk.settle()
    assert any(p.total and p.total >= 14 for p in seen)
    assert tab.found is not None and tab.found.total == 4


def test_a_lock_while_results_are_shown_leaves_neither_them_nor_the_query(
    desk: Desk, scene: dict[str, Any]
) -> None:
    window, tab = _tab(desk)
    _search(desk, tab, "보위부에서")
    assert tab.lines.rowCount() > 0 and scene["codes"]["heard"] in " ".join(_lines(tab))
    tab.results.viewport().repaint()
    delegate = tab.results.itemDelegate()
    assert isinstance(delegate, LineDelegate) and delegate.shaped  # kept for the next paint
    desk.desktop.watcher.idle.emit()  # the settings' minutes without a key press
    desk.settle()
    assert not window.isVisible()
    assert tab.lines.rowCount() == 0 and tab.found is None
    assert not delegate.shaped and not delegate.placed  # the texts drawn are testimony too
    assert tab.query.text() == "" and not tab.query.isUndoAvailable()
    assert "보위부" not in tab.status.text() and "4" not in tab.status.text()
    assert not tab.next_button.isEnabled() and not tab.previous_button.isEnabled()
    dialog = desk.desktop.dialog
    assert dialog is not None
    desk.dialog = dialog
    assert desk.open() is window
    assert tab.lines.rowCount() == 0 and tab.query.text() == ""


def test_an_imported_interview_is_marked_with_its_organisation(desk: Desk, tmp_path: Path) -> None:
    window, tab = _tab(desk)
    window.imports.path = write_csv(tmp_path / "other.csv", [GOOD])
    window.imports.organisation.setText(ORGANISATION)
    window.imports.do_import.click()
    desk.settle()
    _search(desk, tab, "두 달")
    [group] = tab.found.groups  # type: ignore[union-attr]
    [line] = [line for line in _lines(tab) if line.startswith(f"{group.interview_code} · ")]
    assert line.split(" · ")[1] == f"imported: {ORGANISATION}"


def test_every_passage_of_the_page_on_request(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_tab, "PASSAGES", 1)
    _window, tab = _tab(desk)
    _search(desk, tab, "조사")  # each interview: its answer and its incident
    kinds = [tab.lines.index(n).data(ROLE_LINE) for n in range(tab.lines.rowCount())]
    assert kinds.count("interview") == 5 and kinds.count("passage") == 5
    assert kinds[-1] == "more"
    assert _lines(tab)[-1] == "… 5 more passages on this page: show them all"
    tab.results.activated.emit(tab.lines.index(len(kinds) - 1))
    desk.settle()
    kinds = [tab.lines.index(n).data(ROLE_LINE) for n in range(tab.lines.rowCount())]
    assert kinds.count("passage") == 10 and "more" not in kinds


def test_a_query_the_language_cannot_read_is_said_and_shows_nothing(desk: Desk) -> None:
    window, tab = _tab(desk)
    _search(desk, tab, "보위부에서")
    _search(desk, tab, "보위부 NEAR 집결소")
    assert tab.found is None and tab.lines.rowCount() == 0
    english = tab.status.text()
    assert "NEAR" in english
    window.languages.buttons["ko"].click()  # said again in the language chosen
    assert tab.status.text() != english and "NEAR" in tab.status.text()
    _search(desk, tab, "-집결소")
    assert tab.found is None and tab.lines.rowCount() == 0 and tab.status.text()


def test_ctrl_f_puts_the_cursor_in_the_search_box(desk: Desk, qtbot: QtBot) -> None:
    window = desk.open()
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.search
    qtbot.waitUntil(window.search.query.hasFocus, timeout=WAIT_MS)


def test_a_lock_while_a_search_waits_shows_nothing_after(desk: Desk) -> None:
    _window, tab = _tab(desk)
    gate = threading.Event()
    desk.runner.run(lambda: gate.wait(10), lambda _r: None, lambda _e: None)  # worker busy
    tab.query.setText("보위부에서")
    tab.run_search()
    desk.desktop.lock()
    gate.set()
    desk.settle()
    assert tab.found is None and tab.lines.rowCount() == 0 and tab.query.text() == ""
    assert tab.status.text() == ""


def test_a_newer_query_keeps_the_indexing_of_the_one_it_replaces(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelling an indexing throws away the batch it is in. A newer query asked while
    the first search indexes what arrived lets it finish (it needs the index too), and
    shows only its own answer."""
    # batches of 4 records instead of 2,000, so that the scene's 14 give several reports
    # (the repository indexes in committed batches of `index.BATCH`)
    monkeypatch.setattr(index, "BATCH", 4)
    monkeypatch.setattr(index.index_pending, "__defaults__", (None, 4, None))
    reports: list[tuple[int, int | None]] = []
    paused, gate = threading.Event(), threading.Event()
    reporting = search_tab.report_progress

    def report(done: int, total: int | None = None, label: str = "") -> None:
        reports.append((done, total))
        reporting(done, total, label)
        if len(reports) == 1:
            paused.set()
            gate.wait(10)

    searched: list[str] = []
    reading = desk_search.page

    def page(repository: Any, query: str, **options: Any) -> Any:
        searched.append(query)
        return reading(repository, query, **options)

    monkeypatch.setattr(search_tab, "report_progress", report)
    monkeypatch.setattr(desk_search, "page", page)
    _window, tab = _tab(desk)
    tab.query.setText("구류장")
    tab.run_search()
    qtbot.waitUntil(paused.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Preparing the search index" in tab.status.text(), timeout=WAIT_MS)
    assert tab.status.text() == "Preparing the search index: 4 of 14 records…"
    tab.query.setText("회령")
    tab.run_search()
    tab.query.setText("보위부에서")  # and another: the one in between never runs
    tab.run_search()
    gate.set()
    desk.settle()
    assert reports[0] == (4, 14) and reports.count((4, 14)) == 1  # indexed once, not twice
    assert searched == ["구류장", "보위부에서"]
    assert tab.found is not None and tab.found.total == 4
    assert tab.status.text() == "1–4 of 4 interviews"


def test_a_deleted_interview_whose_records_stay_current_is_not_found(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Review T1, in the desk: an interview record deleted alone (its records still current)
    is neither shown nor counted; only the interview still held is."""
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    kept, gone = interview(seoul), interview(seoul)
    ship(seoul, geneva)
    seoul.database.connection.execute("PRAGMA foreign_keys = OFF")  # no laptop lets it go
    seoul.services.interviews.delete(gone["interview"])
    seoul.database.connection.execute("PRAGMA foreign_keys = ON")
    ship(seoul, geneva)
    geneva.close()
    seoul.database.close()
    opened = Desk(qtbot, tmp_path / "geneva", tmp_path / "settings.json")
    try:
        _window, tab = _tab(opened)
        _search(opened, tab, "조사를")
        found = tab.found
        assert found is not None and found.total == 1
        assert [g.interview_code for g in found.groups] == [kept["interview"].code]
        assert tab.status.text() == "1–1 of 1 interview"
        assert not any(str(gone["answer"].id) in str(line) for line in _lines(tab))
    finally:
        opened.close()
