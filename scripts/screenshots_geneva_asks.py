"""Screenshots of the session screen with Geneva's re-interview questions, in Korean and
English, offscreen, from the real window: docs/screenshots/geneva-asks-ko.png and
geneva-asks-en.png.

    .venv/bin/python scripts/screenshots_geneva_asks.py [OUT_DIR]

The synthetic database of scripts/screenshots.py, enrolled with a throwaway repository;
that repository signs a re-interview list for the first witness (the questions a gap
would give), the laptop loads it as `sillok reinterview` does, and the interview opens.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from uuid import UUID

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import PASSPHRASE, desk_window, grab  # noqa: E402

from app.domain import Interview  # noqa: E402
from app.formats import signed  # noqa: E402
from app.services import Services  # noqa: E402
from app.store.database import Database  # noqa: E402
from app.store.keys import device_keys  # noqa: E402
from app.sync.enrolment import iso, now_utc  # noqa: E402
from app.sync.reinterview import FORMAT, AskedWitness, Question, Requests, load_requests  # noqa: E402
from app.sync.repository.store import Repository  # noqa: E402
from ui.language import switch_language  # noqa: E402

NOTE = "구류장에서 함께 조사받은 사람이 있었는지 여쭤 봐 주십시오."


def ask(db: Path, interview_id: str) -> None:
    """Geneva signs a list for the first witness; the laptop loads it."""
    database = Database.open(db, PASSPHRASE)
    try:
        interview = Services(database, "박지현").interviews.get(UUID(interview_id))
        assert isinstance(interview, Interview)
        with database.reading() as connection:
            keys = device_keys(connection)
        assert keys is not None
        interviewee = Services(database, "박지현").interviewees.get(interview.interviewee_id)
        with Repository.open(db.parent / "geneva", PASSPHRASE) as geneva:
            requests = Requests(
                repository_id=geneva.repository_id,
                device_id=keys.device_id,
                made_at=iso(now_utc()),
                made_by="analyst",
                note=NOTE,
                witnesses=[
                    AskedWitness(
                        interviewee_id=str(interviewee.id),
                        interviewee_code=interviewee.code,
                        interview_codes=[interview.code],
                        questions=[
                            Question(reason="single_witness", element="CAH.7.1.f.1"),
                            Question(reason="hearsay_only", element="CAH.7.1.e.1"),
                        ],
                    )
                ],
                withheld_no_recontact=0,
            )
            data = signed.sign_document(requests, geneva.keys.signing, FORMAT)
        path = db.parent / "requests.json"
        path.write_bytes(data)
        load_requests(database, path, actor="박지현")
    finally:
        database.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with desk_window(prepare=ask) as window:
        interview_id = str(window.property("interview_id"))
        for language in ("ko", "en"):
            switch_language(language)
            window.desk.open_interview(UUID(interview_id))
            screen = window.desk.screen
            assert screen is not None
            screen.show_section("account")
            grab(window, out / f"geneva-asks-{language}.png")
            window.desk.show_list()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
