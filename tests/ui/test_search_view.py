"""The search panel and the corroboration view, on a real database opened on the worker,
with the threaded runner and the synchronous one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.domain import ApproximateDate, Incident, PlaceRef
from app.search import search
from app.search.decisions import Reviewed, Status
from app.services import Services
from app.store.database import Database
from tests.integration.test_search import build_corpus
from tests.support import FAST_KDF, PASSPHRASE
from tests.ui.helpers import KO_MARK
from ui.language import switch_language
from ui.search import CorroborationView, SearchPanel
from ui.tasks import Runner


@pytest.fixture
def opened(runner: Runner, tmp_path: Path, qtbot: QtBot) -> Iterator[dict[str, Any]]:
    """The corpus of the search tests, written on the worker, plus a second account of
    Hoeryong in spring 2014 (a candidate corroboration)."""
    box: dict[str, Any] = {}

    def make() -> None:
        database = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
        box["db"] = database
        services = Services(database, actor="test")
        corpus = build_corpus(services)
        services.incidents.create(
            Incident(
                interview_id=corpus["interviews"][1].id,
                title="회령 구류장",
                date=ApproximateDate.month_of(2014, 4),
                place=PlaceRef(text="회령"),
            )
        )
        box["corpus"] = corpus

    runner.run(make, lambda _none: None, lambda error: box.setdefault("error", error))
    qtbot.waitUntil(lambda: "corpus" in box or "error" in box, timeout=30000)
    assert "error" not in box
    yield box
    runner.shutdown(final=box["db"].close)


def test_search_shows_highlighted_hits_and_opens_one(
    runner: Runner, opened: dict[str, Any], qtbot: QtBot
) -> None:
    panel = SearchPanel(runner, lambda: opened["db"])
    qtbot.addWidget(panel)
    panel.query.setText("보위부")
    with qtbot.waitSignal(panel.searched, timeout=10000) as shown:
        panel.search_button.click()
    results = shown.args[0]
    assert [g.count for g in results.groups] == [6, 2]  # 8 passages in all
    assert len(results.hits) == 3 + 2  # the best 3 of each interview are shown
    assert panel.results.count() == 5 + 2 + 1  # a line per interview, its passages, "more"
    label = panel.results.itemWidget(panel.results.item(1))
    assert "<b" in label.text()
    assert panel.status.text() == "1–2 of 2 interviews"
    segment = str(opened["corpus"]["segments"]["U"].id)
    row = next(
        i
        for i in range(panel.results.count())
        if getattr(panel.results.item(i).data(256), "record_id", None) == segment
    )
    with qtbot.waitSignal(panel.open_requested) as opened_signal:
        panel.results.itemActivated.emit(panel.results.item(row))
    interview_id, target = opened_signal.args
    assert interview_id == str(opened["corpus"]["interviews"][1].id)
    assert target.startswith(f"segment:{segment}:")


def test_exact_toggle_and_filters(runner: Runner, opened: dict[str, Any], qtbot: QtBot) -> None:
    panel = SearchPanel(runner, lambda: opened["db"])
    qtbot.addWidget(panel)
    panel.query.setText("보위부")
    panel.exact.setChecked(True)
    with qtbot.waitSignal(panel.searched, timeout=10000) as shown:
        panel.run_search()
    assert len(shown.args[0].hits) == 3
    panel.filters_box.setChecked(True)
    panel.date_from.setText("2014-13")
    panel.run_search()
    assert "2014-13" in panel.status.text()
    panel.date_from.setText("2016")
    with qtbot.waitSignal(panel.searched, timeout=10000) as shown:
        panel.run_search()
    assert {h.interview_id for h in shown.args[0].hits} == {
        str(opened["corpus"]["interviews"][1].id)
    }


def test_corroboration_confirm_and_open(
    runner: Runner, opened: dict[str, Any], qtbot: QtBot
) -> None:
    view = CorroborationView(runner, lambda: opened["db"], actor="analyst:test")
    qtbot.addWidget(view)
    assert not view.confirm_button.isEnabled()
    with qtbot.waitSignal(view.refreshed, timeout=10000):
        view.refresh()
    assert view.candidates.topLevelItemCount() == 1
    top = view.candidates.topLevelItem(0)
    view.candidates.setCurrentItem(top)
    assert view.confirm_button.isEnabled()
    view.note.setText("두 증언이 일치")
    with qtbot.waitSignal(view.refreshed, timeout=10000) as shown:
        view.confirm_button.click()
    reviewed = shown.args[0].reviewed[0]
    assert isinstance(reviewed, Reviewed) and reviewed.status is Status.CONFIRMED
    assert reviewed.decision.note == "두 증언이 일치"
    assert view.candidates.topLevelItem(0).text(1) == "confirmed"
    child = view.candidates.topLevelItem(0).child(0)
    with qtbot.waitSignal(view.open_requested) as opened_signal:
        view.candidates.itemActivated.emit(child, 0)
    assert opened_signal.args[1].startswith("incident:")


@pytest.mark.usefixtures("marked_korean")
def test_texts_follow_the_language(runner: Runner, opened: dict[str, Any], qtbot: QtBot) -> None:
    panel = SearchPanel(runner, lambda: opened["db"])
    view = CorroborationView(runner, lambda: opened["db"])
    qtbot.addWidget(panel)
    qtbot.addWidget(view)
    panel.query.setText("회령")
    switch_language("ko")
    assert panel.search_button.text().startswith(KO_MARK)
    assert panel.exact.text().startswith(KO_MARK)
    assert view.tabs.tabText(0).startswith(KO_MARK)
    assert view.confirm_button.text().startswith(KO_MARK)
    assert panel.query.text() == "회령"  # what the user typed is untouched


def test_an_index_to_rebuild_shows_how_far_it_is(
    runner: Runner, opened: dict[str, Any], qtbot: QtBot
) -> None:
    """After an update that changed the reference data, the first search indexes every
    record again: the panel says so with figures instead of a bare "Searching…"."""
    database: Database = opened["db"]

    def outdate() -> None:
        search(database, "강")  # the index is built and current
        with database.transaction() as connection:
            connection.execute("UPDATE meta SET value = 'older' WHERE key = 'search_names'")
            connection.execute("DELETE FROM meta WHERE key = 'search_name_list'")

    runner.run(outdate, lambda _none: None, lambda error: None)
    panel = SearchPanel(runner, lambda: database)
    qtbot.addWidget(panel)
    seen: list[str] = []
    shown = panel._indexing

    def spy(progress: Any) -> None:
        shown(progress)
        seen.append(panel.status.text())

    panel._indexing = spy  # type: ignore[method-assign]
    panel.query.setText("보위부")
    with qtbot.waitSignal(panel.searched, timeout=20000):
        panel.search_button.click()
    assert any(text.startswith("Preparing the search index") for text in seen), seen


def test_pages_of_interviews(runner: Runner, opened: dict[str, Any], qtbot: QtBot) -> None:
    """One interview a page: "Next" shows the other, "Previous" comes back; the count is of
    every matching interview."""
    panel = SearchPanel(runner, lambda: opened["db"])
    qtbot.addWidget(panel)
    panel.limit = 1
    panel.query.setText("보위부")
    with qtbot.waitSignal(panel.searched, timeout=10000) as first:
        panel.search_button.click()
    assert panel.status.text() == "1–1 of 2 interviews"
    assert not panel.previous_button.isEnabled() and panel.next_button.isEnabled()
    with qtbot.waitSignal(panel.searched, timeout=10000) as second:
        panel.next_button.click()
    assert panel.status.text() == "2–2 of 2 interviews"
    assert panel.previous_button.isEnabled() and not panel.next_button.isEnabled()
    seen = {g.interview_id for run in (first, second) for g in run.args[0].groups}
    assert seen == {str(i.id) for i in opened["corpus"]["interviews"]}
    with qtbot.waitSignal(panel.searched, timeout=10000) as back:
        panel.previous_button.click()
    assert back.args[0].groups == first.args[0].groups
    panel.query.setText("강")
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search_button.click()
    assert panel.status.text() == "1–1 of 1 interview"  # not "interviews"


def test_an_interview_line_opens_its_best_passage(
    runner: Runner, opened: dict[str, Any], qtbot: QtBot
) -> None:
    panel = SearchPanel(runner, lambda: opened["db"])
    qtbot.addWidget(panel)
    panel.query.setText("구류장")
    with qtbot.waitSignal(panel.searched, timeout=10000) as shown:
        panel.search_button.click()
    group = shown.args[0].groups[0]
    with qtbot.waitSignal(panel.open_requested) as opened_signal:
        panel.results.itemActivated.emit(panel.results.item(0))
    assert opened_signal.args == [group.interview_id, group.hits[0].target]


def test_more_passages_shows_every_one(
    runner: Runner, opened: dict[str, Any], qtbot: QtBot
) -> None:
    """Under an interview with more passages than shown, a line searches again within that
    interview and shows them all."""
    panel = SearchPanel(runner, lambda: opened["db"])
    qtbot.addWidget(panel)
    panel.query.setText("보위부")
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search_button.click()
    more = next(
        panel.results.item(i)
        for i in range(panel.results.count())
        if panel.results.item(i).data(257 + 1) is not None
    )
    assert "3 more passages" in more.text()
    with qtbot.waitSignal(panel.searched, timeout=10000) as every:
        panel.results.itemActivated.emit(more)
    results = every.args[0]
    assert [len(g.hits) for g in results.groups] == [6] and results.total == 1
    assert panel.interview.text() == opened["corpus"]["interviews"][0].code


def test_enter_and_double_click_on_a_passage_open_it(
    runner: Runner, opened: dict[str, Any], qtbot: QtBot
) -> None:
    """Real input, not the signal: Enter on the current passage, and a double-click."""
    from PySide6.QtCore import Qt

    panel = SearchPanel(runner, lambda: opened["db"])
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.query.setText("회령")
    panel.exact.setChecked(True)
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search_button.click()
    row = next(
        i
        for i in range(panel.results.count())
        if getattr(panel.results.item(i).data(256), "kind", "") == "transcript_segment"
    )
    item = panel.results.item(row)
    hit = item.data(256)
    panel.results.setCurrentItem(item)
    panel.results.setFocus()
    with qtbot.waitSignal(panel.open_requested) as by_key:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert by_key.args == [hit.interview_id, hit.target]
    # on the snippet itself, where the user's pointer is (a label drawn over the item)
    label = panel.results.itemWidget(item)
    inside = label.rect().center()
    with qtbot.waitSignal(panel.open_requested) as by_mouse:
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=inside)  # QTest needs both
        qtbot.mouseDClick(label, Qt.MouseButton.LeftButton, pos=inside)
    assert by_mouse.args == [hit.interview_id, hit.target]
