"""Search across all testimony in the repository (issues 16 and 17): the laptop's engine
over the consolidated view, on the SQLCipher file and on PostgreSQL, giving for every
class of query exactly what the laptop gives on the same testimony (interviews, their
order, counts, passages, the total, pages); kept up to date by ingest; identity records
never searched; on the server every read in the access log and the intake officer
refused."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.domain import Consent, TextValue
from app.search import by_interview
from app.search import search as laptop_search
from app.search.backend import backend_of
from app.search.engine import Results
from app.search.engine import search as engine_search
from app.store import records as laptop_records
from app.store.connection import DatabaseError
from app.store.database import Database
from app.sync.repository import check, consolidated, imports
from app.sync.repository.check import SearchIndexDrift
from app.sync.repository.search import Source, search
from app.sync.repository.search_check import NOT_INDEXED
from app.sync.repository.search_index import Indexed
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.integration.test_search import EXPECTED, SEGMENTS
from tests.integration.test_search_by_interview import QUERIES, corpus
from tests.integration.test_search_plaintext import _keys, _leaks, _needles
from tests.repository_support import (
    GOOD,
    ORGANISATION,
    drop_schema_5,
    interview,
    laptop,
    schema_version,
    ship,
    write_csv,
)
from tests.support import FAST_KDF, PASSPHRASE
from tests.sync_support import GENEVA_PASSPHRASE, new_repository

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""

STAMP = "2026-01-05T10:00:00+00:00"
FILLER = ["사람", "마을", "시장", "가족", "겨울", "기차", "학교", "공장", "바다", "나무"]
LONG = " ".join([*(FILLER[n % 10] for n in range(248)), "동안 조사를 받았다", *FILLER * 30])
"""A passage of about 550 keys whose phrase "동안 조사를" lies at keys 248-250: across the
end of the first piece of keys the server stores (search_tsquery.PIECE = 250)."""
MORE = [('"동안 조사를"', True), ("동안", True)]


def _record(kind: str, record_id: str, body: dict[str, Any]) -> tuple[str, str, str]:
    return kind, record_id, json.dumps(body, ensure_ascii=False)


def make_testimony(transcripts: list[list[str]]) -> list[list[tuple[str, str, str]]]:
    """Each interview's records (kind, id, body) as a laptop writes them, ids in the
    order written (the repository receives them in that order)."""
    out = []
    for number, texts in enumerate(transcripts):
        interview_id = f"{number:08d}-0000-4000-8000-000000000000"
        interviewee_id = f"{number:08d}-0000-4000-8000-000000000001"
        session_id = f"{number:08d}-0000-4000-8000-000000000002"
        records = [
            _record("interviewee", interviewee_id, {"id": interviewee_id, "code": f"P{number}"}),
            _record(
                "interview",
                interview_id,
                {"id": interview_id, "interviewee_id": interviewee_id, "code": f"I{number:05d}"},
            ),
            _record(
                "session", session_id, {"id": session_id, "interview_id": interview_id, "number": 1}
            ),
        ]
        for ordinal, text in enumerate(texts):
            segment = f"{number:08d}-{ordinal:04d}-4000-8000-000000000003"
            records.append(
                _record(
                    "transcript_segment",
                    segment,
                    {
                        "id": segment,
                        "interview_id": interview_id,
                        "session_id": session_id,
                        "ordinal": ordinal,
                        "text": text,
                    },
                )
            )
        out.append(records)
    return out


def on_laptop(path: Path, interviews: list[list[tuple[str, str, str]]]) -> Database:
    database = Database.create(path, PASSPHRASE, FAST_KDF)
    with database.transaction() as connection:
        for records in interviews:
            for kind, record_id, body in records:
                parsed = json.loads(body)
                if kind == "interviewee":
                    connection.execute(
                        "INSERT INTO interviewees (id, version, created_at, updated_at, body, "
                        "code) VALUES (?, 1, ?, ?, ?, ?)",
                        (record_id, STAMP, STAMP, body, parsed["code"]),
                    )
                elif kind == "interview":
                    connection.execute(
                        "INSERT INTO interviews (id, version, created_at, updated_at, body, "
                        "interviewee_id, code, status) VALUES (?, 1, ?, ?, ?, ?, ?, 'closed')",
                        (record_id, STAMP, STAMP, body, parsed["interviewee_id"], parsed["code"]),
                    )
                elif kind == "session":
                    connection.execute(
                        "INSERT INTO sessions (id, version, created_at, updated_at, body, "
                        "interview_id, number) VALUES (?, 1, ?, ?, ?, ?, 1)",
                        (record_id, STAMP, STAMP, body, parsed["interview_id"]),
                    )
                else:
                    connection.execute(
                        "INSERT INTO transcript_segments (id, version, created_at, updated_at, "
                        "body, interview_id, session_id, ordinal, text) "
                        "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            record_id,
                            STAMP,
                            STAMP,
                            body,
                            parsed["interview_id"],
                            parsed["session_id"],
                            parsed["ordinal"],
                            parsed["text"],
                        ),
                    )
    return database


def received(geneva: Repository, interviews: list[list[tuple[str, str, str]]]) -> None:
    """The records as ingest keeps them: each interview one package of one device, the
    consolidated view refreshed in the same transaction (consolidated.refresh)."""
    for sequence, records in enumerate(interviews, start=1):
        with geneva.transaction() as connection:
            for kind, record_id, body in records:
                interview_id = json.loads(body).get("interview_id")
                if kind == "interview":
                    interview_id = record_id
                connection.execute(
                    "INSERT INTO records VALUES (?, ?, 1, 0, ?, ?, 'device-a', ?, ?)",
                    (
                        kind,
                        record_id,
                        body,
                        hashlib.sha256(body.encode()).hexdigest(),
                        sequence,
                        interview_id,
                    ),
                )
            consolidated.refresh(connection, [(kind, record_id) for kind, record_id, _ in records])


@pytest.fixture
def both(tmp_path: Path) -> Iterator[tuple[Database, Repository]]:
    # the keys of 교화소 and of 보위부, each in one record but not in a row: found by neither
    apart = ["교화 사업과 화소 문제", "정보위 위부대에서", "ＭＳＳ 와 the mss-officer", LONG]
    made = make_testimony([*corpus(16, 30), apart])
    database = on_laptop(tmp_path / "laptop.db", made)
    geneva = new_repository(tmp_path / "geneva")
    received(geneva, made)
    yield database, geneva
    geneva.close()
    database.close()


def shown(results: Results) -> list[tuple[str | None, int, list[str], list[str]]]:
    return [
        (
            group.interview_code,
            group.count,
            [hit.target for hit in group.hits],
            [hit.snippet for hit in group.hits],
        )
        for group in results.groups
    ]


def test_every_class_of_query_finds_what_the_laptop_finds(
    both: tuple[Database, Repository],
) -> None:
    """Planted spellings, particles, NFD, full-width, one and two syllables, quoted
    phrases, OR, minus and NOT, several words: the same interviews in the same order,
    counts, passages and snippets, and the same exact total."""
    database, geneva = both
    for text, exact in [*QUERIES, *MORE]:
        mine = search(geneva, text, exact=exact, limit=1000, passages=0)
        theirs = laptop_search(database, text, exact=exact, limit=1000, passages=0)
        assert mine.total == theirs.total == len(mine.groups), text
        assert shown(mine) == shown(theirs), text
        assert mine.searched == theirs.searched, text
    assert search(geneva, "bowibu").total > 0 and search(geneva, '"동안 조사를"').total == 1


def test_imported_records_are_searched(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    cases = write_csv(tmp_path / "cases.csv", [GOOD])
    assert imports.import_file(geneva, cases, ORGANISATION, by="intake").accepted
    found = search(geneva, "구류장에서")  # the interview's narrative and its facility
    assert found.total == 2
    assert sorted(group.interview_id is None for group in found.groups) == [False, True]
    assert {hit.kind for hit in found.hits} >= {"facility"}
    assert search(geneva, "Hoeryong").total == 2  # a spelling of 회령, in both
    geneva.close()


def test_pages_and_newest_first_as_on_the_laptop(both: tuple[Database, Repository]) -> None:
    database, geneva = both
    for text in ("강", "보위부", "교화소 OR 관리소"):
        every = search(geneva, text, limit=1000)
        seen: list[str | None] = []
        for offset in range(0, every.total + 4, 4):
            page = search(geneva, text, limit=4, offset=offset)
            assert page.total == every.total and page.offset == offset
            assert shown(page) == shown(laptop_search(database, text, limit=4, offset=offset))
            seen.extend(group.interview_code for group in page.groups)
        assert seen == [group.interview_code for group in every.groups]
        newest = search(geneva, text, limit=1000, newest_first=True)
        assert shown(newest) == shown(laptop_search(database, text, limit=1000, newest_first=True))


def test_shipped_testimony_is_searched_and_old_versions_are_not(tmp_path: Path) -> None:
    """Through real packages: an answer, an incident and a transcript-less interview are
    found after ingest; a new version of the answer replaces the old words at once; a
    deleted incident is gone; the witness's identity is never searched."""
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul, identity={"real_name": "김옥순", "hometown": "청진"})
    ship(seoul, geneva)
    code = made["interview"].code
    assert [g.interview_code for g in search(geneva, "조사를").groups] == [code]
    assert search(geneva, "구류장").groups[0].hits[0].kind == "incident"
    assert search(geneva, "김옥순").total == search(geneva, "청진").total == 0
    seoul.services.answers.save(
        made["interview"].id, "q.narrative.0", TextValue(text="석 달 동안 갇혀 있었습니다")
    )
    seoul.services.incidents.delete(made["incident"])
    ship(seoul, geneva)
    assert search(geneva, "조사를").total == 0
    assert search(geneva, "구류장").total == 0
    found = search(geneva, "갇혀")
    assert [g.interview_code for g in found.groups] == [code]
    assert found.hits[0].target == f"answer:{made['answer'].id}"
    with geneva.transaction() as connection:  # the view made again from the evidence
        consolidated.rebuild(connection)
    assert [g.interview_code for g in search(geneva, "갇혀").groups] == [code]
    geneva.close()
    seoul.database.close()


