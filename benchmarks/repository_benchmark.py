"""Repository analysis benchmark: the consolidated view and the analysis verbs at scale.

    .venv/bin/python benchmarks/repository_benchmark.py                   # 2,000 interviews
    .venv/bin/python benchmarks/repository_benchmark.py --interviews 200  # a small run
    .venv/bin/python benchmarks/repository_benchmark.py --server "host=/run/postgresql dbname=b"
    .venv/bin/python benchmarks/repository_benchmark.py --throwaway-server  # as the tests

A real repository (SQLCipher, or with `--server` on that empty PostgreSQL database) in
a temporary folder is filled with synthetic record
versions as ingest stores them (`records`, one package per device; the package format
itself is timed by package_benchmark.py): per interview an interviewee, the interview, a
consent, `--answers` answers, an incident at one of 50 facilities naming one of 300
perpetrators in 40 units, and two element tags. Then timed: deriving the consolidated
view from scratch (`rebuild`), lifting the facts the verbs read out of every current body
(`lift`: what ingest does for each package it stores, app/sync/repository/facts.py),
bringing both up to date for one more interview as ingest does (`refresh`), and each
verb: interviews, matrix, gaps + re-interview candidates, corroboration, the units
register, one interview shown with its versions. Peak memory is the process's maximum
resident set, once after the verbs and once at the end (the search index's build
included). With `--no-search` no transcripts are written nor searched. Writes JSON
(default benchmarks/results/repository.json).

Search (app/sync/repository/search.py): each interview also gets a transcript of
`--chars` characters from the corpus of search_quality.py (its planted spellings
included); the first search indexes everything received (`search.index_seconds`; on the
server the tables are then analysed again, as autovacuum does after a bulk load; they are
analysed once before the verbs too), then
each query of search_quality.py's classes runs `--rounds` times (first page: 20
interviews, 3 passages, exact count) and p50/p95 per class are written.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.crypto.kdf import KdfParams
from app.domain import (
    ApproximateDate,
    Consent,
    ConsentMethod,
    ConsentScope,
    ElementTag,
    Facility,
    FacilityType,
    Incident,
    Interview,
    Interviewee,
    KnowledgeSource,
    Person,
    PersonDescriptor,
    PersonRole,
    PlaceRef,
    Precision,
    Record,
    TextValue,
    new_pseudonymous_code,
)
from app.domain.answers import Answer
from app.sync.repository import consolidated, facts, matrix, registers
from app.sync.repository.search import search
from app.sync.repository.store import Repository
from benchmarks.search_benchmark import percentile
from benchmarks.search_quality import QUERIES
from benchmarks.search_quality import corpus as transcripts

KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)
PASSPHRASE = "benchmark 저장소 passphrase, not a secret"
ELEMENTS = ("CAH.7.1.e.1", "CAH.7.1.f.1", "CAH.7.1.k.1", "CAH.7.1.h.1", "CAH.7.1.i.1")
AT = datetime(2024, 5, 1, tzinfo=UTC)


def _interview(rng: random.Random, facilities: list[Facility], answers: int) -> list[Record]:
    stamp = {"created_at": AT, "updated_at": AT}
    witness = Interviewee(code=new_pseudonymous_code(), **stamp)
    interview = Interview(
        interviewee_id=witness.id,
        code=new_pseudonymous_code(),
        interviewer="officer",
        location_kind="resettlement_centre",
        **stamp,
    )
    made: list[Record] = [witness, interview]
    made.append(
        Consent(
            interview_id=interview.id,
            interviewee_id=witness.id,
            granted=frozenset(ConsentScope),
            method=ConsentMethod.ORAL,
            given_at=AT,
            recorded_by="officer",
            **stamp,
        )
    )
    narrative = [
        Answer(
            interview_id=interview.id,
            question_id=f"q.{n}",
            value=TextValue(text="회령 보위부 구류장에서 조사를 받았습니다 " * 20),
            **stamp,
        )
        for n in range(answers)
    ]
    made += narrative
    number = rng.randrange(300)
    person = Person(
        role=PersonRole.PERPETRATOR,
        interview_id=interview.id,
        name=f"가해자{number}",
        descriptor=PersonDescriptor(agency="보위부", unit=f"예심과 {number % 40}"),
        **stamp,
    )
    incident = Incident(
        interview_id=interview.id,
        title="구류장 조사",
        date=ApproximateDate(precision=Precision.YEAR, year=rng.randrange(2005, 2020)),
        place=PlaceRef(text=f"장소 {rng.randrange(30)}"),
        facility_id=rng.choice(facilities).id,
        person_ids=[person.id],
        source=rng.choice(list(KnowledgeSource)),
        **stamp,
    )
    made += [person, incident]
    made += [
        ElementTag(
            interview_id=interview.id,
            element_id=element,
            answer_id=narrative[0].id,
            incident_id=incident.id,
            **stamp,
        )
        for element in rng.sample(ELEMENTS, 2)
    ]
    return made


def _rows(records: list[Record], device: str) -> list[tuple[Any, ...]]:
    rows = []
    for record in records:
        body = record.content_json()
        interview = (
            record.id if isinstance(record, Interview) else getattr(record, "interview_id", None)
        )
        rows.append(
            (
                record.kind,
                str(record.id),
                record.version,
                0,
                body,
                hashlib.sha256(body.encode()).hexdigest(),
                device,
                1,
                None if interview is None else str(interview),
            )
        )
    return rows


def _segments(interview: str, texts: list[str], device: str) -> list[tuple[Any, ...]]:
    """A transcript's segments as `records` rows (kind transcript_segment)."""
    rows = []
    for ordinal, text in enumerate(texts):
        segment = f"{interview}-s{ordinal}"
        body = json.dumps(
            {"id": segment, "interview_id": interview, "ordinal": ordinal, "text": text},
            ensure_ascii=False,
        )
        digest = hashlib.sha256(body.encode()).hexdigest()
        rows.append(("transcript_segment", segment, 1, 0, body, digest, device, 1, interview))
    return rows


