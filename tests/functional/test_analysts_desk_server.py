"""The analysts' desk on a repository on PostgreSQL (issue 18, item 1f), on a real
throwaway cluster: the open dialog asks for the person's own database role; an analyst
reads the interviews but is refused the access log, said in their language; the legal
officer reads the access log, which names the analyst's reads made through the desk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.sync.repository.server_errors import READ_ACCESS_LOG
from tests import sync_support
from tests.functional.analysts_desk import Desk
from tests.postgres_support import SUPERUSER, Cluster
from tests.repository_support import interview, laptop, ship
from tests.sync_support import new_repository
from ui.analysts.window import AnalystsWindow
from ui.language import switch_language


@pytest.fixture
def team(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, str, str]]:
    monkeypatch.setenv("PGUSER", SUPERUSER)
    monkeypatch.setattr(sync_support, "SERVER", postgres_cluster.new_database)
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    interview(seoul)
    ship(seoul, geneva)
    geneva.close()
    seoul.database.close()
    yield (
        tmp_path / "geneva",
        postgres_cluster.login("kim_analyst", "sillok_analyst"),
        postgres_cluster.login("lee_legal", "sillok_legal"),
    )


def _open_as(qtbot: QtBot, folder: Path, settings: Path, role: str) -> tuple[Desk, AnalystsWindow]:
    desk = Desk(qtbot, folder, settings)
    assert desk.dialog.role.isVisibleTo(desk.dialog)  # a server: whose role is asked
    desk.dialog.role.setText(role)
    return desk, desk.open()


def _access_log(desk: Desk, window: AnalystsWindow) -> None:
    window.tabs.setCurrentWidget(window.registers)
    desk.settle()
    window.registers.which.setCurrentIndex(window.registers.which.findData("access_log"))
    desk.settle()


def test_the_analyst_reads_testimony_and_the_legal_officer_reads_who_did(
    qtbot: QtBot, team: tuple[Path, str, str], tmp_path: Path
) -> None:
    folder, analyst, legal = team
    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", analyst)
    try:
        assert len(window.interviews.model.rows) == 1
        assert window.activity.text() == f"Analyst: {analyst}"
        _access_log(desk, window)
        registers = window.registers
        assert registers.model.rows == []
        assert registers.note.isVisibleTo(window)
        assert f"({analyst}) may not {READ_ACCESS_LOG}." in registers.note.text()
    finally:
        desk.close()

    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", legal)
    try:
        _access_log(desk, window)
        rows = window.registers.model.rows
        assert any(r["who"] == analyst and r["what"] == "interviews" for r in rows)
        assert any(r["who"] == analyst and r["what"] == "register" for r in rows)
        assert not window.registers.note.isVisibleTo(window)
    finally:
        desk.close()


def test_an_analysts_search_is_in_the_access_log_and_the_intake_role_is_refused_it(
    qtbot: QtBot, team: tuple[Path, str, str], tmp_path: Path, postgres_cluster: Cluster
) -> None:
    folder, analyst, legal = team
    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", analyst)
    try:
        window.tabs.setCurrentWidget(window.search)
        window.search.query.setText("조사를")
        window.search.run_search()
        desk.settle()
        found = window.search.found
        assert found is not None and found.total == 1
        [group] = found.groups
        shown = group.interview_code
    finally:
        desk.close()

    intake = postgres_cluster.login("park_intake", "sillok_intake")
    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", intake)
    try:
        window.tabs.setCurrentWidget(window.search)
        window.search.query.setText("조사를")
        window.search.run_search()
        desk.settle()
        assert window.search.found is None and window.search.lines.rowCount() == 0
        refusal = window.search.status.text()
        assert f"({intake}) may not" in refusal  # the refusal, in the person's language
    finally:
        desk.close()

    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", legal)
    try:
        _access_log(desk, window)
        rows = window.registers.model.rows
        searches = [r for r in rows if r["who"] == analyst and r["what"].startswith("search")]
        # the search with its query, then what it showed
        assert {(r["what"], r["detail"]) for r in searches} >= {
            ("search-query", "조사를"),
            ("search", shown),
        }
    finally:
        desk.close()


def test_the_desk_offers_only_what_the_role_may_do_and_says_why(
    qtbot: QtBot, team: tuple[Path, str, str], tmp_path: Path, postgres_cluster: Cluster
) -> None:
    """Review m6: an analyst was offered "Disclose to a mechanism…" and refused only after
    the work. The desk asks the server once, when it opens, what the role may do; what it
    would be refused is disabled, with a tooltip that says why, in the person's language."""
    folder, analyst, legal = team
    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", analyst)
    try:
        assert window.repository_menu.toolTipsVisible()
        assert not window.disclose_action.isEnabled()
        tip = window.disclose_action.toolTip()
        assert f"({analyst})" in tip and "only the legal officer discloses" in tip
        registers = window.registers
        for name in ("disclosures", "access_log"):
            number = registers.which.findData(name)
            item = registers.which.model().item(number)  # type: ignore[attr-defined]
            assert not item.isEnabled(), name
            assert f"({analyst})" in registers.which.itemData(number, Qt.ItemDataRole.ToolTipRole)
        window.interviews.table.selectRow(0)
        desk.settle()
        assert window.interviews.assess_record.isEnabled()  # the analyst's own work
        switch_language("ko")
        assert "법무관만" in window.disclose_action.toolTip()
        switch_language("en")
    finally:
        switch_language("en")
        desk.close()

    custodian = postgres_cluster.login("choi_custodian", "sillok_custodian")
    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", custodian)
    try:
        window.interviews.table.selectRow(0)
        desk.settle()
        for button in (window.interviews.assess_record, window.interviews.assess_witness):
            assert not button.isEnabled()
            assert "assessments are the analysts'" in button.toolTip()
        corroboration = window.corroboration
        for button in (corroboration.confirm, corroboration.reject):
            assert not button.isEnabled() and "same person" in button.toolTip()
        for bar in (corroboration.candidate_bar, corroboration.contradiction_bar):
            assert not bar.confirm.isEnabled() and "corroboration" in bar.confirm.toolTip()
    finally:
        desk.close()

    desk, window = _open_as(qtbot, folder, tmp_path / "settings.json", legal)
    try:
        assert window.disclose_action.isEnabled()
        assert "may not" not in window.disclose_action.toolTip()
        assert (
            window.registers.which.model()
            .item(  # type: ignore[attr-defined]
                window.registers.which.findData("access_log")
            )
            .isEnabled()
        )
    finally:
        desk.close()
