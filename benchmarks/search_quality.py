"""Search quality and first-page latency on a generated corpus with planted spellings
(issue 16): recall and precision per class of query at the interview level, against a
truth computed here from the texts themselves, and p50/p95 of the first page (20
interviews, 3 passages each, with the exact count of matching interviews).

    .venv/bin/python benchmarks/search_quality.py --interviews 400 --chars 12000
    .venv/bin/python benchmarks/search_quality.py --quick            # a smoke run
    .venv/bin/python benchmarks/search_quality.py --interviews 10000 --chars 45000 --compare

The corpus is written by a child process without `cipher_memory_security` (set-up, not
measurement; see benchmarks/bulk_load.py); the index is built and every query measured
here, memory security on. `--compare` also runs each query the way searches ran before
the interview-level index (counting and ranking from every matching passage) on the same
corpus in the same run: the same interviews and count, and its latency.

The corpus is the testimony-like Korean of search_benchmark.py, and in about one
interview in eight each of: a spelling of State Security (국가보위성, bowibu, MSS, SSD…),
of Hoeryong (회령시, Hoeryŏng…), of political prison camps (관리소, kwanliso…), a
passage in decomposed Hangul (NFD), full-width Latin (ＭＳＳ), particles on names.

The truth of a query, per interview (texts NFC and full-width folded, as a reader sees
them): one syllable: the syllable alone or with a particle; two or more syllables:
anywhere (substring); a word in another script: at the start of a word, any case; variant
mode: the union over the entity's spellings (Hangul names at the start of a word, names in
other scripts as whole words, acronyms in capitals); several words: all of them in the
interview. Writes JSON (default benchmarks/results/search_quality.json).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.search import search
from app.search.index import pending_count
from app.search.korean import PARTICLES, normalise
from app.search.query import parse_query
from app.store.database import Database
from benchmarks.bulk_load import connect_without_memory_security
from benchmarks.search_benchmark import FAST_KDF, PASSPHRASE, _names, build_index, percentile
from benchmarks.search_benchmark import transcript_segments as generated

HANGUL = "\uac00-\ud7a3"
PLANTED = [
    "국가보위성 반탐과에서 조사를 받았습니다",
    "bowibu 사람들이 왔습니다",
    "The MSS officer beat me",
    "SSD에서 일하던 사람이 말했습니다",
    "보위부에서 석 달 있었습니다",
    "회령시 근처에서 잡혔습니다",
    "I was held in Hoeryŏng for a month",
    "Hoeryong에서 살았습니다",
    "요덕 관리소로 끌려갔다는 소문",
    "kwanliso에 간 삼촌",
    unicodedata.normalize("NFD", "구류장에서 예심을 받았습니다"),
    "ＭＳＳ ａｇｅｎｔｓ 이 왔습니다",
    "집결소로 넘겨졌습니다",
]
QUERIES: dict[str, tuple[list[str], bool]] = {
    "1_syllable": (["강", "밤", "죽", "매"], True),
    "2_syllable": (["예심", "구류", "송환", "국경"], True),
    "3plus_syllable": (["교화소", "집결소", "구류장", "노동단련대"], True),
    "latin": (["beat", "interpreter", "witness"], True),
    "variant_agency": (["보위부", "bowibu", "SSD", "안전부"], False),
    "variant_place": (["회령", "Hoeryong", "온성"], False),
    "variant_facility": (["관리소", "kwanliso"], False),
    "particles": (["보위부에서", "집결소로", "회령에서", "MSS에서"], False),
    "nfd_query": ([unicodedata.normalize("NFD", "구류장")], True),
    "fullwidth": (["ＭＳＳ", "ａｇｅｎｔｓ"], True),
    "multi_word": (["보위부 집결소", "회령 교화소", "예심 구류장"], False),
}
_TAIL = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")?"


def corpus(rng: random.Random, interviews: int, chars: int) -> list[list[str]]:
    names = _names()
    out = []
    for _ in range(interviews):
        segments = generated(rng, chars, names)
        for planted in PLANTED:
            if rng.random() < 0.125:
                segments.insert(rng.randrange(len(segments) + 1), planted)
        out.append(segments)
    return out


def write(database: Database, transcripts: list[list[str]]) -> list[str]:
    """The interviews, oldest first, straight into the tables (the triggers queue them)."""
    stamp = datetime.now(UTC).isoformat()
    ids = []
    with database.transaction() as connection:
        for number, texts in enumerate(transcripts):
            person, interview, session = (str(uuid.uuid4()) for _ in range(3))
            connection.execute(
                "INSERT INTO interviewees (id, version, created_at, updated_at, body, code) "
                "VALUES (?, 1, ?, ?, '{}', ?)",
                (person, stamp, stamp, f"SLK-Q{number:07d}"),
            )
            connection.execute(
                "INSERT INTO interviews (id, version, created_at, updated_at, body, "
                "interviewee_id, code, status) VALUES (?, 1, ?, ?, '{}', ?, ?, 'closed')",
                (interview, stamp, stamp, person, f"SLK-Q{number:07d}"),
            )
            connection.execute(
                "INSERT INTO sessions (id, version, created_at, updated_at, body, "
                "interview_id, number) VALUES (?, 1, ?, ?, '{}', ?, 1)",
                (session, stamp, stamp, interview),
            )
            rows = []
            for ordinal, text in enumerate(texts):
                segment = str(uuid.uuid4())
                body = json.dumps(
                    {"id": segment, "interview_id": interview, "session_id": session,
                     "ordinal": ordinal, "speaker": "interviewee", "text": text,
                     "language": "ko", "version": 1, "created_at": stamp,
                     "updated_at": stamp, "offset_seconds": None},
                    ensure_ascii=False,
                )  # fmt: skip
                rows.append((segment, stamp, stamp, body, interview, session, ordinal, text))
            connection.executemany(
                "INSERT INTO transcript_segments (id, version, created_at, updated_at, body, "
                "interview_id, session_id, ordinal, text) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            ids.append(interview)
    return ids


def _pattern(text: str, typed: bool) -> tuple[re.Pattern[str], bool]:
    """(pattern, case-sensitive) of one spelling, by the rules the truth follows."""
    words = re.findall(f"[{HANGUL}]+|[^\\W_{HANGUL}]+", text)
    if all(re.fullmatch(f"[{HANGUL}]+", w) for w in words):
        if len(words) == 1 and len(words[0]) == 1:
            return re.compile(f"(?<![{HANGUL}]){words[0]}{_TAIL}(?![{HANGUL}])"), False
        start = "" if typed and len(words[0]) > 1 else f"(?<![{HANGUL}])"
        return re.compile(start + r"\s*".join(map(re.escape, words))), False
    acronym = len(words) == 1 and sum(c.isupper() for c in words[0]) >= 2 and not typed
    body = r"[\W_]*".join(re.escape(w if acronym else w.lower()) for w in words)
    end = "" if typed else f"(?![^\\W_{HANGUL}])"
    return re.compile(f"(?<![^\\W_{HANGUL}])" + body + end), acronym


_OTHER = re.compile(f"[^\\x00-\\x7f{HANGUL}]+")


def _strip(piece: str) -> str:
    return "".join(x for x in unicodedata.normalize("NFD", piece) if not unicodedata.combining(x))


def _fold(text: str) -> str:
    """Case and diacritics off, Hangul as it is (only the rare characters that are neither
    ASCII nor Hangul syllables are decomposed)."""
    return _OTHER.sub(lambda m: _strip(m.group()), text).lower()


def truth(
    query: str, exact: bool, texts: dict[str, str], folded: dict[str, str] | None = None
) -> set[str]:
    """The interviews where every clause of the query has one of its spellings (a term's
    own spellings, its stem's, and the other terms of its clause: OR, names typed apart)."""
    parsed = parse_query(query, exact=exact)
    clauses = []
    for clause in parsed.clauses:
        patterns = []
        for term in clause:
            for found in (term, term.stem):
                if found is not None:
                    patterns += [
                        _pattern(unicodedata.normalize("NFC", s.text), i == 0)
                        for i, s in enumerate(found.spellings)
                    ]
        clauses.append(patterns)
    found = set()
    for interview, text in texts.items():
        low = _fold(text) if folded is None else folded[interview]
        if all(any(p.search(text if case else low) for p, case in clause) for clause in clauses):
            found.add(interview)
    return found


def everything(
    database: Database, query: str, exact: bool, by_interview: bool = True
) -> tuple[set[str], int]:
    first = search(database, query, exact=exact, limit=1, passages=1, by_interview=by_interview)
    every = search(
        database,
        query,
        exact=exact,
        limit=max(first.total, 1),
        passages=1,
        by_interview=by_interview,
    )
    return {str(g.interview_id) for g in every.groups}, first.total


def _fill_child(path: str, interviews: int, chars: int, seed: int, index: bool) -> int:
    """Write the corpus without `cipher_memory_security` (set-up, not measurement), and
    with `index` build its index too (the seconds it took on stdout)."""
    key = bytes.fromhex(sys.stdin.readline().strip())
    database_id = sys.stdin.readline().strip()
    connection = connect_without_memory_security(Path(path), key)
    database = Database(Path(path), connection, database_id, key)
    try:
        write(database, corpus(random.Random(seed), interviews, chars))
        if index:
            print(json.dumps({"index_seconds_without_memory_security": build_index(database)}))
    finally:
        database.close()
    return 0


def _written_by_child(
    database: Database, args: argparse.Namespace, index: bool = False
) -> tuple[list[str], dict[str, float]]:
    """The corpus written (and with `index` indexed) by a child process; the interview
    ids, oldest first, and what the child measured."""
    child = subprocess.run(
        [sys.executable, __file__, "--fill-child", str(database.path),
         str(args.interviews), str(args.chars), str(args.seed), str(int(index))],
        input=f"{database.key.hex()}\n{database.database_id}\n",
        text=True,
        check=True,
        stdout=subprocess.PIPE,
    )  # fmt: skip
    measured: dict[str, float] = json.loads(child.stdout) if child.stdout.strip() else {}
    return _kept_ids(database, args.interviews), measured


def _kept_ids(database: Database, interviews: int) -> list[str]:
    """The corpus's interview ids, oldest first."""
    with database.reading() as connection:
        rows = connection.execute("SELECT code, id FROM interviews").fetchall()
    by_code = {str(code): str(interview) for code, interview in rows}
    return [by_code[f"SLK-Q{number:07d}"] for number in range(interviews)]


def main() -> int:
    if sys.argv[1:2] == ["--fill-child"]:
        path, interviews, chars, seed, index = sys.argv[2:]
        return _fill_child(path, int(interviews), int(chars), int(seed), index == "1")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interviews", type=int, default=400)
    parser.add_argument("--chars", type=int, default=12_000, help="characters per transcript")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="8 small interviews, 1 round")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/search_quality.json"))
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="keep the corpus's database here; a later run with the same --db and sizes "
        "skips writing it (the texts for the truth come from the seed again)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also count and rank from every matching passage (the path before the "
        "interview-level index): same interviews and count, and its latency",
    )
    parser.add_argument(
        "--index-in-child",
        action="store_true",
        help="build the index in the child that writes the corpus, without "
        "cipher_memory_security (set-up, for a corpus too large to index in the time "
        "available; the index build is then not measured)",
    )
    parser.add_argument(
        "--write-only", action="store_true", help="with --db: write and index, measure nothing"
    )
    parser.add_argument(
        "--classes",
        default=",".join(QUERIES),
        help="the classes of query to measure, separated by commas (default: all): "
        + ", ".join(QUERIES),
    )
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="leave the truth's texts to Python's cyclic garbage collector (as runs before "
        "2026-12-06 18:00 did): a full collection then walks its two million segment "
        "strings during a timed search (see docs/benchmarks.md)",
    )
    args = parser.parse_args()
    classes_wanted = [name.strip() for name in args.classes.split(",") if name.strip()]
    unknown = [name for name in classes_wanted if name not in QUERIES]
    if unknown:
        parser.error(f"unknown classes: {', '.join(unknown)} (known: {', '.join(QUERIES)})")
    if args.quick:
        args.interviews, args.chars, args.rounds = 8, 2000, 1
    work = Path(tempfile.mkdtemp(prefix="sillok-quality-", dir=args.workdir))
    steps: dict[str, float] = {}
    kept = args.db is not None and args.db.exists()
    try:
        path = args.db or work / "q.db"
        if kept:
            database = Database.open(path, PASSPHRASE)
        else:
            database = Database.create(path, PASSPHRASE, FAST_KDF)
        try:
            started = time.perf_counter()
            if kept:
                ids = _kept_ids(database, args.interviews)
                _say(f"the corpus kept in {path} is used again")
            else:
                ids, measured = _written_by_child(database, args, args.index_in_child)
                steps["write_seconds"] = round(time.perf_counter() - started, 1)
                steps.update({key: round(value, 1) for key, value in measured.items()})
                _say(f"written in {steps['write_seconds']} s")
            if args.write_only:
                build_index(database)
                return 0
            started = time.perf_counter()
            transcripts = corpus(random.Random(args.seed), args.interviews, args.chars)
            texts = {i: normalise("\n".join(t)) for i, t in zip(ids, transcripts, strict=True)}
            folded = {i: _fold(t) for i, t in texts.items()}
            chars = sum(len(s) for t in transcripts for s in t)
            segments = sum(map(len, transcripts))
            steps["truth_texts_seconds"] = round(time.perf_counter() - started, 1)
            if not args.no_gc_freeze:
                # The truth is this process's, not the app's: a full collection walking
                # its millions of objects in the middle of a timed search measured this
                # script, not the search (the app holds no such heap).
                del transcripts
                gc.collect()
                gc.freeze()
            _say(f"texts for the truth in {steps['truth_texts_seconds']} s")
            build = 0.0 if args.index_in_child else build_index(database)
            _say(f"indexed in {build:.1f} s ({steps})")
            with database.reading() as connection:
                assert pending_count(connection) == 0
            classes = measure(database, texts, folded, args.rounds, args.compare, classes_wanted)
        finally:
            database.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_end": os.getloadavg(),
        },
        "corpus": {
            "interviews": args.interviews,
            "chars": chars,
            "segments": segments,
        },
        "gc_frozen": not args.no_gc_freeze,
        **steps,
        "index_build_seconds": round(build, 2) if build else None,
        "index_chars_per_second": round(chars / build) if build else None,
        "classes": classes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _say(text: str) -> None:
    print(f"  {datetime.now(UTC):%H:%M:%S} {text}", file=sys.stderr, flush=True)


