"""Import of another organisation's records (app/sync/repository/imports.py): the dry run
says what would come in and what is refused and why, changing nothing; an import keeps
the file encrypted, marks every record imported, and adds nothing the second time."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app.cli.main import main
from app.sync.repository import imports, matrix, registers
from app.sync.repository.analysis_errors import ImportUnreadable
from tests.repository_support import GOOD, ORGANISATION, current_rows, write_csv
from tests.sync_support import GENEVA_PASSPHRASE, new_repository, repository_counts

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


def test_dry_run_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    geneva = new_repository(tmp_path / "geneva")
    rows = [
        GOOD,
        {**GOOD, "external_id": "CASE-2019-0413", "consent_basis": ""},
        {**GOOD, "external_id": "CASE-2019-0414", "elements": "torture", "source": "rumour"},
        {**GOOD, "external_id": "CASE-2019-0412"},
        {**GOOD, "external_id": "CASE-2020-0001", "elements": "", "facility": "", "agencies": ""},
    ]
    source = write_csv(tmp_path / "cases.csv", rows)
    before = repository_counts(geneva)

    dry = imports.import_file(geneva, source, ORGANISATION, by="analyst", dry_run=True)
    assert [r.external_id for r in dry.accepted] == ["CASE-2019-0412", "CASE-2020-0001"]
    assert {r.line: r.reasons for r in dry.refused} == {
        3: ["missing_consent_basis"],
        4: ["unknown_element_id:torture", "unknown_source:rumour"],
        5: ["duplicate_external_id"],
    }
    assert repository_counts(geneva) == before and current_rows(geneva) == []

    done = imports.import_file(geneva, source, ORGANISATION, by="analyst")
    assert done.import_id == 1 and len(done.accepted) == 2
    kept = tmp_path / "geneva" / "imports" / f"{done.file_sha256}.age"
    assert kept.is_file() and "회령".encode() not in kept.read_bytes()
    with geneva.reading() as connection:
        listed = {i["code"]: i for i in registers.interviews(connection)}
        incidents = registers.register(connection, "incidents")
        assert all(row[-1] == 1 for row in connection.execute("SELECT * FROM current_records"))
    assert len(listed) == 2 and all(i["imported"] for i in listed.values())
    assert {i["import"]["organisation"] for i in listed.values()} == {ORGANISATION}
    with geneva.reading() as connection:
        shown = registers.show(connection, str(done.accepted[0].records[1].id))
    (interview_held,) = [h for h in shown["held"] if h["kind"] == "interview"]
    assert interview_held["body"]["notes"] == f"{GOOD['provenance']}\ninterview date: 2019-05-02"
    assert shown["import"]["consent_basis"] == GOOD["consent_basis"]
    assert len(incidents) == 2 and all(i["imported"] for i in incidents)
    assert {i["date"]["year"] for i in incidents} == {2014}

    again = imports.import_file(geneva, source, ORGANISATION, by="analyst")
    assert again.already_imported and again.import_id == 1
    renamed = write_csv(tmp_path / "same-rows.csv", [GOOD])
    repeated = imports.import_file(geneva, renamed, ORGANISATION, by="analyst")
    assert repeated.refused[0].reasons == ["already_imported"] and not repeated.accepted

    # The command line: the dry run's report as JSON, exit 74 for refused rows.
    secret = tmp_path / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    geneva.close()
    code = main(
        ["repository", "import", str(source), "--organisation", ORGANISATION, "--dry-run",
         "--json", "--repo", str(tmp_path / "geneva"), "--passphrase-file", str(secret)]
    )  # fmt: skip
    assert code == 0  # already imported: nothing to refuse again
    assert json.loads(capsys.readouterr().out)["already_imported"] is True
    fresh = write_csv(tmp_path / "fresh.csv", [{**GOOD, "external_id": "X-1", "narrative": ""}])
    code = main(
        ["repository", "import", str(fresh), "--organisation", ORGANISATION, "--dry-run",
         "--json", "--repo", str(tmp_path / "geneva"), "--passphrase-file", str(secret)]
    )  # fmt: skip
    assert code == 74
    assert json.loads(capsys.readouterr().out)["refused"][0]["reasons"] == ["missing_narrative"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cases.csv", "external_id,narrative,real_name\nA,B,김순희\n".encode()),
        ("cases.csv", "external_id,narrative\n".encode("utf-16")),
        ("cases.jsonl", b'{"external_id": "A"}\n[1, 2]\n'),
    ],
)
def test_a_file_not_in_the_format_is_refused_whole(
    tmp_path: Path, name: str, content: bytes
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ImportUnreadable) as refused:
        imports.import_file(geneva, tmp_path / name, ORGANISATION, by="analyst")
    assert refused.value.exit_code == 73 and "김순희" not in refused.value.message()
    assert current_rows(geneva) == []


def test_json_lines_come_in_like_csv(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    lines = [
        {**GOOD, "elements": ["CAH.7.1.e.1", "CAH.7.1.f.1"], "agencies": ["보위부", "안전부"]},
        {**GOOD, "external_id": "CASE-2", "source": None, "date_told": "그해 봄, 홍수 난 해"},
    ]
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    done = imports.import_file(geneva, source, ORGANISATION, by="analyst")
    assert [r.external_id for r in done.accepted] == ["CASE-2019-0412", "CASE-2"]
    with geneva.reading() as connection:
        tags = registers.register(connection, "incidents")
        elements = {row["element"] for row in matrix.matrix(connection)}
    assert elements == {"CAH.7.1.e.1", "CAH.7.1.f.1"}
    told = {i["id"]: i for i in tags}
    assert sorted(i["date"] is None for i in told.values()) == [False, True]
    (vague,) = [i for i in told.values() if i["date"] is None]
    assert vague["summary"] == "date as told: 그해 봄, 홍수 난 해" and vague["source"] is None


def test_the_kept_file_is_for_its_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    source = write_csv(tmp_path / "cases.csv", [GOOD])
    old = os.umask(0o022)
    try:
        done = imports.import_file(geneva, source, ORGANISATION, by="analyst")
    finally:
        os.umask(old)
    kept = tmp_path / "geneva" / "imports" / f"{done.file_sha256}.age"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
