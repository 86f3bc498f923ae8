"""The analysts' desk confirms a corroboration and a contradiction in the real window on
a real repository (a copy of the desk scene, tests/analysts_support.py): the reasons
are required, the decision and who made it are shown at once, every decision stays in
the history one selection away, in English and Korean, and the decision is in the
repository when the tab reads it again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.sync.repository import access_log
from app.sync.repository import desk as desk_core
from app.sync.repository.store import Repository
from tests import sync_support
from tests.analysts_support import desk_scene
from tests.functional.analysts_desk import WAIT_MS, Desk, copy_repository
from tests.postgres_support import SUPERUSER, Cluster
from tests.repository_support import GOOD, ORGANISATION, interview, laptop, ship, write_csv
from tests.sync_support import GENEVA_PASSPHRASE, new_repository
from ui.analysts.corroboration_tab import CorroborationTab
from ui.analysts.window import AnalystsWindow


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return desk_scene(tmp_path_factory.mktemp("scene"))


@pytest.fixture
def desk(qtbot: QtBot, scene: dict[str, Any], tmp_path: Path) -> Iterator[Desk]:
    folder = copy_repository(scene["folder"], tmp_path / "geneva")
    opened = Desk(qtbot, folder, tmp_path / "settings.json")
    yield opened
    opened.close()


@pytest.fixture
def tab(desk: Desk) -> CorroborationTab:
    window: AnalystsWindow = desk.open()
    window.tabs.setCurrentWidget(window.corroboration)
    desk.settle()
    return window.corroboration


def _shown(tab: CorroborationTab, model: Any, column: str) -> str:
    number = [c.title() for c in model.columns].index(column)
    return str(model.data(model.index(0, number)))


def test_a_corroboration_is_confirmed_with_reasons_then_rejected_and_both_stay(
    tab: CorroborationTab, desk: Desk
) -> None:
    analyst = desk.desktop.session.analyst
    bar = tab.candidate_bar
    assert tab.candidates.rows and tab.candidates.rows[0]["status"] == "open"
    assert _shown(tab, tab.candidates, "Decision") == "not decided"
    tab.candidate_table.selectRow(0)
    assert bar.history.toPlainText() == "No decision yet."
    bar.confirm.click()  # no reasons: the core refuses, said beside the buttons
    desk.settle()
    assert bar.error.isVisibleTo(tab) and "reasons" in bar.error.text()
    assert tab.candidates.rows[0]["status"] == "open"

    bar.reasons.setText("three witnesses, the same detention at Hoeryong in 2014")
    bar.confirm.click()
    desk.settle()
    assert not bar.error.isVisibleTo(tab) and bar.reasons.text() == ""
    first = tab.candidates.rows[0]
    assert first["status"] == "confirmed" and first["decision"]["analyst"] == analyst
    assert _shown(tab, tab.candidates, "Decision") == f"confirmed: it corroborates ({analyst})"

    tab.candidate_table.selectRow(0)
    bar.reasons.setText("the dates are a year apart")
    bar.reject.click()
    desk.settle()
    tab.candidate_table.selectRow(0)
    lines = bar.history.toPlainText().splitlines()
    assert len(lines) == 3 and lines[0] == "Decisions, oldest first:"
    assert "three witnesses, the same detention" in lines[1] and analyst in lines[1]
    assert "rejected" in lines[2] and "the dates are a year apart" in lines[2]

    # It is in the repository: the tab reads it again from there.
    tab.load()
    desk.settle()
    again = tab.candidates.rows[0]
    assert again["status"] == "rejected" and len(again["history"]) == 2


def test_a_contradiction_is_confirmed_and_shown_in_korean(
    tab: CorroborationTab, desk: Desk
) -> None:
    analyst = desk.desktop.session.analyst
    bar = tab.contradiction_bar
    assert tab.contradictions.rows[0]["status"] == "open"
    tab.contradiction_table.selectRow(0)
    bar.reasons.setText("2014 in one account, 2016 in the other: ask again")
    bar.confirm.click()
    desk.settle()
    assert tab.contradictions.rows[0]["status"] == "confirmed"
    assert _shown(tab, tab.contradictions, "Decision") == (
        f"confirmed: they contradict each other ({analyst})"
    )
    window = tab.window()
    assert isinstance(window, AnalystsWindow)
    window.languages.buttons["ko"].click()
    assert bar.confirm.text() == "확인: 서로 모순됨"
    assert _shown(tab, tab.contradictions, "결정") == f"확인함: 서로 모순됨 ({analyst})"
    assert _shown(tab, tab.candidates, "결정") == "결정되지 않음"
    tab.contradiction_table.selectRow(0)
    assert bar.history.toPlainText().splitlines()[0] == "결정 기록 (오래된 것부터):"


def test_on_the_server_an_analyst_confirms_in_their_own_name(
    qtbot: QtBot, tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the desk records the decision through the analyst's own role: the
    decision names it, and the access log (the legal officer's) names the read."""
    monkeypatch.setenv("PGUSER", SUPERUSER)
    monkeypatch.setattr(sync_support, "SERVER", postgres_cluster.new_database)
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    interview(seoul)  # two witnesses, the same place and year: one candidate
    interview(seoul)
    ship(seoul, geneva)
    geneva.close()
    seoul.database.close()
    analyst = postgres_cluster.login("kim_analyst", "sillok_analyst")
    legal = postgres_cluster.login("lee_legal", "sillok_legal")
    desk = Desk(qtbot, tmp_path / "geneva", tmp_path / "settings.json")
    try:
        desk.dialog.role.setText(analyst)
        window = desk.open()
        window.tabs.setCurrentWidget(window.corroboration)
        desk.settle()
        tab = window.corroboration
        tab.candidate_table.selectRow(0)
        tab.candidate_bar.reasons.setText("the same cells, the same spring")
        tab.candidate_bar.confirm.click()
        desk.settle()
        assert not tab.candidate_bar.error.isVisibleTo(tab)
        (candidate,) = tab.candidates.rows
        assert candidate["status"] == "confirmed" and candidate["decision"]["analyst"] == analyst
    finally:
        desk.close()
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE, user=legal) as repository:
        logged = [(e.who, e.what, e.detail) for e in access_log.entries(repository)]
    assert (analyst, "corroboration", candidate["key"]) in logged


