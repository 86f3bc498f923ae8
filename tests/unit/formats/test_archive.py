"""The tar reader extracts only plain files under the target folder, within limits."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from app.formats import archive
from app.formats.errors import FormatError, NotRecognised, Truncated, UnsafeArchive

BIG = 1 << 40


def _tar(*members: tuple[str, bytes | tarfile.TarInfo], fmt: int = tarfile.USTAR_FORMAT) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as tar:
        for name, content in members:
            if isinstance(content, tarfile.TarInfo):
                content.name = name
                tar.addfile(content)
            else:
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


def _info(kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo()
    info.type = kind
    info.linkname = linkname
    return info


def _extract(data: bytes, into: Path, **limits: int) -> list[archive.Member]:
    into.mkdir(exist_ok=True)
    bounds = {"max_entries": 100, "max_entry_size": BIG, "max_total_size": BIG, **limits}
    return archive.extract(io.BytesIO(data), into, **bounds)


def _outside(into: Path, root: Path) -> set[str]:
    """Everything under `root` that is not `into` or inside it."""
    return {str(p) for p in root.rglob("*") if p != into and into not in p.parents}


def test_our_writer_round_trips_and_tar_reads_it(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = archive.TarWriter(out, mtime=1_700_000_000)
    digest = writer.add("records/a.jsonl", 3, io.BytesIO(b"abc"))
    writer.add("b", 0, io.BytesIO(b""))
    writer.close()
    assert len(out.getvalue()) % archive.RECORD == 0
    members = _extract(out.getvalue(), tmp_path / "into")
    assert (members[0].name, members[0].size, members[0].sha256) == ("records/a.jsonl", 3, digest)
    assert (tmp_path / "into" / "records" / "a.jsonl").read_bytes() == b"abc"
    with tarfile.open(fileobj=io.BytesIO(out.getvalue())) as tar:
        assert tar.getnames() == ["records/a.jsonl", "b"]


def test_a_file_that_changes_while_packed_is_refused() -> None:
    writer = archive.TarWriter(io.BytesIO())
    with pytest.raises(FormatError):
        writer.add("a", 5, io.BytesIO(b"abc"))
    with pytest.raises(FormatError):
        archive.TarWriter(io.BytesIO()).add("a", 2, io.BytesIO(b"abc"))


UNSAFE = {
    "absolute path": _tar(("/etc/passwd", b"x")),
    "parent folder": _tar(("../escape", b"x")),
    "parent inside": _tar(("a/../../escape", b"x")),
    "dot": _tar(("./a", b"x")),
    "symlink": _tar(("link", _info(tarfile.SYMTYPE, "/etc/passwd"))),
    "hard link": _tar(("a", b"x"), ("hard", _info(tarfile.LNKTYPE, "a"))),
    "folder": _tar(("d", _info(tarfile.DIRTYPE))),
    "device": _tar(("dev", _info(tarfile.CHRTYPE))),
    "fifo": _tar(("fifo", _info(tarfile.FIFOTYPE))),
    "duplicate": _tar(("a", b"x"), ("a", b"y")),
    "duplicate by case": _tar(("Records/a", b"x"), ("records/A", b"y")),
    "file then folder": _tar(("a", b"x"), ("a/b", b"y")),
    "folder then file": _tar(("a/b", b"x"), ("a", b"y")),
    "pax header": _tar(("x" * 120, b"x"), fmt=tarfile.PAX_FORMAT),
    "gnu format": _tar(("a", b"x"), fmt=tarfile.GNU_FORMAT),
    "strange characters": _tar(("a b;rm", b"x")),
    "non-ascii": _tar(("증언", b"x"), fmt=tarfile.USTAR_FORMAT),
    "data after end": _tar(("a", b"x")) + b"\x01" * 512,
}


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_unsafe_archives_are_refused_and_nothing_leaves_the_folder(
    tmp_path: Path, case: str
) -> None:
    into = tmp_path / "into"
    with pytest.raises(UnsafeArchive) as caught:
        _extract(UNSAFE[case], into)
    assert caught.value.exit_code == 26
    assert _outside(into, tmp_path) == set()
    assert not (tmp_path.parent / "escape").exists()


def test_limits_are_checked_before_writing(tmp_path: Path) -> None:
    many = _tar(*((f"f{i}", b"x") for i in range(5)))
    with pytest.raises(UnsafeArchive, match="too many"):
        _extract(many, tmp_path / "a", max_entries=4)
    with pytest.raises(UnsafeArchive, match="larger"):
        _extract(_tar(("big", b"x" * 2000)), tmp_path / "b", max_entry_size=1000)
    assert not (tmp_path / "b" / "big").exists()
    with pytest.raises(UnsafeArchive, match="larger"):
        _extract(_tar(("a", b"x" * 600), ("b", b"x" * 600)), tmp_path / "c", max_total_size=1000)
    assert not (tmp_path / "c" / "b").exists()


def test_a_huge_declared_size_is_refused_before_reading(tmp_path: Path) -> None:
    header = bytearray(archive.ustar_header("huge", 0, 0))
    header[124:136] = b"77777777777\0"  # 8 GiB - 1 declared, nothing behind it
    header[148:156] = b" " * 8
    header[148:156] = f"{sum(header):06o}".encode() + b"\0 "
    with pytest.raises(UnsafeArchive):
        _extract(bytes(header) + bytes(1024), tmp_path / "into", max_total_size=10**6)
    assert not (tmp_path / "into" / "huge").exists()


def test_malformed_and_truncated(tmp_path: Path) -> None:
    good = _tar(("a", b"x" * 1000))
    broken = bytearray(good)
    broken[10] ^= 1  # header checksum no longer matches
    with pytest.raises(NotRecognised):
        _extract(bytes(broken), tmp_path / "a")
    with pytest.raises(Truncated):
        _extract(good[:700], tmp_path / "b")
    with pytest.raises(Truncated):
        _extract(good[:1536], tmp_path / "c")
    with pytest.raises(NotRecognised):
        _extract(b"\x01" * 512, tmp_path / "d")
