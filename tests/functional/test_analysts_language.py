"""The disclosure wizard and the assessment dialog follow a language switch while they are
open (review 2026-12-06 m7), keeping what the person typed or chose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWizard

from tests.functional import analysts_desk
from tests.functional.analysts_desk import Desk
from ui.analysts.disclosure_wizard import DisclosureWizard
from ui.language import switch_language

scene, desk = analysts_desk.scene, analysts_desk.desk  # the shared fixtures


@pytest.fixture
def korean() -> Iterator[None]:
    yield
    switch_language("en")


def test_the_disclosure_wizard_follows_a_switch_to_korean(desk: Desk, korean: None) -> None:
    window = desk.open()
    window.disclose_action.trigger()
    wizard = window.wizard
    assert isinstance(wizard, DisclosureWizard)
    wizard.recipient.name.setText("International mechanism, test")
    wizard.redaction.boxes["transcript"].setChecked(True)
    assert wizard.recipient.title() == "Who receives it"

    switch_language("ko")

    assert wizard.windowTitle() == "책임규명 기구에 제공"
    assert [page.title() for page in (wizard.recipient, wizard.selection, wizard.redaction,
            wizard.summary, wizard.done_page)] == [
        "받는 곳", "제공할 범위", "삭제할 항목", "쓰기 전에 확인", "제공 파일을 썼습니다"
    ]  # fmt: skip
    buttons = {
        which: wizard.buttonText(which)
        for which in (
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.CancelButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
        )
    }
    assert list(buttons.values()) == ["다음", "이전", "취소", "쓰기", "닫기"]
    assert wizard.redaction.boxes["transcript"].text() == "녹취록 전체"
    assert wizard.redaction.boxes["transcript"].isChecked()  # what was chosen stays
    assert wizard.redaction.boxes["staff_names"].text().startswith("직원의 이름")
    assert wizard.recipient.name.text() == "International mechanism, test"  # and typed
    assert wizard.selection.language.currentData() == "both"
    assert all(
        not ("a" <= ch <= "z") for ch in wizard.selection.language.currentText()
    )  # the statements' languages are named in Korean


def test_the_assessment_dialog_follows_a_switch_to_korean(
    desk: Desk, scene: dict[str, Any], korean: None
) -> None:
    window = desk.open()
    tab = window.interviews
    tab.table.selectRow(
        next(n for n, r in enumerate(tab.model.rows) if r["code"] == scene["codes"]["torture"])
    )
    desk.settle()
    tab.assess_witness.click()
    dialog = tab.assessment
    dialog.rating.setCurrentIndex(dialog.rating.findData("high"))
    dialog.reasons.setPlainText("consistent across two sessions")
    assert dialog.windowTitle() == "Assessment"

    switch_language("ko")

    assert dialog.windowTitle() == "평가"
    code = scene["codes"]["torture"]
    assert dialog.heading.text() == "평가 대상: " + f"면담 {code}의 증인"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "기록"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "취소"
    assert dialog.reasons.placeholderText() == "기록으로 남길 이유 (필수)"
    assert dialog.rating.currentData() == "high"  # what was chosen stays
    assert dialog.reasons.toPlainText() == "consistent across two sessions"
    assert dialog.aspect.itemText(0) != "reliability"