def _boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


@pytest.mark.parametrize(
    ("reasons", "said", "status"),
    [
        (
            "the same cells, the same spring",
            "What you recorded before the lock was kept.",
            "confirmed",
        ),
        ("", "What you were recording when the desk locked was not recorded.", "open"),
    ],
)
def test_a_decision_recorded_while_the_desk_locks_refills_nothing_and_says_so_after(
    tab: CorroborationTab,
    desk: Desk,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    reasons: str,
    said: str,
    status: str,
) -> None:
    """Review 2026-12-06 m4: the outcome of a write that finishes after a lock neither
    refills the hidden tab nor pops a box over the passphrase dialog; after unlocking, one
    neutral line says whether it was recorded."""
    started, gate = threading.Event(), threading.Event()
    recording = desk_core.decide_corroboration

    def gated(*args: Any) -> Any:
        started.set()
        gate.wait(10)
        return recording(*args)

    monkeypatch.setattr(desk_core, "decide_corroboration", gated)
    window = tab.window()
    assert isinstance(window, AnalystsWindow)
    tab.candidate_table.selectRow(0)
    tab.candidate_bar.reasons.setText(reasons)
    tab.candidate_bar.confirm.click()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    window.lock_action.trigger()
    gate.set()
    desk.settle()
    assert not window.isVisible() and not desk.desktop.session.is_open
    assert tab.candidates.rows == [] and tab.contradictions.rows == []
    assert _boxes() == []
    assert desk.desktop.dialog is not None and desk.desktop.dialog.isVisible()
    desk.dialog = desk.desktop.dialog
    assert desk.open() is window
    assert window.statusBar().currentMessage() == said
    assert tab.candidates.rows[0]["status"] == status
    assert _boxes() == [] and not tab.candidate_bar.error.isVisibleTo(tab)


def test_an_import_ending_after_a_lock_leaves_the_hidden_tab_empty(
    tab: CorroborationTab,
    desk: Desk,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Review 2026-12-06 m4, as the review tests it: the import's report after a lock."""
    started, gate = threading.Event(), threading.Event()
    importing = desk_core.import_records

    def gated(*args: Any, **named: Any) -> Any:
        started.set()
        gate.wait(10)
        return importing(*args, **named)

    monkeypatch.setattr(desk_core, "import_records", gated)
    window = tab.window()
    assert isinstance(window, AnalystsWindow)
    window.tabs.setCurrentWidget(window.imports)
    window.imports.path = write_csv(tmp_path / "other.csv", [GOOD])
    window.imports.organisation.setText(ORGANISATION)
    window.imports.do_import.click()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    window.lock_action.trigger()
    gate.set()
    desk.settle()
    assert window.imports.model.rows == [] and _boxes() == []
    assert desk.desktop.dialog is not None
    desk.dialog = desk.desktop.dialog
    desk.open()
    assert window.statusBar().currentMessage() == "What you recorded before the lock was kept."