class Collections:
    """Python's garbage collections while it listens (`gc.callbacks`): their
    generations and durations, to tell a slow round caused by one from a slow search."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, float, int]] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            took = (time.perf_counter() - self._started) * 1000
            self.seen.append((info["generation"], took, info["collected"]))

    def __enter__(self) -> Collections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self)


def _timed(
    database: Database, queries: list[str], exact: bool, rounds: int, new: bool
) -> tuple[list[float], dict[str, list[dict[str, object]]]]:
    """Every round's time (ms), and per query each round's time with the garbage
    collections that ran during it (generation, ms, objects freed); only those that
    took 1 ms or more or freed something are listed, and how many there were."""
    times = []
    per_round: dict[str, list[dict[str, object]]] = {query: [] for query in queries}
    for _ in range(rounds):
        for query in queries:
            with Collections() as collections:
                started = time.perf_counter()
                search(database, query, exact=exact, limit=20, passages=3, by_interview=new)
                took = (time.perf_counter() - started) * 1000
            times.append(took)
            per_round[query].append(
                {
                    "ms": round(took, 1),
                    "collections": len(collections.seen),
                    "gc": [
                        [generation, round(ms, 1), freed]
                        for generation, ms, freed in collections.seen
                        if ms >= 1 or freed
                    ],
                }
            )
    return times, per_round


def measure(
    database: Database,
    texts: dict[str, str],
    folded: dict[str, str],
    rounds: int,
    compare: bool,
    wanted: list[str],
) -> dict[str, object]:
    classes: dict[str, object] = {}
    for name in wanted:
        queries, exact = QUERIES[name]
        found = relevant = right = 0
        per_query: dict[str, dict[str, object]] = {}
        for query in queries:
            expected = truth(query, exact, texts, folded)
            got, total = everything(database, query, exact)
            assert total == len(got), (query, total, len(got))
            found, relevant, right = (
                found + len(got),
                relevant + len(expected),
                right + len(got & expected),
            )
            per_query[query] = {
                "truth": len(expected),
                "found": len(got),
                "missed": len(expected - got),
                "extra": len(got - expected),
            }
            if compare:
                before, counted = everything(database, query, exact, by_interview=False)
                per_query[query]["same_as_every_passage"] = before == got and counted == total
        times, per_round = _timed(database, queries, exact, rounds, new=True)
        classes[name] = {
            "exact": exact,
            "recall": round(right / relevant, 3) if relevant else None,
            "precision": round(right / found, 3) if found else None,
            "queries": per_query,
            "first_page_with_count_p50_ms": round(statistics.median(times), 1),
            "first_page_with_count_p95_ms": round(percentile(times, 0.95), 1),
            "rounds": per_round,
        }
        if compare:
            old, _rounds = _timed(database, queries, exact, rounds, new=False)
            classes[name]["every_passage_p50_ms"] = round(statistics.median(old), 1)  # type: ignore[index]
            classes[name]["every_passage_p95_ms"] = round(percentile(old, 0.95), 1)  # type: ignore[index]
        _say(f"{name}: {json.dumps(classes[name], ensure_ascii=False)}")
    return classes


if __name__ == "__main__":
    raise SystemExit(main())