def _searches(repository: Repository, rounds: int) -> dict[str, Any]:
    """The first search (which indexes everything), then p50/p95 per class of query. On
    the server the tables just filled are analysed first, as autovacuum would soon: without
    statistics PostgreSQL reads the views by scanning every version of a kind."""
    index_seconds = _timed(lambda: search(repository, "보위부"))
    if repository.store.kind == "postgres":
        repository.connection.execute("ANALYZE")
    classes: dict[str, Any] = {}
    for name, (queries, exact) in QUERIES.items():
        times: list[float] = []
        found: dict[str, int] = {}
        for _round in range(rounds):
            for query in queries:
                start = time.perf_counter()
                found[query] = search(repository, query, exact=exact).total
                times.append(time.perf_counter() - start)
        classes[name] = {
            "p50_ms": round(percentile(times, 0.5) * 1000, 1),
            "p95_ms": round(percentile(times, 0.95) * 1000, 1),
            "interviews_found": found,
        }
    return {"index_seconds": index_seconds, "rounds": rounds, "classes": classes}


CPU: dict[str, float] = {}
"""This process's CPU seconds of each verb (what the wall-clock time would be on an idle
core, the database's own work included on the file store but not on a server)."""


def _timed(action: Callable[[], object], name: str = "") -> float:
    start, cpu = time.perf_counter(), time.process_time()
    action()
    if name:
        CPU[name] = round(time.process_time() - cpu, 4)
    return round(time.perf_counter() - start, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=2000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/repository.json"))
    parser.add_argument("--server", default=None, help="an empty PostgreSQL database (conninfo)")
    parser.add_argument("--chars", type=int, default=12000, help="transcript characters each")
    parser.add_argument("--rounds", type=int, default=5, help="times each search query runs")
    parser.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="time the view and the verbs only (no transcripts, no search)",
    )
    parser.add_argument(
        "--throwaway-server",
        action="store_true",
        help="on a PostgreSQL cluster started in a temporary folder as the tests do",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="keep the repository (and with --throwaway-server its cluster) in this folder; "
        "if it holds one filled already, measure the verbs and searches again on it",
    )
    parser.add_argument(
        "--shared-buffers",
        default="16MB",
        help="the throwaway cluster's shared_buffers (the tests' 16MB by default)",
    )
    args = parser.parse_args()
    if args.throwaway_server:
        from tests import postgres_support

        kept = args.keep / "pg" if args.keep else None
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            args.keep.chmod(0o711)  # the cluster's account reaches its folder inside
        cluster = postgres_support.start(kept, args.shared_buffers)
        os.environ["PGUSER"] = postgres_support.SUPERUSER
        try:
            # a kept repository names its own database (server.conninfo in its folder)
            made = args.keep is not None and (args.keep / FILLED).exists()
            args.server = "kept" if made else cluster.new_database()
            return _measure(args)
        finally:
            postgres_support.stop(cluster, remove=args.keep is None)
    return _measure(args)


FILLED = "filled.json"
"""In a `--keep` folder: what was filled and how long it took; its presence says the
repository there is whole (written last)."""


