"""The export wizard, driven through the window on a real encrypted database and a real
Geneva repository: the summary counts what the package then holds; the package is written,
ingested by Geneva, and its receipt loaded through the desk marks the records; a Cancel
while the package is being written leaves no file; a laptop not enrolled is refused on
the first page with a clear message."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot

import ui.desk.geneva.export_wizard as export_wizard
from app.domain import ConsentScope
from app.services import Services
from app.store.database import Database
from app.sync.repository.ingest import ingest
from app.sync.repository.store import Repository
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
)
from tests.support import PASSPHRASE
from tests.sync_support import enrol_device, new_repository, witness
from ui.desk.geneva.export_wizard import ExportWizard
from ui.tasks import report_progress


@pytest.fixture
def geneva(tmp_path: Path) -> Iterator[Repository]:
    repository = new_repository(tmp_path / "geneva")
    yield repository
    repository.close()


@pytest.fixture
def enrolled(db: Path, geneva: Repository, tmp_path: Path) -> Path:
    """The desk's database, enrolled, with three witnesses: everything consented; no
    consent to the use of identity; no consent to transfer to Geneva."""
    database = Database.open(db, PASSPHRASE)
    try:
        services = Services(database, actor="officer-1")
        enrol_device(database, geneva, tmp_path / "exchange")
        witness(services, tmp_path / "scans", name="김순희")
        witness(
            services,
            tmp_path / "scans",
            name="박영철",
            scopes=frozenset({ConsentScope.RECORDING, ConsentScope.TRANSFER_GENEVA}),
        )
        witness(
            services, tmp_path / "scans", name="이정민", scopes=frozenset({ConsentScope.RECORDING})
        )
    finally:
        database.close()
    return db


def open_wizard(qtbot: QtBot, app: Opened) -> ExportWizard:
    app.window.geneva.export_action.trigger()
    wizard = app.window.geneva.export_wizard
    assert wizard is not None
    qtbot.waitExposed(wizard)
    return wizard


def next_button(wizard: ExportWizard) -> object:
    if wizard.currentPage().isCommitPage():
        return wizard.button(QWizard.WizardButton.CommitButton)
    return wizard.button(QWizard.WizardButton.NextButton)


def summarised(qtbot: QtBot, wizard: ExportWizard) -> None:
    qtbot.waitUntil(lambda: wizard.summary_page.summary is not None, timeout=WAIT_MS)


def table(wizard: ExportWizard) -> dict[str, tuple[str, str]]:
    page = wizard.summary_page.table
    return {
        page.item(row, 0).text(): (page.item(row, 1).text(), page.item(row, 2).text())
        for row in range(page.rowCount())
    }


def test_export_end_to_end_then_geneva_receipt_through_the_desk(
    qtbot: QtBot,
    enrolled: Path,
    geneva: Repository,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    app = Opened(qtbot, enrolled, tmp_path / "settings.json")
    try:
        wizard = open_wizard(qtbot, app)
        summarised(qtbot, wizard)
        summary = wizard.summary_page.summary
        assert summary is not None
        shown = table(wizard)
        assert shown["Interview records"] == ("2", "0") and shown["Sealed identities"] == ("1", "0")
        assert shown["Attachments"] == ("2", "0")
        assert sum(int(new) + int(changed) for new, changed in shown.values()) == summary.records
        assert "Package 1 for the Geneva repository" in wizard.summary_page.heading.text()
        withheld = wizard.summary_page.withheld.text()
        assert "1 interview: the witness did not consent to transfer to Geneva" in withheld
        assert "the witness did not consent to the use of identity" in withheld
        for name in ("김순희", "박영철", "이정민"):  # counts only, never content
            assert name not in withheld
        assert next_button(wizard).isEnabled()  # type: ignore[attr-defined]

        wizard.next()
        page = wizard.destination_page
        assert not page.isComplete()  # no folder yet
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
        qtbot.mouseClick(page.choose, Qt.MouseButton.LeftButton)
        assert page.isComplete() and "Free space" in page.space.text()
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=WAIT_MS)

        result = wizard.result_page.result
        assert result is not None and result.path.parent == usb and result.path.is_file()
        assert (result.sequence, result.records, result.attachments, result.identities) == (
            1,
            summary.records,
            summary.attachments,
            summary.identities,
        )
        assert str(result.path) in wizard.result_page.written.text()
        sha_shown = wizard.result_page.sha.text()
        assert sha_shown.replace(" ", "").replace("\n", "") == result.sha256
        assert len(sha_shown.split()) == 8
        assert "agreed channel" in wizard.result_page.next_steps.text()

        # Geneva verifies and ingests it, and sends its receipt back on the stick.
        receipt = usb / "receipt-1"
        ingested = ingest(geneva, result.path, receipt_out=receipt)
        assert ingested.new_records == summary.records and ingested.receipt is not None
        assert ingested.receipt.attachments == summary.attachments

        loader = app.window.geneva.receipts()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(receipt), ""))
        with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS) as loaded:
            qtbot.mouseClick(wizard.result_page.receipt_button, Qt.MouseButton.LeftButton)
        text = f"Geneva holds package 1: {summary.records} record versions marked."
        assert text in loaded.args[0]
        assert loader.box is not None and text in loader.box.text()
        loader.close()
        wizard.accept()
        qtbot.waitUntil(lambda: app.window.geneva.export_wizard is None, timeout=WAIT_MS)

        # Nothing is left to send, and the stick is remembered for this run of the app.
        again = open_wizard(qtbot, app)
        summarised(qtbot, again)
        assert again.summary_page.summary is not None
        assert again.summary_page.summary.records == 0
        assert again.summary_page.summary.sequence == 2
        assert "Nothing is new or changed" in again.summary_page.details.text()
        assert again.destination_page.folder.text() == str(usb)
        again.reject()

        # The same receipt again, from the menu: accepted once, nothing more marked.
        with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS) as loaded:
            app.window.geneva.receipt_action.trigger()
        assert "already accepted" in loaded.args[0]
        loader.close()
    finally:
        app.close()
    settings = tmp_path / "settings.json"  # no path of an export is kept there
    assert not settings.exists() or str(usb) not in settings.read_text()


def test_cancel_while_writing_leaves_no_file_and_no_package(
    qtbot: QtBot,
    enrolled: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    reached, go_on = threading.Event(), threading.Event()

    def held_progress(done: int, total: int | None = None, label: str = "") -> None:
        if done > 0 and not reached.is_set():
            reached.set()  # part of the package is on the stick now
            go_on.wait(WAIT_MS / 1000)
        report_progress(done, total, label)  # raises once Cancel was clicked

    monkeypatch.setattr(export_wizard, "report_progress", held_progress)
    app = Opened(qtbot, enrolled, tmp_path / "settings.json")
    try:
        wizard = open_wizard(qtbot, app)
        summarised(qtbot, wizard)
        wizard.next()
        wizard.destination_page.folder.setText(str(usb))
        wizard.next()
        page = wizard.progress_page
        qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
        assert [p.suffix for p in usb.iterdir()] == [".part"]  # mid-write, really
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(wizard.export_stopped, timeout=WAIT_MS) as stopped:
            go_on.set()
        assert "cancelled" in stopped.args[0] and page.message.isVisible()
        assert list(usb.iterdir()) == []
        assert wizard.currentPage() is page and not page.isComplete()
        assert page.retry_button.isVisible()

        # Try again, then close the wizard mid-write: it cancels first, then closes.
        reached.clear()
        go_on.clear()
        qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
        wizard.reject()
        assert wizard.isVisible()  # still writing: it waits for the export to stop
        go_on.set()
        qtbot.waitUntil(lambda: app.window.geneva.export_wizard is None, timeout=WAIT_MS)
        assert list(usb.iterdir()) == []
        # Nothing was recorded: the next export still takes number 1.
        again = open_wizard(qtbot, app)
        summarised(qtbot, again)
        assert again.summary_page.summary is not None
        assert again.summary_page.summary.sequence == 1
        again.reject()
    finally:
        app.close()


def test_a_laptop_not_enrolled_is_refused_on_the_first_page(
    qtbot: QtBot,
    opened: Opened,
) -> None:
    wizard = open_wizard(qtbot, opened)
    problem = wizard.summary_page.problem
    qtbot.waitUntil(problem.isVisible, timeout=WAIT_MS)
    assert "not enrolled" in problem.text() and "Traceback" not in problem.text()
    assert "Geneva → Enrol this laptop…" in problem.text()
    assert not wizard.summary_page.table.isVisible()
    assert not next_button(wizard).isEnabled()  # type: ignore[attr-defined]
    opened.window.lock()  # locking closes it, with the database
    qtbot.waitUntil(lambda: opened.window.geneva.export_wizard is None, timeout=WAIT_MS)
    assert not opened.window.geneva.export_action.isEnabled()
