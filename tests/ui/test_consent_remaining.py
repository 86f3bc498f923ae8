"""The consent dialog says how many items still wait for the witness's answer (why
"Record consent" is grey), and says nothing once all are answered."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.desk.consent_dialog import ConsentDialog


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
    assert not dialog.remaining.isVisible()
