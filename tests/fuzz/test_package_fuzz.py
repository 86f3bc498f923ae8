"""Thousands of mutated packages, each refused cleanly with a Sillok error: never another
exception, never a hang, never a file left behind.

Two levels: the package bytes as they travel (bit flips, cuts, splices, insertions), and
the plaintext tar as an attacker who knows Geneva's public key can re-encrypt it (which
reaches the tar reader, the manifest parser and the signature check). A plaintext mutation
that only touches bytes no reader looks at may be accepted, but then only with exactly the
original content. SILLOK_FUZZ_CASES sets the number of cases per level (default 1000; the
seed is printed so a failure can be replayed with SILLOK_FUZZ_SEED).
"""

from __future__ import annotations

import io
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.errors import SillokError
from app.formats import age, minisign
from app.formats.errors import FormatError
from app.sync import package

CASES = int(os.environ.get("SILLOK_FUZZ_CASES", "1000"))
SEED = int(os.environ.get("SILLOK_FUZZ_SEED", str(random.SystemRandom().randrange(2**32))))
DEVICE = minisign.SigningKey.generate()
GENEVA = age.AgeIdentity.generate()
CONTENT = {
    "records/interviews.jsonl": b'{"id": 1, "text": "\xec\xa6\x9d\xec\x96\xb8"}\n' * 40,
    "attachments/a.age": bytes(random.Random(1).randbytes(70_000)),
    "withheld.jsonl": b"",
}


def _good(folder: Path) -> bytes:
    entries = [
        package.PackageEntry(name, len(data), lambda data=data: io.BytesIO(data))  # type: ignore[misc]
        for name, data in CONTENT.items()
    ]
    written = package.write_package(
        folder / "good.sillok",
        entries=entries,
        header=package.ManifestHeader("fuzz-device", 1, None, "2026-11-22T00:00:00Z"),
        signer=DEVICE,
        recipient=GENEVA.recipient,
    )
    return written.path.read_bytes()


def _mutate(data: bytes, rng: random.Random, donor: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        kind = rng.randrange(8)
        position = rng.randrange(len(out) + 1) if out else 0
        if kind <= 2 and out:  # bit flips, weighted
            index = min(position, len(out) - 1)
            out[index] ^= 1 << rng.randrange(8)
        elif kind == 3:  # cut
            del out[position:]
        elif kind == 4:  # delete a range
            del out[position : position + rng.randrange(1, 600)]
        elif kind == 5:  # insert random bytes
            out[position:position] = rng.randbytes(rng.randrange(1, 600))
        elif kind == 6:  # splice from another valid file of the same kind
            start = rng.randrange(len(donor))
            out[position : position + rng.randrange(1, 2000)] = donor[
                start : start + rng.randrange(1, 2000)
            ]
        else:  # overwrite a byte with a boundary value
            if out:
                out[min(position, len(out) - 1)] = rng.choice((0, 0x0A, 0x20, 0x2D, 0x2F, 0xFF))
    return bytes(out)


def _open(path: Path, into: Path) -> package.OpenedPackage:
    return package.open_package(
        path, identity=GENEVA, public_key_for=lambda _device: DEVICE.public_key, into=into
    )


def _encrypt(plain: bytes) -> bytes:
    out = io.BytesIO()
    age.encrypt_stream(io.BytesIO(plain), out, [GENEVA.recipient])
    return out.getvalue()


def _run(tmp_path: Path, make: Callable[[random.Random], bytes], *, may_open: bool) -> None:
    rng = random.Random(SEED)
    errors: dict[str, int] = {}
    candidate = tmp_path / "candidate.sillok"
    into = tmp_path / "into"
    for case in range(CASES):
        candidate.write_bytes(make(rng))
        try:
            opened = _open(candidate, into)
        except FormatError as error:
            errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
            assert error.message()
            assert not into.exists(), f"seed {SEED} case {case}: files left behind"
        except SillokError as error:  # e.g. a file system refusal, still a clean error
            pytest.fail(f"seed {SEED} case {case}: unexpected {type(error).__name__}: {error}")
        else:
            assert may_open, f"seed {SEED} case {case}: a mutated package was accepted"
            for name, data in CONTENT.items():
                assert opened.file(name).read_bytes() == data, f"seed {SEED} case {case}"
            shutil.rmtree(into)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["candidate.sillok", "good.sillok"]
    print(f"seed {SEED}: {CASES} cases, {errors}")
    # the mutations reach more than one check (which ones depends on the seed; the tamper
    # matrix reaches each check on purpose)
    assert len(errors) >= 2


@pytest.mark.timeout(120)
def test_mutated_package_bytes_are_refused(tmp_path: Path) -> None:
    good = _good(tmp_path)
    donor = _good(tmp_path / "donor" if (tmp_path / "donor").mkdir() is None else tmp_path)
    shutil.rmtree(tmp_path / "donor")

    def make(rng: random.Random) -> bytes:
        while True:
            mutated = _mutate(good, rng, donor)
            if mutated != good:
                return mutated

    _run(tmp_path, make, may_open=False)


@pytest.mark.timeout(120)
def test_mutated_archives_reencrypted_by_an_attacker_are_refused(tmp_path: Path) -> None:
    good = _good(tmp_path)
    plain = age.Decryptor(io.BytesIO(good), [GENEVA]).read()

    def make(rng: random.Random) -> bytes:
        while True:
            mutated = _mutate(plain, rng, plain)
            if mutated != plain:
                return _encrypt(mutated)

    _run(tmp_path, make, may_open=True)
