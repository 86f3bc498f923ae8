"""The desk controller's promise when a save fails: "What you typed is kept; try again"
must be true. The failed batch waits again and goes with the next change."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.desk.workbench import Workbench
from app.domain import TextValue
from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE, record_interview
from ui.desk.controller import DeskController, PendingAnswer
from ui.session import Session
from ui.tasks import SynchronousTaskRunner

WAIT_MS = 10_000


def test_an_answer_whose_save_failed_is_kept_and_saved_with_the_next_change(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database.create(db_path, PASSPHRASE, FAST_KDF) as database:
        interview_id = record_interview(Services(database, "setup"))["interview"].id
    runner = SynchronousTaskRunner()
    session = Session(runner, db_path)
    session.unlock(PASSPHRASE)
    controller = DeskController(session, "officer")
    failures: list[str] = []
    controller.failed.connect(failures.append)

    def answer(question_id: str, text: str) -> PendingAnswer:
        return PendingAnswer(interview_id, question_id, "", TextValue(text=text), None, None)

    real_save = Workbench.save_answer
    broken = [True]

    def flaky(self: Workbench, *args: object, **kwargs: object) -> object:
        if broken[0]:
            raise OSError("the disk hiccupped")
        return real_save(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Workbench, "save_answer", flaky)
    controller.save_answer(answer("background.occupation", "탄광 광부"))
    controller.flush()
    assert failures == ["Something unexpected went wrong. What you typed is kept; try again."]
    assert controller.busy  # still waiting to be saved

    broken[0] = False
    controller.save_answer(answer("background.education", "중학교"))
    controller.flush()
    assert not controller.busy
    stored: dict[str, object] = {}
    runner.run(
        lambda: {
            a.question_id: a.value
            for a in Services(session.database_on_worker(), "test").answers.find()
        },
        stored.update,
        print,
    )
    assert stored["background.occupation"] == TextValue(text="탄광 광부")
    assert stored["background.education"] == TextValue(text="중학교")
    runner.shutdown(final=session.close_on_worker)
