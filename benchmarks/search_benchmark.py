"""Search benchmark: index build time, database size as a multiple of the text, and the
latency of a top-20 search with snippets, by class of term, on synthetic two-hour
transcripts (about 45,000 Korean characters each) in a real SQLCipher database.

    .venv/bin/python benchmarks/search_benchmark.py                      # 10,000 transcripts
    .venv/bin/python benchmarks/search_benchmark.py --transcripts 1000   # what we measured
    .venv/bin/python benchmarks/search_benchmark.py --quick              # a smoke run
    .venv/bin/python benchmarks/search_benchmark.py --db /big/disk/s.db  # keep the corpus

With `--db`, the database is kept: a later run with the same `--db` skips writing the
corpus and indexes it again (the index build is measured every run), so the index or the
queries can be changed and measured again on the same corpus. The corpus is written by a
child process without `cipher_memory_security` (a process-wide switch that makes bulk
loading many times slower): writing is set-up, not measurement. Indexing and every query
are measured in this process on a connection opened the normal way, memory security on.

Writes JSON (default benchmarks/results/search.json). Target (issue 7): p95 ≤ 100 ms for
every class. The corpus is testimony-like Korean built from word lists with particles,
place and agency names from resources/reference (Korean and romanised), some English.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.crypto.kdf import KdfParams
from app.reference import default_reference
from app.search import index, search
from app.search.index import index_pending, mark_current, optimize, pending_count, requeue_all
from app.store.database import Database
from benchmarks.bulk_load import connect_without_memory_security

PASSPHRASE = "benchmark 봄날 압록강 건너 correct horse battery"
FAST_KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)
SEGMENT_CHARS = 300

QUERIES = {
    "1_syllable": (["강", "밤", "죽", "돈", "매", "총", "옥", "배"], True),
    "2_syllable": (["예심", "구류", "조사", "탈북", "송환", "고문", "국경", "중국"], True),
    "3plus_syllable": (["보위부", "교화소", "집결소", "구류장", "노동단련대", "옥수수죽"], True),
    "variant": (
        ["보위부", "회령", "Hoeryong", "SSD", "bowibu", "kwanliso", "안전부", "온성"],
        False,
    ),
}

TIMES = [
    "그해 봄에",
    "2014년 3월에",
    "밤에",
    "새벽에",
    "겨울에",
    "며칠 뒤에",
    "그 다음 해에",
    "주체 103년에",
    "설 명절 무렵에",
    "석 달 동안",
    "한 달쯤",
]
PEOPLE = [
    "보위원",
    "예심원",
    "계호원",
    "안전원",
    "경비대원",
    "반장",
    "어머니",
    "남동생",
    "친구",
    "중국 사람",
    "브로커",
    "담당 보위지도원",
    "소장",
]
NOUNS = [
    "옥수수",
    "강냉이",
    "죽",
    "쌀",
    "돈",
    "물",
    "옷",
    "신발",
    "밥",
    "소금",
    "약",
    "편지",
    "전화",
    "사진",
    "성경",
    "서류",
    "총",
    "매",
    "배",
    "옥",
    "감방",
    "마루",
    "창문",
    "벽",
]
PARTICLES = ["을", "를", "이", "가", "은", "는", "에", "에서", "으로", "도", "만", "의", "과"]
VERBS = [
    "조사를 받았습니다",
    "맞았습니다",
    "끌려갔습니다",
    "일했습니다",
    "도망쳤습니다",
    "강을 건넜습니다",
    "두만강을 건넜습니다",
    "강제로 북송되었습니다",
    "건강이 나빠졌습니다",
    "고문을 당했습니다",
    "굶었습니다",
    "무릎을 꿇고 앉아 있었습니다",
    "예심을 받았습니다",
    "구류장에 갇혔습니다",
    "교화소로 보내졌습니다",
    "노동단련대에 갔습니다",
    "송환되었습니다",
    "탈북했습니다",
    "국경을 넘었습니다",
    "중국에서 잡혔습니다",
    "집결소에 있었습니다",
    "옥수수죽만 먹었습니다",
    "밤새 서 있었습니다",
    "돈을 주고 나왔습니다",
]
QUESTIONS = [
    "그때 어디에 계셨습니까?",
    "누가 그렇게 했습니까?",
    "얼마나 오래 있었습니까?",
    "그 사람의 계급을 아십니까?",
    "직접 보셨습니까, 아니면 들으셨습니까?",
    "잠깐 쉬었다가 할까요?",
    "그 다음에는 어떻게 되었습니까?",
]
ENGLISH = [
    "The interpreter clarified: State Security officers at the border.",
    "Witness uses the word bowibu for the interrogators.",
    "Interviewer note: Hoeryong, spring, approximately three months.",
    "The MSS agent beat her during pre-trial examination.",
]


def _names() -> tuple[list[str], list[str]]:
    reference = default_reference()
    places = [e.name.ko for e in reference.entries("places") if e.id.startswith("kp.")]
    places += [
        v for e in reference.entries("places") if e.id.startswith("kp.") for v in e.variants
    ][:80]
    agencies = [e.name.ko for e in reference.entries("agencies")]
    agencies += [v for e in reference.entries("agencies") for v in e.variants[:6]]
    return places, agencies


def sentence(rng: random.Random, places: list[str], agencies: list[str]) -> str:
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(QUESTIONS)
    if roll < 0.14:
        return rng.choice(ENGLISH)
    parts = []
    if rng.random() < 0.5:
        parts.append(rng.choice(TIMES))
    if rng.random() < 0.6:
        parts.append(rng.choice(places) + rng.choice(["에서", "으로", "에", " 근처에서", "의"]))
    if rng.random() < 0.5:
        parts.append(rng.choice(agencies) + rng.choice(PARTICLES))
    for _ in range(rng.randint(1, 3)):
        parts.append(rng.choice(PEOPLE + NOUNS) + rng.choice(PARTICLES))
    parts.append(rng.choice(VERBS))
    return " ".join(parts)


def transcript_segments(
    rng: random.Random, chars: int, names: tuple[list[str], list[str]]
) -> list[str]:
    segments, length = [], 0
    while length < chars:
        text = ""
        while len(text) < SEGMENT_CHARS * rng.uniform(0.3, 1.7):
            text += sentence(rng, *names) + " "
        segments.append(text.strip())
        length += len(text)
    return segments


def fill(
    database: Database, transcripts: int, chars: int, rng: random.Random, first: int = 0
) -> dict[str, int]:
    """Interviews with one session each and their transcript, written straight into the
    tables (the triggers queue every segment for indexing, as for the services); numbered
    from `first` (to add to a corpus)."""
    names = _names()
    stamp = datetime.now(UTC).isoformat()
    text_chars = text_bytes = segments = 0
    for number in range(first, first + transcripts):
        interviewee, interview, session = (str(uuid.uuid4()) for _ in range(3))
        rows = []
        for ordinal, text in enumerate(transcript_segments(rng, chars, names)):
            segment = str(uuid.uuid4())
            body = json.dumps(
                {
                    "created_at": stamp,
                    "id": segment,
                    "interview_id": interview,
                    "language": "ko",
                    "offset_seconds": None,
                    "ordinal": ordinal,
                    "session_id": session,
                    "speaker": "interviewee" if ordinal % 2 else "interviewer",
                    "text": text,
                    "updated_at": stamp,
                    "version": 1,
                },
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            )
            rows.append((segment, stamp, stamp, body, interview, session, ordinal, text))
            text_chars += len(text)
            text_bytes += len(text.encode("utf-8"))
        segments += len(rows)
        with database.transaction() as connection:
            connection.execute(
                "INSERT INTO interviewees (id, version, created_at, updated_at, body, code) "
                "VALUES (?, 1, ?, ?, '{}', ?)",
                (interviewee, stamp, stamp, f"SLK-B{number:07d}"),
            )
            connection.execute(
                "INSERT INTO interviews (id, version, created_at, updated_at, body, interviewee_id,"
                " code, status) VALUES (?, 1, ?, ?, '{}', ?, ?, 'closed')",
                (interview, stamp, stamp, interviewee, f"SLK-I{number:07d}"),
            )
            connection.execute(
                "INSERT INTO sessions (id, version, created_at, updated_at, body, interview_id, "
                "number) VALUES (?, 1, ?, ?, '{}', ?, 1)",
                (session, stamp, stamp, interview),
            )
            connection.executemany(
                "INSERT INTO transcript_segments (id, version, created_at, updated_at, body, "
                "interview_id, session_id, ordinal, text) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        if number % 100 == 99:
            print(f"  written {number + 1}/{first + transcripts}", file=sys.stderr, flush=True)
    return {"text_chars": text_chars, "text_bytes_utf8": text_bytes, "segments": segments}


def used_bytes(database: Database) -> int:
    """Bytes of the pages in use (the file less its free pages), after a checkpoint: the
    same whether the index was just emptied in a kept database or never built."""
    with database.reading() as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
    return int(size * (pages - free))


def build_index(database: Database) -> float:
    """Index everything queued, in transactions of about 20,000 records (as `sillok search
    --rebuild` would in one), merge the indexes' segments, and mark the index current."""
    started = time.perf_counter()
    while True:
        with database.transaction() as connection:
            if index_pending(connection, limit=20000) == 0:
                optimize(connection)  # as `rebuild` does: one segment per index
                mark_current(connection)
                break
            left = pending_count(connection)
        print(f"  indexing, {left} records left", file=sys.stderr, flush=True)
    return time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure(database: Database, rounds: int) -> dict[str, object]:
    with database.reading() as connection:
        assert index.names_current(connection) and pending_count(connection) == 0
    results: dict[str, object] = {}
    for name, (terms, exact) in QUERIES.items():
        for term in terms:  # warm-up: the reference index, the page cache
            search(database, term, exact=exact)
        times, hits, totals = [], [], []
        per_term: dict[str, list[float]] = {}
        for _ in range(rounds):
            for term in terms:
                started = time.perf_counter()
                found = search(database, term, exact=exact, limit=20)
                elapsed = (time.perf_counter() - started) * 1000
                times.append(elapsed)
                per_term.setdefault(term, []).append(elapsed)
                hits.append(len(found.hits))
                totals.append(found.total)
        results[name] = {
            "queries": len(times),
            "terms": terms,
            "exact": exact,
            "p50_ms": round(percentile(times, 0.5), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "max_ms": round(max(times), 2),
            "mean_hits": round(statistics.mean(hits), 1),
            "mean_interviews_matched": round(statistics.mean(totals), 1),
            "p95_ms_by_term": {t: round(percentile(v, 0.95), 2) for t, v in per_term.items()},
        }
    return results


def _fill_child(path: str, database_id: str, transcripts: int, chars: int, seed: int) -> int:
    key = bytes.fromhex(sys.stdin.read().strip())
    connection = connect_without_memory_security(Path(path), key)
    database = Database(Path(path), connection, database_id, key)
    try:
        corpus = fill(database, transcripts, chars, random.Random(seed))
    finally:
        database.close()
    print(json.dumps(corpus))
    return 0


def _corpus(database: Database, args: argparse.Namespace) -> tuple[dict[str, int], float]:
    """Write the corpus from a child process; its figures and the seconds it took."""
    started = time.perf_counter()
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--fill-child",
            str(database.path),
            database.database_id,
            str(args.transcripts),
            str(args.chars),
            str(args.seed),
        ],
        input=database.key.hex(),
        capture_output=True,
        text=True,
        check=True,
    )
    corpus: dict[str, int] = json.loads(child.stdout)
    return corpus, time.perf_counter() - started