def test_a_store_of_schema_version_4_gets_its_index_when_opened(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    received(geneva, make_testimony([["보위부에서 조사를 받았습니다"], ["강을 건넜습니다"]]))
    drop_schema_5(geneva)
    geneva.close()
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        assert schema_version(reopened) == SCHEMA_VERSION
        assert [g.interview_code for g in search(reopened, "보위부").groups] == ["I00000"]
        assert [g.interview_code for g in search(reopened, "강").groups] == ["I00001"]


def _cli(geneva: Repository, *args: str) -> list[str]:
    secret = geneva.folder.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    return ["repository", "search", *args, "--repo", str(geneva.folder), "--passphrase-file",
            str(secret)]  # fmt: skip


def test_the_command_line_prints_pages_and_json(
    both: tuple[Database, Repository], capsys: pytest.CaptureFixture[str]
) -> None:
    _database, geneva = both
    every = search(geneva, "보위부", limit=1000)
    assert main(_cli(geneva, "보위부", "--limit", "2", "--offset", "1")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Searched for: ") and "bowibu" in out.splitlines()[0]
    codes = [g.interview_code for g in every.groups]
    assert f"{codes[1]}  (" in out and f"{codes[2]}  (" in out and f"{codes[0]}  (" not in out
    assert f"2–3 of {every.total} interviews" in out and "Next page: --offset 3" in out
    assert main(_cli(geneva, "보위부에서", "--json", "--limit", "1000", "--newest")) == 0
    shown_json = json.loads(capsys.readouterr().out)
    newest = search(geneva, "보위부에서", limit=1000, newest_first=True)
    assert shown_json["total"] == newest.total and shown_json["newest_first"] is True
    assert [i["interview_code"] for i in shown_json["interviews"]] == [
        g.interview_code for g in newest.groups
    ]
    first = shown_json["interviews"][0]["hits"][0]
    assert first["target"] == newest.groups[0].hits[0].target and first["snippet"]
    assert main(_cli(geneva, "보위부", "--limit", "0")) == 41
    assert "--limit" in capsys.readouterr().err
    assert main(_cli(geneva, "NEAR(보위부 구류장)")) == 40


def test_a_closed_pipe_ends_quietly(both: tuple[Database, Repository]) -> None:
    """`sillok repository search … | head -1`: the reader is gone before the results."""
    _database, geneva = both
    search(geneva, "강")  # indexed: nothing on stderr
    reader, writer = os.pipe()
    os.close(reader)
    environment = {"SILLOK_LANGUAGE": "en", "PATH": "/usr/bin:/bin"}
    if "PGUSER" in os.environ:
        environment["PGUSER"] = os.environ["PGUSER"]
    try:
        run = subprocess.run(
            [sys.executable, "-m", "app", *_cli(geneva, "보위부", "--passages", "0")],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=environment,
            cwd=Path(__file__).resolve().parents[2],
            check=False,
        )
    finally:
        os.close(writer)
    assert run.stderr == ""
    assert run.returncode == 0


def test_no_plaintext_index_or_text_beside_the_file_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repository_backend: str
) -> None:
    """The file store's index is inside its encrypted file: neither the texts, nor the
    searched words, nor the index keys appear in any file of the repository folder or of
    the temporary folder. (On the server the store is PostgreSQL's, as the testimony.)"""
    if repository_backend != "sqlcipher":
        pytest.skip("the file store only")
    temp = tmp_path / "temp"
    temp.mkdir()
    for variable in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(variable, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    geneva = new_repository(tmp_path / "geneva")
    received(geneva, make_testimony([[text] for text in SEGMENTS.values()]))
    for query, exact, _expected in EXPECTED:
        search(geneva, query, exact=exact, passages=0)
    assert search(geneva, "보위부").total > 0
    needles = _needles()
    assert _leaks(geneva.folder, needles) == [] and _leaks(temp, needles) == []
    assert _leaks(geneva.folder, _keys(), ("utf-8",)) == []
    geneva.close()
    assert _leaks(geneva.folder, needles) == [] and list(temp.iterdir()) == []


def test_the_check_compares_the_index_with_the_view_on_either_store(tmp_path: Path) -> None:
    """A record taken out of the index and its queue (as a damaged index would have it)
    is named by `repository check` (exit 85 at the command line) and queued again and
    indexed by `--repair`; a record with no text is no finding."""
    geneva = new_repository(tmp_path / "geneva")
    received(geneva, make_testimony([["보위부에서 조사를 받았습니다"], ["강을 건넜습니다"]]))
    assert search(geneva, "강").total == 1
    assert check.check(geneva).index.drift == []
    with Source(geneva).transaction() as connection:
        doc, kind, record_id = connection.execute(
            "SELECT doc, kind, record_id FROM search_docs ORDER BY doc DESC"
        ).fetchone()
        backend_of(connection).remove(connection, "search_fts", [doc])
        connection.execute("DELETE FROM search_docs WHERE doc = ?", (doc,))
    assert search(geneva, "강").total == 0  # out of everyone's searches
    (drift,) = check.check(geneva).index.drift
    assert (drift.kind, drift.record_id, drift.detail) == (kind, record_id, NOT_INDEXED)
    with pytest.raises(SearchIndexDrift):
        check.check(geneva).raise_if_failed()
    assert [item.record_id for item in check.check(geneva, repair=True).index.repaired] == [
        record_id
    ]
    assert check.check(geneva).index.drift == []
    assert search(geneva, "강").total == 1
    geneva.close()


def test_a_deleted_interview_is_not_found_though_its_records_are_still_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review T1: a deletion of the interview record alone (a package whose laptop let it
    go, or an import) left its answers and incidents current; they were found, counted
    and logged as shown, under no code. A laptop cannot send that (its interviews are
    referenced by their records: an interview goes only after them), so the package is
    made here with the laptop's check of references off."""
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    kept, gone = interview(seoul), interview(seoul)
    ship(seoul, geneva)
    assert search(geneva, "조사를").total == 2
    seoul.database.connection.execute("PRAGMA foreign_keys = OFF")
    seoul.services.interviews.delete(gone["interview"])
    seoul.database.connection.execute("PRAGMA foreign_keys = ON")
    ship(seoul, geneva)
    with geneva.reading() as connection:  # its records are still current
        held = {r.id for r in consolidated.current(connection, "incident")}
    assert str(gone["incident"].id) in held
    code = kept["interview"].code
    for query in ("조사를", "구류장"):
        found = search(geneva, query)
        assert (found.total, [g.interview_code for g in found.groups]) == (1, [code]), query
        every = engine_search(Source(geneva), query, by_interview=False)
        assert (every.total, [g.interview_code for g in every.groups]) == (1, [code]), query
    assert main(_cli(geneva, "조사를")) == 0
    out = capsys.readouterr().out
    assert str(gone["answer"].id) not in out and "1–1 of 1 interview" in out
    if geneva.store.kind == "postgres":  # nothing of it logged as shown
        with geneva.reading() as connection:
            shown = [
                str(row[0])
                for row in connection.execute("SELECT detail FROM access_log WHERE what = 'search'")
            ]
        assert shown and all(
            str(gone["answer"].id) not in line and str(gone["incident"].id) not in line
            for line in shown
        )
    geneva.close()
    seoul.database.close()


def test_the_interviews_are_counted_from_the_current_records_not_through_the_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How many interviews the repository holds (each term's rarity among them) is counted
    from `current_records`, not through the view `interviews`, which joins every one with
    its version in `records` (10.7 ms against 2.1 on the server at 10,000 interviews): the
    same number, an interview whose record alone was deleted (review T1) not counted."""
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    interview(seoul)
    gone = interview(seoul)
    interview(seoul)
    ship(seoul, geneva)
    seoul.database.connection.execute("PRAGMA foreign_keys = OFF")
    seoul.services.interviews.delete(gone["interview"])
    seoul.database.connection.execute("PRAGMA foreign_keys = ON")
    ship(seoul, geneva)
    sent: list[str] = []
    real = Indexed.execute
    monkeypatch.setattr(
        Indexed,
        "execute",
        lambda self, sql, params=(): (sent.append(sql), real(self, sql, params))[1],
    )
    by_interview._KEPT.clear()
    assert search(geneva, "조사를").total == 2
    assert not [sql for sql in sent if "count(*) FROM interviews" in sql]
    backend = Source(geneva).backend
    with geneva.reading() as connection:
        (through_view,) = connection.execute("SELECT count(*) FROM interviews").fetchone()
        (counted,) = connection.execute(backend.interviews_sql).fetchone()
        docs = by_interview.GroupDocs(Indexed(connection, backend))  # type: ignore[arg-type]
        assert counted == through_view == docs.interviews() == 2
    geneva.close()
    seoul.database.close()


def test_a_laptop_never_sends_the_deletion_of_an_interview(tmp_path: Path) -> None:
    """What the laptop sends when an interview is deleted (review T1): nothing, since it
    cannot delete one. Its records refer to it, and once they are gone the derived
    `interview_stats` row still does (no interview is ever deleted on a laptop today: no
    screen offers it). The deletions of its records travel; the interview stays."""
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul)
    ship(seoul, geneva)
    with pytest.raises(DatabaseError, match="FOREIGN KEY"):  # its records refer to it
        seoul.services.interviews.delete(made["interview"])
    services = seoul.services
    services.tags.delete(made["tag"])
    services.incidents.delete(made["incident"])
    services.answers.delete(made["answer"])
    with seoul.database.reading() as connection:
        interview_id = made["interview"].id
        (consent,) = laptop_records.find(connection, Consent, {"interview_id": interview_id})
    services.consents.delete(consent)
    with pytest.raises(DatabaseError, match="FOREIGN KEY"):  # interview_stats refers to it
        services.interviews.delete(made["interview"])
    ship(seoul, geneva)
    with geneva.reading() as connection:
        held = [
            row[0]
            for row in connection.execute(
                "SELECT kind FROM current_records WHERE interview_id = ? AND deleted = 0",
                (str(interview_id),),
            )
        ]
    assert held == ["interview"]
    assert search(geneva, "조사를").total == search(geneva, "구류장").total == 0
    geneva.close()
    seoul.database.close()


def test_the_interviews_of_the_index_are_read_once_per_state_of_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search's list of the interviews (ids and the order they came in: a row per
    interview, 14 ms at 10,000) is read again only when something was written (as on the
    laptop; on the server by its own stamp, search_stamps.py); an interview received
    since is then found, counted and ranked; forgotten when the store closes."""
    made = make_testimony([["강을 건넜습니다"], ["강에서 헤엄쳤습니다"], ["강을 따라 걸었습니다"]])
    geneva = new_repository(tmp_path / "geneva")
    received(geneva, made[:2])
    read: list[int] = []
    backend = type(Source(geneva).backend)
    real = backend.groups
    monkeypatch.setattr(
        backend, "groups", lambda self, connection: (read.append(1), real(self, connection))[1]
    )
    counted: list[str] = []
    if geneva.store.kind == "sqlcipher":
        geneva.connection.set_trace_callback(counted.append)  # type: ignore[attr-defined]
    assert search(geneva, "강", exact=True).total == 2
    assert search(geneva, "강", exact=True, newest_first=True).total == 2
    assert len(read) == 1
    if geneva.store.kind == "sqlcipher":  # and how many interviews it holds, with them
        geneva.connection.set_trace_callback(None)  # type: ignore[attr-defined]
        assert counted.count(Source(geneva).backend.interviews_sql) == 1
    with geneva.transaction() as connection:
        for kind, record_id, body in made[2]:
            interview_id = (
                record_id if kind == "interview" else json.loads(body).get("interview_id")
            )
            connection.execute(
                "INSERT INTO records VALUES (?, ?, 1, 0, ?, ?, 'device-a', 3, ?)",
                (kind, record_id, body, hashlib.sha256(body.encode()).hexdigest(), interview_id),
            )
        consolidated.refresh(connection, [(kind, record_id) for kind, record_id, _ in made[2]])
    newest = search(geneva, "강", exact=True, newest_first=True)
    assert newest.total == 3 and newest.groups[0].interview_code == "I00002"
    assert len(read) == 2
    assert any(entry[0] is geneva.connection for entry in by_interview._KEPT)
    geneva.close()  # and forgotten when the store closes
    assert not any(entry[0] is geneva.connection for entry in by_interview._KEPT)
