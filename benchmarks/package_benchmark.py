"""Package write and open against `tar -c | age -r` and `age -d | tar -x` on the same data.

    .venv/bin/python benchmarks/package_benchmark.py                 # 10,000 records + 1 GiB
    .venv/bin/python benchmarks/package_benchmark.py --quick         # 200 records + 4 MiB

Synthetic data (JSON-lines records of about 1 KB and random attachment files) is made in a
temporary folder. Each of the four operations runs in its own process; ours report their
peak resident memory (`ru_maxrss`) from inside. Every step starts after `sync` (no step
pays for the write-back of the one before); `--rounds` rounds alternate which side goes
first; figures are medians. Throughput ratio = baseline seconds / our seconds (1.0 = as fast
as tar piped into age; the target is ≥ 0.8). Our write ends with fsync, so the write is also
compared with the baseline plus `sync` of its output (`throughput_ratio_same_durability`).
Everything made is deleted at the end. Figures go to benchmarks/results/package.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024


def _make_data(folder: Path, records: int, attachment_mib: int, piece_mib: int) -> int:
    (folder / "records").mkdir(parents=True)
    (folder / "attachments").mkdir()
    with (folder / "records" / "interviews.jsonl").open("w", encoding="utf-8") as out:
        for i in range(records):
            line = {"id": f"i-{i:06d}", "place": "요덕", "answers": ["증언 " * 40] * 3}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    remaining = attachment_mib
    index = 0
    while remaining > 0:
        size = min(piece_mib, remaining)
        with (folder / "attachments" / f"a{index:04d}.age").open("wb") as out:
            for _ in range(size):
                out.write(os.urandom(MIB))
        remaining -= size
        index += 1
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _child_write(data: Path, out: Path, keys: Path) -> dict[str, float]:
    from app.formats import age, minisign
    from app.sync import package

    material = json.loads(keys.read_text())
    files = sorted(p for p in data.rglob("*") if p.is_file())
    entries = [
        package.PackageEntry(str(p.relative_to(data)), p.stat().st_size, lambda p=p: p.open("rb"))
        for p in files
    ]
    start = time.perf_counter()
    package.write_package(
        out,
        entries=entries,
        header=package.ManifestHeader("bench", 1, None, "2026-11-22T00:00:00Z"),
        signer=minisign.SigningKey.from_seed(bytes.fromhex(material["seed"])),
        recipient=age.AgeIdentity.parse(material["age"]).recipient,
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_rss_mib": _peak_mib()}


def _child_open(package_path: Path, into: Path, keys: Path) -> dict[str, float]:
    from app.formats import age, minisign
    from app.sync import package

    material = json.loads(keys.read_text())
    signer = minisign.SigningKey.from_seed(bytes.fromhex(material["seed"]))
    start = time.perf_counter()
    package.open_package(
        package_path,
        identity=age.AgeIdentity.parse(material["age"]),
        public_key_for=lambda _device: signer.public_key,
        into=into,
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_rss_mib": _peak_mib()}


def _peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(*args: str) -> dict[str, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    result["process_seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = _children_cpu() - cpu
    return result


def _timed_shell(command: str) -> dict[str, float]:
    """Wall and CPU seconds (all processes) of a shell pipeline."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(["bash", "-o", "pipefail", "-c", command], check=True)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": _children_cpu() - cpu}


def _settled() -> None:
    """Write back every dirty page before a timed step, so that no step pays for the
    write-back of the one before (making the data, or the other side's output)."""
    os.sync()
    time.sleep(1)


