"""Disclosure to an accountability mechanism (issue 18, item 2): only what each witness's
consent allows goes, everything withheld is counted; redaction by category with a log;
statements printed in Geneva carry the laptop's content hash when nothing is redacted; the
package opens with `age`, `tar`, `minisign` and `sha256sum` alone; load files for
e-discovery tools; every disclosure in the register."""

from __future__ import annotations

import errno
import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain import ConsentScope
from app.errors import AlreadyExists
from app.reports.data import load_interview
from app.sync import package_write
from app.sync.repository import check, disclosure
from app.sync.repository.disclosure import Selection, disclose
from app.sync.repository.disclosure_register import register
from app.sync.repository.interview_data import interview_data
from app.sync.repository.redaction import record_digest
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.repository_support import drop_schema_7, interview, laptop, schema_version, ship
from tests.sync_support import GENEVA_PASSPHRASE, new_repository, open_package_by_hand, run_tool

PERPETRATOR = ("박철호", "보위부", "회령시 보위부 예심과")
NO_SHARING = frozenset(ConsentScope) - {ConsentScope.SHARE_ACCOUNTABILITY}

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


@pytest.fixture
def scene(tmp_path: Path) -> dict[str, object]:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "a")
    shared = interview(field, element="CAH.7.1.f.1", perpetrator=PERPETRATOR)
    kept_back = interview(field, element="CAH.7.1.e.1", scopes=NO_SHARING)
    ship(field, geneva)
    run_tool("age-keygen", "-o", str(tmp_path / "court-key.txt"))
    recipient = next(
        line.split(": ", 1)[1]
        for line in (tmp_path / "court-key.txt").read_text().splitlines()
        if line.startswith("# public key: ")
    )
    return {
        "geneva": geneva, "field": field, "shared": shared, "kept_back": kept_back,
        "recipient": recipient, "tmp": tmp_path,
    }  # fmt: skip


def test_geneva_prints_the_same_content_hash_as_the_laptop(scene: dict[str, object]) -> None:
    geneva, field, shared = scene["geneva"], scene["field"], scene["shared"]
    interview_id = shared["interview"].id  # type: ignore[index]
    on_laptop = load_interview(field.database, interview_id)  # type: ignore[attr-defined]
    with geneva.reading() as connection:  # type: ignore[attr-defined]
        in_geneva = interview_data(connection, str(interview_id))
    assert in_geneva.content_hash() == on_laptop.content_hash()


