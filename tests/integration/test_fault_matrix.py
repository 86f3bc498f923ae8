"""The fault matrix (review findings 2 and 5): every write and open path of the command
line, on real small file systems (a read-only bind mount, a full tmpfs) and with odd
paths, ends in a clear, translated refusal with its documented exit code, never
"unexpected error", and loses nothing (the database still opens and passes `check`; the
repository still passes `repository check`; no half-written file is left behind)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.services import Services
from app.sync.export import export_package
from tests.fault_support import NEEDS_ROOT, leaving, read_only, tmpfs
from tests.support import PASSPHRASE
from tests.sync_support import (
    GENEVA_PASSPHRASE,
    enrol_device,
    new_device,
    new_repository,
    witness,
)


def sillok(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SILLOK_LANGUAGE": "en"}
    env.pop("SILLOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


@dataclass
class World:
    tmp: Path
    db: Path
    repo: Path
    package: Path
    interview: str
    field_secret: Path
    geneva_secret: Path

    def device(self, db: Path | None = None) -> tuple[str, ...]:
        return ("--db", str(db or self.db), "--passphrase-file", str(self.field_secret))

    def geneva(self) -> tuple[str, ...]:
        return ("--repo", str(self.repo), "--passphrase-file", str(self.geneva_secret))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    tmp = tmp_path_factory.mktemp("faults")
    secrets = tmp / "secrets"
    secrets.mkdir()
    (secrets / "field.txt").write_text(PASSPHRASE + "\n")
    (secrets / "geneva.txt").write_text(GENEVA_PASSPHRASE + "\n")
    db = tmp / "field" / "sillok.db"
    database = new_device(db)
    repository = new_repository(tmp / "geneva")
    try:
        enrol_device(database, repository, tmp / "exchange")
        made = witness(Services(database, actor="officer-1"), tmp / "scans")
        package = export_package(database, tmp / "usb", actor="officer-1").path
        # The device marks the package as sent; a second export would carry nothing new.
    finally:
        database.close()
        repository.close()
    return World(
        tmp,
        db,
        tmp / "geneva",
        package,
        str(made["interview"].id),
        secrets / "field.txt",
        secrets / "geneva.txt",
    )


def _still_whole(world: World) -> None:
    checked = sillok("check", *world.device())
    assert checked.returncode == 0, checked.stdout + checked.stderr
    held = sillok("repository", "check", *world.geneva())
    assert held.returncode == 0, held.stdout + held.stderr


def _refused(done: subprocess.CompletedProcess[str], codes: set[int]) -> None:
    assert done.returncode in codes, (done.returncode, done.stderr)
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith("sillok: ") and len(done.stderr) > 40


def _empty(world: World, name: str) -> Path:
    folder = world.tmp / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


READ_ONLY_CASES: dict[str, Callable[[World, Path], tuple[str, ...]]] = {
    "init": lambda w, ro: ("init", *w.device(ro / "new.db")),
    "backup": lambda w, ro: ("backup", *w.device(), "--out", str(ro / "backup.db")),
    "export": lambda w, ro: ("export", *w.device(), "--out", str(ro)),
    "report": lambda w, ro: (
        "report", "statement", *w.device(), "--interview", w.interview,
        "--out", str(ro / "statement.pdf"), "--language", "en",
    ),
    "enrol-request": lambda w, ro: ("enrol-request", *w.device(), "--out", str(ro / "r.json")),
}  # fmt: skip


@NEEDS_ROOT
@pytest.mark.parametrize("name", sorted(READ_ONLY_CASES))
def test_writing_into_a_read_only_folder_is_refused_clearly(world: World, name: str) -> None:
    folder = _empty(world, "read-only")
    with read_only(folder):
        done = sillok(*READ_ONLY_CASES[name](world, folder))
    _refused(done, {10, 47} if name == "report" else {10})
    assert "read-only" in done.stderr
    assert list(folder.iterdir()) == []
    _still_whole(world)


OPEN_READ_ONLY_CASES: dict[str, Callable[[World], tuple[str, ...]]] = {
    "check": lambda w: ("check", *w.device()),
    "search": lambda w: ("search", *w.device(), "보위부"),
    "repository list": lambda w: ("repository", "list", *w.geneva()),
    "repository verify": lambda w: ("repository", "verify", *w.geneva(), str(w.package)),
    "repository check": lambda w: ("repository", "check", *w.geneva()),
}


@NEEDS_ROOT
@pytest.mark.parametrize("name", sorted(OPEN_READ_ONLY_CASES))
def test_reading_from_read_only_media_works_or_is_refused_clearly(world: World, name: str) -> None:
    folder = world.repo if name.startswith("repository") else world.db.parent
    with read_only(folder):
        done = sillok(*OPEN_READ_ONLY_CASES[name](world))
    if done.returncode != 0:
        _refused(done, {10})
        assert "read-only" in done.stderr
    _still_whole(world)


@NEEDS_ROOT
def test_an_export_onto_a_full_usb_stick_is_refused_clearly(world: World) -> None:
    with tmpfs(world.tmp / "stick", "512k") as stick, leaving(stick, 0):
        done = sillok("export", *world.device(), "--out", str(stick))
        left = sorted(p.name for p in stick.iterdir() if p.name != "ballast")
    _refused(done, {10})
    assert left == []
    _still_whole(world)


@NEEDS_ROOT
def test_an_ingest_whose_extraction_fills_the_disk_is_refused_clearly(world: World) -> None:
    with tmpfs(world.tmp / "small-geneva", "4m") as small:
        repo = small / "geneva"
        shutil.copytree(world.repo, repo)
        with leaving(small, 16384):
            done = sillok(
                "repository", "ingest", "--repo", str(repo), "--passphrase-file",
                str(world.geneva_secret), str(world.package),
            )  # fmt: skip
        _refused(done, {10})
        held = sillok("repository", "check", "--repo", str(repo), "--passphrase-file",
                      str(world.geneva_secret))  # fmt: skip
        assert held.returncode == 0, held.stdout + held.stderr
        assert "packages/" not in held.stdout


def test_a_zero_length_database_is_refused_as_damaged(world: World) -> None:
    folder = _empty(world, "zero")
    shutil.copyfile(world.db.with_name("sillok.db.keys"), folder / "sillok.db.keys")
    (folder / "sillok.db").touch()
    done = sillok("check", *world.device(folder / "sillok.db"))
    _refused(done, {5})
    assert (folder / "sillok.db").stat().st_size == 0


def test_a_key_file_path_that_is_a_folder_is_refused(world: World) -> None:
    folder = _empty(world, "keys-folder")
    shutil.copyfile(world.db, folder / "sillok.db")
    (folder / "sillok.db.keys").mkdir()
    done = sillok("check", *world.device(folder / "sillok.db"))
    _refused(done, {4, 55})


def test_an_export_out_naming_a_file_is_refused(world: World) -> None:
    target = _empty(world, "out-file") / "stick.img"
    target.write_bytes(b"not a folder")
    done = sillok("export", *world.device(), "--out", str(target))
    _refused(done, {55})
    assert target.read_bytes() == b"not a folder"
    _still_whole(world)


@pytest.mark.parametrize("action", ["verify", "ingest"])
def test_a_package_path_that_is_missing_or_a_folder_is_refused(world: World, action: str) -> None:
    missing = sillok("repository", action, *world.geneva(), str(world.tmp / "nowhere.sillok"))
    _refused(missing, {56})
    folder = sillok("repository", action, *world.geneva(), str(world.tmp))
    _refused(folder, {55})
    _still_whole(world)


@pytest.fixture(autouse=True)
def _no_mount_left(world: World) -> Iterator[None]:
    yield
    with open("/proc/mounts") as mounts:
        assert str(world.tmp) not in mounts.read()
