"""Re-interview requests to Seoul (issue 18, item 3): Geneva turns its gaps into a signed
list of pseudonymous codes and questions for one field device; the device checks the
signature and keeps the list; the desk finds the questions again when that witness is
interviewed next. Only witnesses whose consent allows re-contact are asked about, and only
on the device that interviewed them; everything else is refused with a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain import ConsentScope, Interview, new_pseudonymous_code
from app.store.keys import device_keys
from app.sync import reinterview
from app.sync.repository.reinterview_requests import make_requests, write_requests
from app.sync.repository.store import Repository
from app.sync.repository_errors import UnknownDevice
from tests.repository_support import Laptop, interview, laptop, ship
from tests.support import PASSPHRASE
from tests.sync_support import GENEVA_PASSPHRASE, new_repository

TORTURE, IMPRISONMENT = "CAH.7.1.f.1", "CAH.7.1.e.1"
NOTE = "구류장에 함께 있던 사람을 물어봐 주세요"
NO_RECONTACT = frozenset(ConsentScope) - {ConsentScope.RECONTACT}


def _device_id(field: Laptop) -> str:
    with field.database.transaction() as connection:
        keys = device_keys(connection)
    assert keys is not None
    return keys.device_id


pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


@pytest.fixture
def scene(tmp_path: Path) -> dict[str, object]:
    """Laptop A: the only witness of torture (re-contact allowed) and the only witness of
    imprisonment (re-contact refused). Laptop B: a second witness of nothing in common."""
    geneva = new_repository(tmp_path / "geneva")
    a, b = laptop(tmp_path, geneva, "a"), laptop(tmp_path, geneva, "b")
    asked = interview(a, element=TORTURE)
    refused = interview(a, element=IMPRISONMENT, scopes=NO_RECONTACT)
    elsewhere = interview(b, element="CAH.7.1.k.1")
    for field in (a, b):
        ship(field, geneva)
    return {
        "geneva": geneva,
        "a": a,
        "b": b,
        "asked": asked,
        "refused": refused,
        "elsewhere": elsewhere,
        "tmp": tmp_path,
    }


def test_geneva_asks_a_device_only_about_its_own_witnesses_who_may_be_recontacted(
    scene: dict[str, object],
) -> None:
    geneva, a = scene["geneva"], scene["a"]
    assert isinstance(geneva, Repository) and isinstance(a, Laptop)
    made = make_requests(geneva, _device_id(a), made_by="analyst 1", note=NOTE)
    asked = scene["asked"]
    assert isinstance(asked, dict)
    assert [w.interviewee_id for w in made.witnesses] == [str(asked["interviewee"].id)]
    witness = made.witnesses[0]
    assert witness.interviewee_code == asked["interviewee"].code
    assert witness.interview_codes == [asked["interview"].code]
    assert [(q.reason, q.element) for q in witness.questions] == [("single_witness", TORTURE)]
    assert made.withheld_no_recontact == 1  # the imprisonment witness: counted, not named
    assert made.note == NOTE
    text = json.dumps(made.model_dump(mode="json"), ensure_ascii=False)
    assert "officer" not in text and "조사를 받았습니다" not in text  # codes, not testimony


def test_the_device_loads_the_signed_list_and_finds_it_at_the_next_interview(
    scene: dict[str, object],
) -> None:
    geneva, a, tmp = scene["geneva"], scene["a"], scene["tmp"]
    assert isinstance(geneva, Repository) and isinstance(a, Laptop) and isinstance(tmp, Path)
    path = tmp / "requests.json"
    write_requests(geneva, _device_id(a), path, made_by="analyst 1", note=NOTE)
    loaded = reinterview.load_requests(a.database, path, actor="officer-a")
    assert (loaded.witnesses, loaded.already) == (1, False)
    again = reinterview.load_requests(a.database, path, actor="officer-a")
    assert again.already

    asked = scene["asked"]
    assert isinstance(asked, dict)
    witness = asked["interviewee"]
    later = a.services.interviews.create(
        Interview(
            interviewee_id=witness.id,
            code=new_pseudonymous_code(),
            interviewer="officer-a",
            location_kind="resettlement_centre",
        )
    )
    asked_now = reinterview.asked_about(a.database, later.id)
    assert asked_now is not None
    assert [(q.reason, q.element) for q in asked_now.questions] == [("single_witness", TORTURE)]
    assert asked_now.note == NOTE
    refused = scene["refused"]
    assert isinstance(refused, dict)
    assert reinterview.asked_about(a.database, refused["interview"].id) is None
    with a.database.transaction() as connection:
        actions = [
            row[0]
            for row in connection.execute(
                "SELECT entity_type FROM audit_log WHERE action = 'event'"
            )
        ]
    assert "reinterview_requests" in actions


def test_a_list_for_another_device_a_changed_list_and_an_unknown_device_are_refused(
    scene: dict[str, object],
) -> None:
    geneva, a, b, tmp = scene["geneva"], scene["a"], scene["b"], scene["tmp"]
    assert isinstance(geneva, Repository) and isinstance(tmp, Path)
    assert isinstance(a, Laptop) and isinstance(b, Laptop)
    path = tmp / "requests.json"
    write_requests(geneva, _device_id(a), path, made_by="analyst 1")
    with pytest.raises(reinterview.RequestsInvalid, match="another device"):
        reinterview.load_requests(b.database, path, actor="officer-b")

    changed = tmp / "changed.json"
    changed.write_text(path.read_text(encoding="utf-8").replace(TORTURE, IMPRISONMENT))
    with pytest.raises(reinterview.RequestsInvalid, match="signature"):
        reinterview.load_requests(a.database, changed, actor="officer-a")

    broken = tmp / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(reinterview.RequestsInvalid):
        reinterview.load_requests(a.database, broken, actor="officer-a")

    with pytest.raises(UnknownDevice):
        make_requests(geneva, "dev-0000", made_by="analyst 1")
    for field in (a, b):
        with field.database.transaction() as connection:
            assert connection.execute("SELECT count(*) FROM reinterview_asks").fetchone()[0] == 0


def test_the_command_line_writes_and_loads_the_list(
    scene: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    geneva, a, tmp = scene["geneva"], scene["a"], scene["tmp"]
    assert isinstance(geneva, Repository) and isinstance(a, Laptop) and isinstance(tmp, Path)
    device, repo, out = _device_id(a), str(geneva.folder), tmp / "for-seoul.json"
    geneva.close()
    secret = tmp / "geneva-passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    wrote = ["repository", "reinterview-requests", device, "--out", str(out)]
    code = main([*wrote, "--repo", repo, "--passphrase-file", str(secret), "--json"])
    assert code == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["witnesses"], shown["withheld_no_recontact"]) == (1, 1)

    db = str(a.folder / "sillok.db")
    a.database.close()
    mine = tmp / "laptop-passphrase"
    mine.write_text(PASSPHRASE + "\n")
    assert main(["reinterview", str(out), "--db", db, "--passphrase-file", str(mine)]) == 0
    assert "1" in capsys.readouterr().out
    changed = tmp / "changed.json"
    changed.write_text(out.read_text(encoding="utf-8").replace(TORTURE, IMPRISONMENT))
    refused = main(["reinterview", str(changed), "--db", db, "--passphrase-file", str(mine)])
    assert refused == reinterview.RequestsInvalid.exit_code
    assert "Nothing was loaded" in capsys.readouterr().err