def test_a_disclosure_holds_only_what_consent_allows_redacted_and_opens_with_the_four_tools(
    scene: dict[str, object],
) -> None:
    geneva, tmp, shared = scene["geneva"], scene["tmp"], scene["shared"]
    assert isinstance(tmp, Path)
    made = disclose(
        geneva,  # type: ignore[arg-type]
        recipient=str(scene["recipient"]),
        recipient_name="International mechanism, test",
        out=tmp / "disclosure-1.sillok",
        made_by="legal officer 1",
        redactions=["person_names", "units"],
    )
    code = shared["interview"].code  # type: ignore[index]
    assert made.interviews == [code]
    assert made.withheld == {"consent_refuses_sharing": 1}
    assert made.redacted == 2  # the name and the unit (no alias or rank was given)

    out = tmp / "opened"
    (tmp / "geneva.pub").write_text(
        (geneva.folder / "public" / "geneva.pub").read_text()  # type: ignore[attr-defined]
    )
    verified = open_package_by_hand(made.path, tmp / "court-key.txt", tmp / "geneva.pub", out)
    assert "device:geneva" in verified
    about = json.loads((out / "disclosure.json").read_text())
    assert about["interviews"] == [code]
    assert about["withheld"] == {"consent_refuses_sharing": 1}
    assert about["redactions"] == ["person_names", "units"]

    records = (out / "records" / f"{code}.jsonl").read_text(encoding="utf-8")
    assert PERPETRATOR[0] not in records and PERPETRATOR[2] not in records
    assert "[withheld: person_names]" in records and "[withheld: units]" in records
    assert PERPETRATOR[1] in records  # the agency is not a redacted category here
    statement = subprocess.run(
        ["pdftotext", str(out / "statements" / f"{code}.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert PERPETRATOR[0] not in statement and "[withheld: person_names]" in statement
    log = json.loads((out / "redaction-log.json").read_text())
    assert {(i["category"], i["field"]) for i in log["items"]} == {
        ("person_names", "name"),
        ("units", "descriptor.unit"),
    }
    # keyed: the recipient cannot try names against it; Geneva can check the record later
    with geneva.reading() as connection:  # type: ignore[attr-defined]
        held = interview_data(connection, str(shared["interview"].id))  # type: ignore[index]
    person = next(iter(held.persons.values()))
    plain = hashlib.sha256(person.content_json().encode()).hexdigest()
    assert all(i["hmac_sha256"] != plain and "sha256" not in i for i in log["items"])
    assert {i["hmac_sha256"] for i in log["items"]} == {record_digest(geneva, person)}  # type: ignore[arg-type]

    dat = (out / "loadfile" / "sillok.dat").read_text(encoding="utf-8-sig").splitlines()
    assert dat[0].split("\u0014")[0] == "\u00feBEGDOC\u00fe"
    assert code in dat[1]
    opt = (out / "loadfile" / "sillok.opt").read_text().splitlines()
    assert opt[0].startswith("SILLOK-0001-000001,SILLOK,statements/") and ",Y,,," in opt[0]

    [row] = register(geneva)  # type: ignore[arg-type]
    assert (row["number"], row["recipient_name"], row["made_by"]) == (
        1, "International mechanism, test", "legal officer 1",
    )  # fmt: skip
    assert row["file_sha256"] == made.sha256 and row["interviews"] == [code]


def test_a_selection_by_element_and_the_command_line(
    scene: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    geneva, tmp = scene["geneva"], scene["tmp"]
    assert isinstance(tmp, Path)
    nothing = disclose(
        geneva,  # type: ignore[arg-type]
        recipient=str(scene["recipient"]),
        recipient_name="mechanism",
        out=tmp / "only-imprisonment.sillok",
        made_by="legal officer 1",
        selection=Selection(elements=("CAH.7.1.e.1",)),
    )
    assert (nothing.interviews, nothing.withheld) == ([], {"consent_refuses_sharing": 1})

    repo = str(geneva.folder)  # type: ignore[attr-defined]
    geneva.close()  # type: ignore[attr-defined]
    secret = tmp / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    (tmp / "court.age-recipient").write_text(str(scene["recipient"]) + "\n")
    code = main(
        ["repository", "disclose", "--recipient-file", str(tmp / "court.age-recipient"),
         "--recipient-name", "mechanism", "--out", str(tmp / "cli.sillok"),
         "--redact", "transcript", "--repo", repo, "--passphrase-file", str(secret), "--json"]
    )  # fmt: skip
    assert code == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["number"] == 2 and len(shown["interviews"]) == 1
    assert main(["repository", "disclosures", "--repo", repo, "--passphrase-file",
                 str(secret), "--json"]) == 0  # fmt: skip
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == [1, 2]
    bad = main(
        ["repository", "disclose", "--recipient-file", str(secret), "--recipient-name", "x",
         "--out", str(tmp / "bad.sillok"), "--repo", repo, "--passphrase-file", str(secret)]
    )  # fmt: skip
    assert bad != 0 and not (tmp / "bad.sillok").exists()
    assert "Traceback" not in capsys.readouterr().err


def test_two_disclosures_made_at_once_get_two_numbers_and_every_file_is_registered(
    scene: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two legal officers disclosing at the same moment (on a server) both took the next
    free number; the second to finish could not register it, and its file, written
    already, was a disclosure missing from the register. Here a second disclosure is made
    while the first writes its file."""
    geneva, tmp = scene["geneva"], scene["tmp"]
    assert isinstance(tmp, Path)
    real_write_package = disclosure.write_package
    made: list[object] = []

    def meanwhile(*args: object, **kwargs: object) -> object:
        if not made:
            made.append(None)
            made.append(
                disclose(
                    geneva,  # type: ignore[arg-type]
                    recipient=str(scene["recipient"]),
                    recipient_name="second mechanism",
                    out=tmp / "second.sillok",
                    made_by="legal officer 2",
                )
            )
        return real_write_package(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(disclosure, "write_package", meanwhile)
    first = disclose(
        geneva,  # type: ignore[arg-type]
        recipient=str(scene["recipient"]),
        recipient_name="first mechanism",
        out=tmp / "first.sillok",
        made_by="legal officer 1",
    )
    second = made[1]
    assert isinstance(second, disclosure.Disclosed)
    assert {first.number, second.number} == {1, 2}
    registered = {row["file_name"]: row for row in register(geneva)}  # type: ignore[arg-type]
    assert sorted(registered) == ["first.sillok", "second.sillok"]
    assert registered["first.sillok"]["number"] == first.number
    assert registered["first.sillok"]["file_sha256"] == first.sha256
    assert sorted(p.name for p in tmp.glob("*.sillok*")) == ["first.sillok", "second.sillok"]


def test_a_disclosure_that_cannot_be_registered_leaves_no_file(
    scene: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file must never exist without its line in the register: the register is written
    before the finished file takes its name."""
    geneva, tmp = scene["geneva"], scene["tmp"]
    assert isinstance(tmp, Path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(disclosure, "_register", refuse)
    with pytest.raises(OSError):
        disclose(
            geneva,  # type: ignore[arg-type]
            recipient=str(scene["recipient"]),
            recipient_name="mechanism",
            out=tmp / "unregistered.sillok",
            made_by="legal officer 1",
        )
    assert list(tmp.glob("unregistered.sillok*")) == []
    assert list(tmp.glob(".unregistered.sillok*")) == []
    assert register(geneva) == []  # type: ignore[arg-type]


def _disclose_to(scene: dict[str, object], out: Path) -> disclosure.Disclosed:
    return disclose(
        scene["geneva"],  # type: ignore[arg-type]
        recipient=str(scene["recipient"]),
        recipient_name="mechanism",
        out=out,
        made_by="legal officer 1",
    )


def test_a_disclosure_registered_whose_file_cannot_be_published_is_void_in_the_register(
    scene: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review M3: the register line is written before the file takes its name; when the
    file then cannot take it (here the disk is full), the register must not say the
    disclosure was made: the entry is voided (append-only) and shown as not written, and
    `repository check` names it."""
    geneva, tmp = scene["geneva"], scene["tmp"]
    assert isinstance(tmp, Path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(package_write, "_publish", full)
    with pytest.raises(OSError):
        _disclose_to(scene, tmp / "full.sillok")
    assert list(tmp.glob("full.sillok*")) == [] and list(tmp.glob(".full.sillok*")) == []
    (entry,) = register(geneva)  # type: ignore[arg-type]
    assert (entry["number"], entry["file_name"], entry["outcome"]) == (
        1,
        "full.sillok",
        "not_written",
    )
    assert "No space left" in entry["outcome_reason"]
    monkeypatch.undo()
    made = _disclose_to(scene, tmp / "next.sillok")  # the next one is number 2, written
    assert made.number == 2 and made.path.is_file()
    # a writing that stopped after the register line (as if killed): its outcome unknown
    monkeypatch.setattr(package_write, "_publish", full)
    monkeypatch.setattr(disclosure, "_outcome", lambda *args: None)
    with pytest.raises(OSError):
        _disclose_to(scene, tmp / "killed.sillok")
    assert [(row["number"], row["outcome"]) for row in register(geneva)] == [  # type: ignore[arg-type]
        (3, "unknown"),
        (2, "written"),
        (1, "not_written"),
    ]
    listed = check.check(geneva).disclosures  # type: ignore[arg-type]
    assert [(row["number"], row["outcome"]) for row in listed or []] == [
        (1, "not_written"),
        (3, "unknown"),
    ]


def test_a_file_made_under_the_disclosures_name_meanwhile_is_not_overwritten(
    scene: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review M3: another program writes a file under the disclosure's name between the
    register line and the publishing: that file stays as it is, and the entry is void."""
    geneva, tmp = scene["geneva"], scene["tmp"]
    assert isinstance(tmp, Path)
    out = tmp / "taken.sillok"
    real_register = disclosure._register

    def then_taken(
        repository: object, line: tuple[object, ...], registered: object, *rest: object
    ) -> None:
        real_register(repository, line, registered, *rest)  # type: ignore[arg-type]
        out.write_bytes(b"someone else's file")

    monkeypatch.setattr(disclosure, "_register", then_taken)
    with pytest.raises(AlreadyExists):
        _disclose_to(scene, out)
    assert out.read_bytes() == b"someone else's file"
    assert list(tmp.glob(".taken.sillok*")) == []
    (entry,) = register(geneva)  # type: ignore[arg-type]
    assert (entry["number"], entry["outcome"]) == (1, "not_written")


def test_disclosures_registered_before_schema_7_are_not_recorded_not_unknown(
    scene: dict[str, object],
) -> None:
    """The upgrade 6 → 7 cannot know whether the files of earlier disclosures were
    written: it says so (`not_recorded`), and the check does not list them."""
    geneva, tmp = scene["geneva"], scene["tmp"]
    assert isinstance(geneva, Repository) and isinstance(tmp, Path)
    _disclose_to(scene, tmp / "before.sillok")
    drop_schema_7(geneva)
    geneva.close()
    with Repository.open(geneva.folder, GENEVA_PASSPHRASE) as reopened:
        assert schema_version(reopened) == SCHEMA_VERSION == 12
        assert [(r["number"], r["outcome"]) for r in register(reopened)] == [(1, "not_recorded")]
        assert check.check(reopened).disclosures == []


def test_the_package_names_no_interview_it_withholds(scene: dict[str, object]) -> None:
    """The selection written into the package named the interviews chosen by code, so
    the chosen codes minus those disclosed were exactly the withheld ones (review m2).
    Only what is disclosed is named in the package; the register keeps the selection."""
    geneva, tmp = scene["geneva"], scene["tmp"]
    assert isinstance(tmp, Path)
    shared = scene["shared"]["interview"].code  # type: ignore[index]
    kept_back = scene["kept_back"]["interview"].code  # type: ignore[index]
    made = disclose(
        geneva,  # type: ignore[arg-type]
        recipient=str(scene["recipient"]),
        recipient_name="mechanism",
        out=tmp / "by-code.sillok",
        made_by="legal officer 1",
        selection=Selection(interview_codes=(shared, kept_back)),
    )
    assert (made.interviews, made.withheld) == ([shared], {"consent_refuses_sharing": 1})
    (tmp / "geneva.pub").write_text(
        (geneva.folder / "public" / "geneva.pub").read_text()  # type: ignore[attr-defined]
    )
    out = tmp / "opened"
    open_package_by_hand(made.path, tmp / "court-key.txt", tmp / "geneva.pub", out)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.relative_to(out).as_posix() for p in files} >= {
        "disclosure.json",
        f"records/{shared}.jsonl",
        f"statements/{shared}.pdf",
    }
    texts = [p.read_bytes() for p in files] + [
        subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=True).stdout
        for p in files
        if p.suffix == ".pdf"
    ]
    assert all(kept_back.encode() not in text for text in texts)
    about = json.loads((out / "disclosure.json").read_text())
    assert about["selection"]["interview_codes"] == [shared]
    [row] = register(geneva)  # type: ignore[arg-type]
    assert row["selection"]["interview_codes"] == [shared, kept_back]
