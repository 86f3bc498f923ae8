"""The disclosure wizard (issue 18, item 2), driven offscreen on a real repository: a named
recipient and their age key, a selection, redaction categories; the summary says what
goes and what is withheld and why (counted) before anything is written; the file written
opens with `age`, `tar`, `minisign` and `sha256sum` alone, holds only what consent
allows, and the register holds the entry."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from app.sync.repository.disclosure_register import register
from app.sync.repository.store import Repository
from tests.analysts_support import PERPETRATOR, TORTURE
from tests.functional import analysts_desk
from tests.functional.analysts_desk import WAIT_MS, Desk
from tests.sync_support import GENEVA_PASSPHRASE, open_package_by_hand, run_tool
from ui.analysts.disclosure_wizard import DisclosureWizard
from ui.analysts.window import AnalystsWindow

scene, desk = analysts_desk.scene, analysts_desk.desk  # the shared fixtures


@pytest.fixture
def court_key(tmp_path: Path) -> Path:
    key = tmp_path / "court-key.txt"
    run_tool("age-keygen", "-o", str(key))
    return key


def _wizard(window: AnalystsWindow) -> DisclosureWizard:
    window.disclose_action.trigger()
    wizard = window.wizard
    assert isinstance(wizard, DisclosureWizard)
    return wizard


def test_a_disclosure_made_in_the_wizard_opens_with_the_four_tools(
    desk: Desk, scene: dict[str, Any], court_key: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = desk.open()
    wizard = _wizard(window)
    out = tmp_path / "to-the-mechanism.sillok"
    wizard.recipient.name.setText("International mechanism, test")
    wizard.recipient.key_file.setText(str(tmp_path / "missing-key.txt"))
    wizard.recipient.out.setText(str(out))
    wizard.next()  # a key file that is not there: said on the page, which stays
    assert wizard.currentPage() is wizard.recipient
    assert wizard.recipient.error.isVisibleTo(wizard) and "age" in wizard.recipient.error.text()
    wizard.recipient.key_file.setText(str(court_key))  # age-keygen's file: its public key
    wizard.next()
    assert wizard.currentPage() is wizard.selection
    wizard.selection.elements.setText(TORTURE)
    wizard.next()
    wizard.redaction.boxes["person_names"].setChecked(True)
    wizard.redaction.boxes["units"].setChecked(True)
    wizard.redaction.boxes["relatives"].setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.summary
    qtbot.waitUntil(lambda: wizard.summary.preview is not None, timeout=WAIT_MS)
    summary = wizard.summary.text.text()
    shared, kept = scene["codes"]["torture"], scene["codes"]["kept_back"]
    assert f"1 interview(s) will be disclosed to International mechanism, test: {shared}" in (
        summary
    )
    assert (
        "1 left out: the consent does not allow sharing with accountability mechanisms" in summary
    )
    assert kept not in summary  # counted, never named
    assert "1 item(s) redacted: Names and aliases in the records of the persons spoken of" in (
        summary
    )
    # a category that takes nothing out is said, not left off
    assert "Nothing to redact: Answers about relatives" in summary
    # names said in free text stay unless the transcript is withheld: said before writing
    assert "Names said in the transcript or in answers are not redacted" in summary
    assert not out.exists()  # nothing written before Write

    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=WAIT_MS)
    assert wizard.made is not None and wizard.made["interviews"] == [shared]
    assert "Recorded in the register of disclosures, number 1." in wizard.done_page.text.text()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()

    geneva_pub = tmp_path / "geneva.pub"
    geneva_pub.write_text((desk.desktop.session.folder / "public" / "geneva.pub").read_text())
    opened = tmp_path / "opened"
    assert "device:geneva" in open_package_by_hand(out, court_key, geneva_pub, opened)
    about = json.loads((opened / "disclosure.json").read_text())
    assert about["interviews"] == [shared]
    assert about["withheld"] == {"consent_refuses_sharing": 1}
    assert about["recipient"]["name"] == "International mechanism, test"
    assert sorted(p.name for p in (opened / "records").iterdir()) == [f"{shared}.jsonl"]
    records = (opened / "records" / f"{shared}.jsonl").read_text(encoding="utf-8")
    assert PERPETRATOR[0] not in records and PERPETRATOR[2] not in records

    wizard.button(QWizard.WizardButton.FinishButton).click()
    window.tabs.setCurrentWidget(window.registers)
    desk.settle()
    window.registers.which.setCurrentIndex(window.registers.which.findData("disclosures"))
    desk.settle()
    [shown] = window.registers.model.rows
    assert (shown["number"], shown["recipient_name"]) == (1, "International mechanism, test")
    withheld = window.registers.model.columns.index(
        next(c for c in window.registers.model.columns if c.title() == "Withheld")
    )
    assert window.registers.model.data(window.registers.model.index(0, withheld)) == (
        "the consent does not allow sharing with accountability mechanisms: 1"
    )
    desk.close()
    with Repository.open(desk.desktop.session.folder, GENEVA_PASSPHRASE) as geneva:
        [entry] = register(geneva)
    assert (entry["number"], entry["recipient_name"], entry["interviews"]) == (
        1, "International mechanism, test", [shared]
    )  # fmt: skip
    assert entry["made_by"] == desk.desktop.session.analyst


def test_the_wizard_never_overwrites_a_file(
    desk: Desk, court_key: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = desk.open()
    wizard = _wizard(window)
    taken = tmp_path / "taken.sillok"
    taken.write_bytes(b"something else")
    wizard.recipient.name.setText("mechanism")
    wizard.recipient.key_file.setText(str(court_key))
    wizard.recipient.out.setText(str(taken))
    wizard.next()
    assert wizard.currentPage() is wizard.recipient
    assert "never overwrites" in wizard.recipient.error.text()
    assert taken.read_bytes() == b"something else"


def test_a_disclosure_being_written_is_neither_cancelled_nor_lost_at_lock(
    desk: Desk, court_key: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    """Cancel or Esc while the file was written closed the wizard and dropped the outcome,
    though the file and its register line were written; so did a lock. Now the wizard
    stays while it writes, and whatever closed it, the desk says what was written."""
    window = desk.open()
    wizard = _wizard(window)
    out = tmp_path / "held.sillok"
    wizard.recipient.name.setText("mechanism")
    wizard.recipient.key_file.setText(str(court_key))
    wizard.recipient.out.setText(str(out))
    for _page in range(3):
        wizard.next()
    assert wizard.currentPage() is wizard.summary
    qtbot.waitUntil(lambda: wizard.summary.preview is not None, timeout=WAIT_MS)

    release, started = threading.Event(), threading.Event()

    def hold() -> None:  # the worker busy, as with a long read
        started.set()
        release.wait(WAIT_MS / 1000)

    desk.runner.run(hold, lambda _r: None, lambda _e: None)
    assert started.wait(WAIT_MS / 1000)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.summary.writing
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    wizard.reject()  # Esc, the window's close button
    assert wizard.isVisible()

    window.lock_action.trigger()  # the lock closes the wizard: nothing of it stays
    assert window.wizard is None
    release.set()

    def told() -> bool:
        return any(
            isinstance(w, QMessageBox) and w.isVisible() and "held.sillok" in w.text()
            for w in QApplication.topLevelWidgets()
        )

    qtbot.waitUntil(told, timeout=WAIT_MS)
    assert out.exists()
    assert desk.desktop.dialog is not None  # the passphrase is asked again
    desk.dialog = desk.desktop.dialog
    assert desk.open() is window
    with Repository.open(desk.desktop.session.folder, GENEVA_PASSPHRASE) as geneva:
        assert [row["file_name"] for row in register(geneva)] == ["held.sillok"]