def _round(
    work: Path, data: Path, key_file: Path, keys: Path, recipient: str, number: int
) -> dict[str, dict[str, float]]:
    """One write and one open by each side, in alternating order from round to round.

    Our write ends with fsync (a package on a USB stick must be on the stick when the
    writer says it is done), so the baseline is timed both as is and with `sync` of its
    output file: `durable_seconds`."""
    for name in ("ours.sillok", "base.age"):
        (work / name).unlink(missing_ok=True)
    for name in ("ours-out", "base-out"):
        shutil.rmtree(work / name, ignore_errors=True)
    (work / "base-out").mkdir()
    base_write_command = (
        f"tar -c -f - -C {data} records attachments | age -r {recipient} -o {work}/base.age"
    )

    def base_write() -> dict[str, float]:
        _settled()
        timed = _timed_shell(base_write_command)
        synced = _timed_shell(f"sync {work}/base.age")
        timed["durable_seconds"] = timed["seconds"] + synced["seconds"]
        return timed

    def ours_write() -> dict[str, float]:
        _settled()
        return _child("write", str(data), str(work / "ours.sillok"), str(keys))

    def base_open() -> dict[str, float]:
        _settled()
        return _timed_shell(
            f"age -d -i {key_file} {work}/base.age | tar -x -f - -C {work}/base-out"
        )

    def ours_open() -> dict[str, float]:
        _settled()
        return _child("open", str(work / "ours.sillok"), str(work / "ours-out"), str(keys))

    first_ours = number % 2 == 1
    measured: dict[str, dict[str, float]] = {}
    for side, step in (("ours", ours_write), ("base", base_write))[:: 1 if first_ours else -1]:
        measured[f"{side}_write"] = step()
    for side, step in (("ours", ours_open), ("base", base_open))[:: 1 if first_ours else -1]:
        measured[f"{side}_open"] = step()
    print(
        f"  round {number + 1}: "
        + ", ".join(f"{k} {v['seconds']:.2f} s" for k, v in measured.items()),
        file=sys.stderr,
    )
    return measured


def _summary(rounds: list[dict[str, dict[str, float]]], kind: str, size: int) -> dict[str, float]:
    ours = statistics.median(r[f"ours_{kind}"]["seconds"] for r in rounds)
    base = statistics.median(r[f"base_{kind}"]["seconds"] for r in rounds)
    ours_cpu = statistics.median(r[f"ours_{kind}"]["cpu_seconds"] for r in rounds)
    base_cpu = statistics.median(r[f"base_{kind}"]["cpu_seconds"] for r in rounds)
    summary = {
        "ours_seconds_median": round(ours, 3),
        "baseline_seconds_median": round(base, 3),
        "throughput_ratio": round(base / ours, 3),
        "ours_mib_per_s": round(size / MIB / ours, 1),
        "peak_rss_mib": max(r[f"ours_{kind}"]["peak_rss_mib"] for r in rounds),
        "ours_cpu_seconds_median": round(ours_cpu, 3),
        "baseline_cpu_seconds_median": round(base_cpu, 3),
        "cpu_ratio": round(base_cpu / max(ours_cpu, 1e-9), 3),
    }
    if kind == "write":
        durable = statistics.median(r["base_write"]["durable_seconds"] for r in rounds)
        summary["baseline_durable_seconds_median"] = round(durable, 3)
        summary["throughput_ratio_same_durability"] = round(durable / ours, 3)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--attachments-mib", type=int, default=1024)
    parser.add_argument("--piece-mib", type=int, default=64, help="size of each attachment")
    parser.add_argument("--quick", action="store_true", help="200 records, 4 MiB")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/package.json")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3, help="each side, alternating order")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, first, second, keys = args.child
        run = _child_write if kind == "write" else _child_open
        print(json.dumps(run(Path(first), Path(second), Path(keys))))
        return
    if args.quick:
        args.records, args.attachments_mib, args.piece_mib, args.rounds = 200, 4, 1, 1

    from app.formats import age

    work = Path(tempfile.mkdtemp(prefix="package-bench-", dir=args.workdir))
    try:
        data = work / "data"
        size = _make_data(data, args.records, args.attachments_mib, args.piece_mib)
        identity = age.AgeIdentity.generate()
        key_file = work / "geneva-key.txt"
        key_file.write_text(identity.keygen_text())
        keys = work / "keys.json"
        keys.write_text(json.dumps({"age": identity.secret_text(), "seed": os.urandom(32).hex()}))
        recipient = str(identity.recipient)
        rounds = [
            _round(work, data, key_file, keys, recipient, number) for number in range(args.rounds)
        ]
        package_bytes = (work / "ours.sillok").stat().st_size
        result = {
            "records": args.records,
            "attachments_mib": args.attachments_mib,
            "attachment_piece_mib": args.piece_mib,
            "data_bytes": size,
            "package_bytes": package_bytes,
            "rounds": len(rounds),
            "write": _summary(rounds, "write", size),
            "open": _summary(rounds, "open", size),
            "per_round": rounds,
            "targets": {"throughput_ratio_min": 0.8, "peak_rss_mib_max": 200},
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
