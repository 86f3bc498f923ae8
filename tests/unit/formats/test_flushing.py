"""The package file is flushed to the disk while it is written, and a failing flush (a
USB stick pulled out, a full disk) stops the writer instead of being lost on a thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from app.formats import flushing
from app.formats.flushing import BackgroundFlush


def test_flushes_while_writing_and_fsyncs_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    flushed = threading.Event()

    def fdatasync(fd: int) -> None:
        calls.append("fdatasync")
        flushed.set()

    monkeypatch.setattr(flushing.os, "fdatasync", fdatasync)
    monkeypatch.setattr(flushing.os, "fsync", lambda fd: calls.append("fsync"))
    with (tmp_path / "p").open("wb") as file:
        writer = BackgroundFlush(file, every=1000)
        file.write(b"x" * 999)
        writer.wrote(999)
        assert not flushed.wait(0.2)  # below the threshold: nothing asked yet
        file.write(b"x" * 10)
        writer.wrote(10)
        assert flushed.wait(5)
        writer.finish()
        writer.finish()
    assert calls[0] == "fdatasync" and calls[-1] == "fsync"
    assert (tmp_path / "p").stat().st_size == 1009  # Python's buffer reached the file


def test_a_failed_flush_is_raised_to_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = threading.Event()

    def fdatasync(fd: int) -> None:
        failed.set()
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(flushing.os, "fdatasync", fdatasync)
    with (tmp_path / "p").open("wb") as file:
        writer = BackgroundFlush(file, every=10)
        writer.wrote(10)
        assert failed.wait(5)
        writer.stop()
        with pytest.raises(OSError):
            writer.wrote(1)
        with pytest.raises(OSError):
            writer.finish()


def test_really_flushes_a_real_file(tmp_path: Path) -> None:
    with (tmp_path / "p").open("wb") as file:
        writer = BackgroundFlush(file, every=4096)
        for _ in range(64):
            file.write(os.urandom(1024))
            writer.wrote(1024)
        writer.finish()
    assert (tmp_path / "p").stat().st_size == 64 * 1024
