"""`sillok check` says whether this laptop's swap is safe for testimony (README, "Memory
and swap"): the real command on a real database, the machine's /proc and /sys replaced by
a fake tree (`tests.swap_support`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from app.i18n import set_language
from app.store import swap
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE
from tests.swap_support import Tree, luks_partition


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tree:
    tree = Tree(tmp_path / "machine")
    real = swap.check_swap
    monkeypatch.setattr(swap, "check_swap", lambda: real(tree.root, "linux"))
    monkeypatch.setenv("SILLOK_LANGUAGE", "en")
    return tree


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    db = tmp_path / "sillok.db"
    if not db.exists():
        Database.create(db, PASSPHRASE, FAST_KDF).close()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    try:
        code = main(["check", "--db", str(db), "--passphrase-file", str(secret)])
    finally:
        set_language("en")
    return code, capsys.readouterr().out


def test_check_warns_of_a_swap_that_is_not_encrypted_and_still_passes(
    machine: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    machine.device("sda")
    machine.device("sda2", disk="sda")
    machine.swaps(("/dev/sda2", "partition"))
    code, out = check(tmp_path, capsys)
    assert code == 0  # the database is sound: the exit code is about the database
    assert (
        "WARNING swap: This laptop's swap is not encrypted: parts of the testimony held in "
        "memory could be written to the disk unencrypted." in out
    )
    assert "Ask your IT contact to encrypt the swap or turn it off" in out


def test_check_says_an_encrypted_swap_is_ok(
    machine: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    luks_partition(machine)
    machine.swaps(("/dev/mapper/cryptswap", "partition"))
    code, out = check(tmp_path, capsys)
    assert code == 0
    assert "ok      swap: encrypted" in out
    assert "WARNING" not in out


def test_check_says_when_it_cannot_tell(
    machine: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(tmp_path, capsys)  # no /proc/swaps in the fake tree
    assert code == 0
    assert "unknown swap: whether it is encrypted could not be told here" in out
