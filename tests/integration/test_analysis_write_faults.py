"""A full or read-only disk under the analysts' new writes (issue 18): a disclosure, a
re-interview list for Seoul, and the laptop loading that list. Each says what happened in
the user's language with exit 10, leaves no half file and no register line, and the same
command succeeds once there is room (real small tmpfs and read-only bind mounts)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import main
from app.store.keys import device_keys
from app.sync.repository.reinterview_requests import write_requests
from app.sync.repository.store import Repository
from tests.fault_support import NEEDS_ROOT, leaving, read_only, tmpfs
from tests.repository_support import Laptop, interview, laptop, ship
from tests.support import PASSPHRASE
from tests.sync_support import GENEVA_PASSPHRASE, new_repository, run_tool

pytestmark = NEEDS_ROOT


def _device_id(field: Laptop) -> str:
    with field.database.transaction() as connection:
        keys = device_keys(connection)
    assert keys is not None
    return keys.device_id


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[dict[str, object]]:
    """Geneva holding one interview of laptop A (on its own small file system), the
    Geneva passphrase in a file, and a court's age key."""
    geneva = new_repository(tmp_path / "geneva")
    with tmpfs(tmp_path / "a", "64m"):
        field = laptop(tmp_path, geneva, "a")
        interview(field, element="CAH.7.1.f.1")
        ship(field, geneva)
        device = _device_id(field)
        repo = str(geneva.folder)
        geneva.close()
        secret = tmp_path / "geneva-passphrase"
        secret.write_text(GENEVA_PASSPHRASE + "\n")
        run_tool("age-keygen", "-o", str(tmp_path / "court-key.txt"))
        recipient = next(
            line.split(": ", 1)[1]
            for line in (tmp_path / "court-key.txt").read_text().splitlines()
            if line.startswith("# public key: ")
        )
        (tmp_path / "court.age-recipient").write_text(recipient + "\n")
        yield {"repo": repo, "secret": secret, "field": field, "device": device, "tmp": tmp_path}
        field.database.close()


def _repo_args(scene: dict[str, object]) -> list[str]:
    return ["--repo", str(scene["repo"]), "--passphrase-file", str(scene["secret"])]


def _disclose(scene: dict[str, object], out: Path) -> int:
    tmp = scene["tmp"]
    assert isinstance(tmp, Path)
    return main(
        ["repository", "disclose", "--recipient-file", str(tmp / "court.age-recipient"),
         "--recipient-name", "mechanism", "--out", str(out), *_repo_args(scene)]
    )  # fmt: skip


def _registered(scene: dict[str, object], capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["repository", "disclosures", *_repo_args(scene), "--json"]) == 0
    return [row["file_name"] for row in json.loads(capsys.readouterr().out)]


def test_a_disclosure_on_a_full_or_read_only_disk_writes_and_registers_nothing(
    scene: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    tmp = scene["tmp"]
    assert isinstance(tmp, Path)
    with tmpfs(tmp / "stick", "1m") as stick, leaving(stick, 4096):
        assert _disclose(scene, stick / "for-court.sillok") == 10
        said = capsys.readouterr().err
        assert "full" in said and "Traceback" not in said
        assert sorted(p.name for p in stick.iterdir()) == ["ballast"]
    assert _registered(scene, capsys) == []

    (tmp / "locked").mkdir()
    with read_only(tmp / "locked") as locked:
        assert _disclose(scene, locked / "for-court.sillok") == 10
        said = capsys.readouterr().err
        assert "read-only" in said and "Traceback" not in said
    assert list((tmp / "locked").iterdir()) == []
    assert _registered(scene, capsys) == []

    assert _disclose(scene, tmp / "for-court.sillok") == 0
    assert _registered(scene, capsys) == ["for-court.sillok"]


def test_a_reinterview_list_on_a_full_or_read_only_disk_is_not_written(
    scene: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    tmp = scene["tmp"]
    assert isinstance(tmp, Path)
    wrote = ["repository", "reinterview-requests", str(scene["device"])]
    with tmpfs(tmp / "stick", "1m") as stick, leaving(stick, 0):
        assert main([*wrote, "--out", str(stick / "for-seoul.json"), *_repo_args(scene)]) == 10
        said = capsys.readouterr().err
        assert "full" in said and "Traceback" not in said
        assert sorted(p.name for p in stick.iterdir()) == ["ballast"]
    (tmp / "locked").mkdir()
    with read_only(tmp / "locked") as locked:
        assert main([*wrote, "--out", str(locked / "for-seoul.json"), *_repo_args(scene)]) == 10
        assert "read-only" in capsys.readouterr().err
    assert main([*wrote, "--out", str(tmp / "for-seoul.json"), *_repo_args(scene)]) == 0


def test_the_laptop_loading_a_list_on_a_full_disk_loads_nothing_and_can_load_it_later(
    scene: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    tmp, field = scene["tmp"], scene["field"]
    assert isinstance(tmp, Path) and isinstance(field, Laptop)
    with Repository.open(Path(str(scene["repo"])), GENEVA_PASSPHRASE) as geneva:
        write_requests(geneva, str(scene["device"]), tmp / "for-seoul.json", made_by="analyst")
    db = str(field.database.path)
    field.database.close()
    mine = tmp / "laptop-passphrase"
    mine.write_text(PASSPHRASE + "\n")
    load = ["reinterview", str(tmp / "for-seoul.json"), "--db", db, "--passphrase-file", str(mine)]
    with leaving(tmp / "a", 0):
        code = main(load)
        said = capsys.readouterr().err
        assert code == 10, said
        assert "Traceback" not in said
    assert main(load) == 0
