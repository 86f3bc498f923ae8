"""Screenshots of the desk's main screens, in Korean and English, from the real app.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [docs/screenshots]

A synthetic interview is made in a temporary encrypted database (deleted afterwards),
then the real window is shown offscreen and grabbed: the interview list, the consent
dialog, the session screen with answers, the clock and the coverage panel, and (the
database enrolled with a throwaway Geneva repository) the enrolment dialog and the first
page of the export wizard.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.crypto.kdf import KdfParams  # noqa: E402
from app.desk.workbench import Workbench, stats_of  # noqa: E402
from app.domain import (  # noqa: E402
    ApproximateDate,
    ChoiceValue,
    ConsentMethod,
    ConsentScope,
    DateValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.legal import default_catalogue  # noqa: E402
from app.questionnaire import coverage, default_questionnaire, evaluate  # noqa: E402
from app.services import Services  # noqa: E402
from app.store.database import Database  # noqa: E402
from ui.application import use_hangul_font  # noqa: E402
from ui.desk.consent_dialog import ConsentDialog  # noqa: E402
from ui.language import switch_language  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.session import Session  # noqa: E402
from ui.tasks import SynchronousTaskRunner  # noqa: E402

PASSPHRASE = "screenshot 연습용 passphrase 2026"
OVERVIEW = "2013년 겨울 회령에서 강을 건넜다가 중국에서 잡혀 북송되었습니다."
FAST = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)


def make_database(path: Path) -> str:
    database = Database.create(path, PASSPHRASE, FAST)
    bench = Workbench(Services(database, "박지현"))
    first = None
    for name in ("박지현", "Anna Keller", "이서준", "최은영"):
        interview = bench.start_interview(
            interviewer=name,
            interpreter="김민수",
            questionnaire_id="sillok.default",
            questionnaire_version=default_questionnaire().version,
        )
        first = first or interview
        # The last witness consents to a re-contact only: the export wizard withholds it.
        scopes = {ConsentScope.RECONTACT}
        if name != "최은영":
            scopes.add(ConsentScope.TRANSFER_GENEVA)
        bench.record_consent(interview, scopes, ConsentMethod.ORAL, name)
    assert first is not None
    bench.start_session(first.id, ["박지현", "김민수"])
    for question, value in (
        ("setting.persons_present", TextValue(text="없음")),
        ("safety.birth_decade", ChoiceValue(choice="decade_1980s")),
        ("safety.arrival_rok", DateValue(date=ApproximateDate.year_of(2014))),
        ("account.overview", TextValue(text=OVERVIEW)),
        ("account.period", TextValue(text="2013년 겨울부터 2014년 봄까지")),
        ("account.route_returned", TriStateValue(value=TriState.YES)),
        ("account.route_arrested_dprk", TriStateValue(value=TriState.YES)),
        ("account.route_disappeared", TriStateValue(value=TriState.YES)),
    ):
        bench.save_answer(first.id, question, value)
    opened = bench.open(first.id)
    evaluation = evaluate(default_questionnaire(), opened.answers)
    found = coverage(evaluation, default_catalogue().elements.values(), opened.tags)
    bench.save_stats(first.id, stats_of(evaluation, found))
    enrol(database, path.parent / "geneva")
    database.close()
    return str(first.id)


def enrol(database: Database, geneva: Path) -> None:
    """Enrol the database with a throwaway repository, as Geneva and the desk would."""
    from app.sync.enrolment import accept_bundle, write_request
    from app.sync.repository.devices import enrol as register
    from app.sync.repository.store import Repository

    with Repository.init(geneva, PASSPHRASE, kdf_params=FAST) as repository:
        write_request(database, geneva / "request.json", "Seoul office laptop 2")
        register(repository, geneva / "request.json", geneva / "bundle.json")
    accept_bundle(database, geneva / "bundle.json")


def grab(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


@contextmanager
def desk_window(prepare: Callable[[Path, str], None] | None = None) -> Iterator[MainWindow]:
    """The real window, offscreen, unlocked on a temporary database holding the synthetic
    interview (`prepare(db, interview_id)` runs before it opens); closed and deleted after.
    The interview's id is the window's property `interview_id`."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    use_hangul_font(app)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = folder
        db = Path(folder) / "shots.db"
        interview_id = make_database(db)
        if prepare is not None:
            prepare(db, interview_id)
        runner = SynchronousTaskRunner()
        session = Session(runner, db)
        session.unlock(PASSPHRASE)
        window = MainWindow(session, settings_path=Path(folder) / "settings.json")
        window.setProperty("interview_id", interview_id)
        window.resize(1400, 860)
        window.show()
        try:
            yield window
        finally:
            window.close()
            runner.shutdown(final=session.close_on_worker)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with desk_window() as window:
        interview_id = str(window.property("interview_id"))
        for language in ("ko", "en"):
            switch_language(language)
            window.desk.show_list()
            grab(window, out / f"interview-list-{language}.png")
            dialog = ConsentDialog("SLK-7Q4M-2XKD", parent=window)
            dialog.show()
            dialog.adjustSize()
            grab(dialog, out / f"consent-{language}.png")
            dialog.close()
            window.desk.open_interview(UUID(interview_id))
            screen = window.desk.screen
            assert screen is not None
            screen.show_section("account")
            grab(window, out / f"session-{language}.png")
            window.desk.show_list()
            window.geneva.enrol()
            enrolment = window.geneva.enrolment_dialog
            assert enrolment is not None
            enrolment.adjustSize()
            grab(enrolment, out / f"enrolment-{language}.png")
            enrolment.reject()
            window.geneva.export()
            wizard = window.geneva.export_wizard
            assert wizard is not None
            wizard.resize(760, 600)
            grab(wizard, out / f"export-{language}.png")
            wizard.reject()


if __name__ == "__main__":
    main()
