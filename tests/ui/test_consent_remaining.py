"""The consent dialog says how many items still wait for the witness's answer (why
"Record consent" is grey), and that all are once they are; its rows never move."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.desk.consent_dialog import ConsentDialog
from ui.language import switch_language


def test_it_counts_the_items_still_to_answer(qtbot: QtBot) -> None:
    dialog = ConsentDialog("SLK-AAAA-BBBB")
    qtbot.addWidget(dialog)
    dialog.show()
    total = len(dialog.yes)
    assert dialog.remaining.isVisible()
    assert dialog.remaining.text() == f"{total} items still to answer"
    buttons = list(dialog.yes.values())
    for button in buttons[:-1]:
        button.click()
    assert dialog.remaining.text() == "1 item still to answer"
    buttons[-1].click()
    assert dialog.remaining.text() == "Every item is answered."


def _layout(dialog: ConsentDialog) -> list[tuple[int, int, int, int]]:
    """Where every row's texts and buttons, and the dialog's buttons, are."""
    QApplication.processEvents()  # the layout runs on the event loop
    widgets = [
        *dialog.names.values(),
        *dialog.details.values(),
        *dialog.yes.values(),
        *dialog.no.values(),
        dialog.buttons,
    ]
    geometry = [QRect(w.mapTo(dialog, QPoint(0, 0)), w.size()) for w in widgets]
    return [(g.x(), g.y(), g.width(), g.height()) for g in geometry] + [
        (0, 0, dialog.width(), dialog.height())
    ]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_rows_stay_where_they_are_as_scopes_are_answered(qtbot: QtBot, language: str) -> None:
    """Seen on a real display: the rows jumped when the last scope was answered."""
    switch_language(language)
    dialog = ConsentDialog("SLK-AAAA-BBBB")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _layout(dialog)
    scopes = list(dialog.yes)
    for number, scope in enumerate(scopes):
        (dialog.yes if number % 2 else dialog.no)[scope].click()
        assert _layout(dialog) == before, scope
