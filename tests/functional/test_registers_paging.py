"""The Registers tab reads the register of disclosures (and the access log) a page at a
time, newest first, and the older entries on request (review 2026-12-06 m9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sync.repository.disclosure import Selection, disclose
from app.sync.repository.store import Repository
from tests.functional import analysts_desk
from tests.functional.analysts_desk import Desk
from tests.sync_support import GENEVA_PASSPHRASE, run_tool
from ui.analysts import registers_tab

scene, desk = analysts_desk.scene, analysts_desk.desk  # the shared fixtures


def test_the_register_of_disclosures_shows_older_entries_on_request(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tool("age-keygen", "-o", str(tmp_path / "court-key.txt"))
    recipient = next(
        line.split(": ", 1)[1]
        for line in (tmp_path / "court-key.txt").read_text().splitlines()
        if line.startswith("# public key: ")
    )
    with Repository.open(desk.desktop.session.folder, GENEVA_PASSPHRASE) as geneva:
        for n in range(3):
            disclose(
                geneva,
                recipient=recipient,
                recipient_name=f"mechanism {n + 1}",
                out=tmp_path / f"d{n + 1}.sillok",
                made_by="legal officer 1",
                selection=Selection(interview_codes=("nothing held",)),
            )
    monkeypatch.setattr(registers_tab, "PAGE", 2)
    window = desk.open()
    tab = window.registers
    window.tabs.setCurrentWidget(tab)
    desk.settle()
    assert not tab.more.isVisibleTo(window)  # a register computed whole: no pages
    tab.which.setCurrentIndex(tab.which.findData("disclosures"))
    desk.settle()
    assert [row["number"] for row in tab.model.rows] == [3, 2]
    assert tab.more.isVisibleTo(window) and tab.more.text() == "Show older entries"
    tab.more.click()
    desk.settle()
    assert [row["number"] for row in tab.model.rows] == [3, 2, 1]
    assert tab.model.rowCount() == 3
    assert not tab.more.isVisibleTo(window)  # the last page was not full: nothing older