def _kept_corpus(database: Database, args: argparse.Namespace) -> dict[str, int]:
    """The figures of a corpus written by an earlier run (kept next to the database)."""
    saved = json.loads(database.path.with_suffix(".corpus.json").read_text(encoding="utf-8"))
    if (saved["transcripts"], saved["chars"], saved["seed"]) != (
        args.transcripts,
        args.chars,
        args.seed,
    ):
        raise SystemExit(f"{database.path} holds another corpus: {saved}")
    corpus: dict[str, int] = saved["corpus"]
    return corpus


def main() -> int:
    if sys.argv[1:2] == ["--fill-child"]:
        path, database_id, transcripts, chars, seed = sys.argv[2:]
        return _fill_child(path, database_id, int(transcripts), int(chars), int(seed))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transcripts", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=45_000, help="characters per transcript")
    parser.add_argument("--rounds", type=int, default=5, help="times each term is searched")
    parser.add_argument("--quick", action="store_true", help="3 small transcripts, 1 round")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/search.json"))
    parser.add_argument("--workdir", type=Path, default=None, help="where the database goes")
    parser.add_argument("--db", type=Path, default=None, help="keep the database here")
    args = parser.parse_args()
    if args.quick:
        args.transcripts, args.chars, args.rounds = 3, 3000, 1
    work = None if args.db else Path(tempfile.mkdtemp(prefix="sillok-search-", dir=args.workdir))
    path = args.db or work / "db" / "search.db"  # type: ignore[operator]
    try:
        fill_seconds = None
        if path.exists():
            database = Database.open(path, PASSPHRASE)
            corpus = _kept_corpus(database, args)
        else:
            database = Database.create(path, PASSPHRASE, FAST_KDF)
            corpus, fill_seconds = _corpus(database, args)
            if args.db:
                path.with_suffix(".corpus.json").write_text(
                    json.dumps(
                        {
                            "transcripts": args.transcripts,
                            "chars": args.chars,
                            "seed": args.seed,
                            "corpus": corpus,
                        }
                    ),
                    encoding="utf-8",
                )
        try:
            with database.transaction() as connection:
                requeue_all(connection)
            before = used_bytes(database)
            index_seconds = build_index(database)
            after = used_bytes(database)
            latency = measure(database, args.rounds)
        finally:
            database.close()
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_end": os.getloadavg(),
        },
        "corpus": {"transcripts": args.transcripts, "chars_per_transcript": args.chars, **corpus},
        "fill_seconds": None if fill_seconds is None else round(fill_seconds, 3),
        "index_build_seconds": round(index_seconds, 3),
        "index_chars_per_second": round(corpus["text_chars"] / max(index_seconds, 1e-9)),
        "db_bytes_without_index": before,
        "db_bytes_with_index": after,
        "db_size_multiple_of_text": round(after / corpus["text_bytes_utf8"], 2),
        "index_size_multiple_of_text": round((after - before) / corpus["text_bytes_utf8"], 2),
        "latency_top20_with_snippets": latency,
        "target_p95_ms": 100,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