def _measure(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            args.keep.chmod(0o711)  # the kept cluster's account reaches its folder inside
            folder = args.keep
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if (folder / FILLED).exists():
            repository = Repository.open(folder / "geneva", PASSPHRASE)
            filled = json.loads((folder / FILLED).read_text())
            if [filled["interviews"], filled["chars"]] != [args.interviews, _chars(args)]:
                raise SystemExit(f"{folder} holds another repository: {filled}")
        elif (folder / "geneva").exists():  # a fill stopped after its records were written
            repository = Repository.open(folder / "geneva", PASSPHRASE)
            filled = {**_header(args), "fill_seconds": None, **_derive(repository, args)}
            (folder / FILLED).write_text(json.dumps(filled, indent=2) + "\n")
        else:
            repository, filled = _fill(folder, args)
            if args.keep is not None:
                (folder / FILLED).write_text(json.dumps(filled, indent=2) + "\n")
        return _verbs_and_searches(repository, folder, args, filled)


def _chars(args: argparse.Namespace) -> int:
    return args.chars if args.search else 0


def _fill(folder: Path, args: argparse.Namespace) -> tuple[Repository, dict[str, Any]]:
    """A new repository in `folder`/geneva filled with `args.interviews` interviews, its
    view rebuilt and its facts lifted, then one interview more refreshed as ingest does."""
    rng = random.Random(17)
    texts = transcripts(random.Random(16), args.interviews, args.chars) if args.search else None
    repository = Repository.init(folder / "geneva", PASSPHRASE, kdf_params=KDF, server=args.server)
    facilities = [
        Facility(name=f"시설 {n}", facility_type=FacilityType.KURYUJANG, agency="보위부")
        for n in range(50)
    ]
    start = time.perf_counter()
    with repository.transaction() as connection:
        connection.executemany(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _rows(list(facilities), "dev-0"),
        )
        for n in range(args.interviews):
            made = _interview(rng, facilities, args.answers)
            device = f"dev-{n % args.devices}"
            connection.executemany(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _rows(made, device)
                + (_segments(str(made[1].id), texts[n], device) if texts else []),
            )
    filled = round(time.perf_counter() - start, 2)
    del texts
    return repository, {**_header(args), "fill_seconds": filled, **_derive(repository, args, rng)}


def _header(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "interviews": args.interviews,
        "chars": _chars(args),
        "devices": args.devices,
        "answers_per_interview": args.answers,
    }


def _derive(
    repository: Repository, args: argparse.Namespace, rng: random.Random | None = None
) -> dict[str, Any]:
    """The view rebuilt and the facts lifted from the records written, then one interview
    more refreshed as ingest does."""
    rng = rng or random.Random(18)
    with repository.reading() as connection:
        facilities = [
            Facility.model_validate_json(body)
            for (body,) in connection.execute(
                "SELECT body FROM records WHERE kind = 'facility' AND device_id = 'dev-0'"
            )
        ]
    with repository.transaction() as connection:
        versions = connection.execute("SELECT count(*) FROM records").fetchone()[0]
        rebuild = _timed(lambda: consolidated.rebuild(connection))
        lift = _timed(lambda: facts.lift_all(connection))
        extra = _rows(_interview(rng, facilities, args.answers), "dev-0")
        connection.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", extra)
        refresh = _timed(
            lambda: (
                consolidated.refresh(connection, [(r[0], r[1]) for r in extra]),
                facts.lift(connection, [(r[0], r[1], r[2], r[4]) for r in extra]),
            )
        )
    return {
        "record_versions": versions,
        "rebuild_seconds": rebuild,
        "lift_facts_seconds": lift,
        "refresh_one_interview_seconds": refresh,
        "filled_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _verbs_and_searches(
    repository: Repository, folder: Path, args: argparse.Namespace, filled: dict[str, Any]
) -> int:
    if repository.store.kind == "postgres":  # as autovacuum soon does after a bulk load
        repository.connection.execute("ANALYZE")
    with repository.reading() as connection:
        listed: list[dict[str, Any]] = []
        timings = {
            "interviews": _timed(
                lambda: listed.extend(registers.interviews(connection)), "interviews"
            ),
            "matrix": _timed(lambda: matrix.matrix(connection), "matrix"),
            "gaps_and_reinterview": _timed(
                lambda: matrix.gaps_and_reinterview(connection), "gaps_and_reinterview"
            ),
            "corroboration": _timed(lambda: registers.corroborations(connection), "corroboration"),
            "register_units": _timed(
                lambda: registers.register(connection, "units"), "register_units"
            ),
            "show_one_interview": _timed(
                lambda: registers.show(connection, listed[0]["code"]), "show_one_interview"
            ),
        }
    verbs_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    searched = _searches(repository, args.rounds) if args.search else None
    if searched is not None and args.keep is not None and "index_seconds" not in filled:
        filled["index_seconds"] = searched["index_seconds"]  # the first search's, kept
        (folder / FILLED).write_text(json.dumps(filled, indent=2) + "\n")
    kind = repository.store.kind
    with repository.reading() as connection:
        if kind == "postgres":
            size = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        else:
            size = (folder / "geneva" / "repository.db").stat().st_size
    repository.close()
    result = {
        "store": kind,
        **filled,
        "store_mib": round(size / 2**20, 1),
        "verbs_seconds": timings,
        "verbs_cpu_seconds": CPU,
        "search": searched,
        "peak_rss_after_verbs_mib": round(verbs_rss / 1024, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": [round(n, 2) for n in os.getloadavg()],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
