"""A streaming POSIX ustar writer, and a reader that extracts only what is safe.

The writer makes plain ustar members (regular files, names of at most 100 bytes, sizes
below 8 GiB) that GNU tar, bsdtar and busybox read. The reader accepts only that: regular
files with relative names of letters, digits and `._-/`, no `..`, no absolute paths, no
links, devices, folders, extended headers or sparse files, no name twice (ignoring case,
so nothing collides on a case-insensitive disk), within limits on the number of members,
each member's size and the total, checked before a byte is written. Files are created
with O_EXCL|O_NOFOLLOW, mode 0600, only under the target folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.formats.errors import ContentMismatch, NotRecognised, Truncated, UnsafeArchive
from app.formats.hashing import BackgroundSha256
from app.formats.streams import ReadStream, WriteStream
from app.i18n import N_

BLOCK = 512
RECORD = 20 * BLOCK
MAX_NAME = 100
MAX_SIZE = 8**11 - 1
COPY = 1024 * 1024
_NAME = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")


def check_name(name: str) -> bool:
    """Whether `name` is a safe member name (relative, plain characters, no `.`/`..`)."""
    return (
        len(name.encode("ascii", "replace")) <= MAX_NAME
        and _NAME.fullmatch(name) is not None
        and not any(part in (".", "..") for part in name.split("/"))
    )


def _octal(value: int, width: int) -> bytes:
    return f"{value:0{width - 1}o}".encode("ascii") + b"\0"


def ustar_header(name: str, size: int, mtime: int) -> bytes:
    """The 512-byte ustar header of a regular file."""
    if not check_name(name):
        raise ValueError(f"unsafe member name {name!r}")
    if not 0 <= size <= MAX_SIZE:
        raise ValueError(f"member {name!r} too large for ustar")
    header = bytearray(BLOCK)
    header[0:100] = name.encode("ascii").ljust(100, b"\0")
    header[100:108] = _octal(0o644, 8)
    header[108:116] = _octal(0, 8)
    header[116:124] = _octal(0, 8)
    header[124:136] = _octal(size, 12)
    header[136:148] = _octal(max(0, min(mtime, 8**11 - 1)), 12)
    header[148:156] = b" " * 8
    header[156:157] = b"0"
    header[257:265] = b"ustar\x0000"
    header[329:337] = _octal(0, 8)
    header[337:345] = _octal(0, 8)
    header[148:156] = f"{sum(header):06o}".encode("ascii") + b"\0 "
    return bytes(header)


def _fill(src: BinaryIO, view: memoryview) -> int:
    """Read into `view` (without an extra copy when `src` has `readinto`)."""
    readinto = getattr(src, "readinto", None)
    if readinto is not None:
        return int(readinto(view) or 0)
    data = src.read(len(view))
    view[: len(data)] = data
    return len(data)


class TarWriter:
    """Writes members one after another to `dst`; `close()` writes the end marker."""

    def __init__(
        self, dst: WriteStream, *, mtime: int = 0, on_bytes: Callable[[int], None] | None = None
    ) -> None:
        self._dst = dst
        self._mtime = mtime
        self.on_bytes = on_bytes
        self._written = 0

    def _write(self, data: bytes | memoryview) -> None:
        self._dst.write(data)
        self._written += len(data)

    def add(self, name: str, size: int, src: BinaryIO) -> str:
        """Copy exactly `size` bytes of `src` as member `name`; their SHA-256 (hex)."""
        self._write(ustar_header(name, size, self._mtime))
        digest = BackgroundSha256() if size > COPY else None
        small = hashlib.sha256()
        remaining = size
        buffer = bytearray(min(COPY, max(size, 1)))
        view = memoryview(buffer)
        try:
            while remaining:
                remaining -= self._copy(
                    src, view[: min(remaining, len(buffer))], name, digest, small
                )
        finally:
            if digest is not None:
                digest.stop()
        if src.read(1):
            raise ContentMismatch(
                what=N_("the package"), detail=N_("a file became longer while packed"), name=name
            )
        self._write(bytes(-size % BLOCK))
        return (digest or small).hexdigest()

    def _copy(
        self,
        src: BinaryIO,
        view: memoryview,
        name: str,
        digest: BackgroundSha256 | None,
        small: hashlib._Hash,
    ) -> int:
        count = _fill(src, view)
        if not count:
            raise ContentMismatch(
                what=N_("the package"), detail=N_("a file became shorter while packed"), name=name
            )
        if digest is not None:
            piece = view[:count].tobytes()
            digest.update(piece)
            self._write(piece)
        else:
            small.update(view[:count])
            self._write(view[:count])
        if self.on_bytes is not None:
            self.on_bytes(count)
        return count

    def close(self) -> None:
        self._write(bytes(2 * BLOCK))
        self._write(bytes(-self._written % RECORD))


class ArchiveEnded(Truncated):
    """The tar data ended inside a member or before its end marker."""


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


def _read_exact(src: ReadStream, size: int, what: str) -> bytes:
    parts = []
    missing = size
    while missing:
        part = src.read(missing)
        if not part:
            raise ArchiveEnded(what=what, detail=N_("the archive ends inside a member"))
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def _number(field: bytes, what: str) -> int:
    text = field.rstrip(b"\0 ")
    if not text or not re.fullmatch(rb" *[0-7]+", text):
        raise NotRecognised(what=what, detail=N_("the archive inside is malformed"))
    return int(text, 8)


def _parse_header(block: bytes, what: str) -> tuple[str, int]:
    stored = _number(block[148:156], what)
    if stored != sum(block[:148]) + 8 * 32 + sum(block[156:]):
        raise NotRecognised(what=what, detail=N_("the archive inside is malformed"))
    if block[257:263] != b"ustar\0" or block[263:265] != b"00":
        raise UnsafeArchive(what=what, detail=N_("an archive that is not plain ustar"))
    kind = block[156:157]
    if kind not in (b"0", b"\0"):
        raise UnsafeArchive(
            what=what, detail=N_("a member that is not a regular file (link, folder, device…)")
        )
    raw_name = block[0:100].split(b"\0", 1)[0]
    prefix = block[345:500].split(b"\0", 1)[0]
    if prefix:
        raw_name = prefix + b"/" + raw_name
    try:
        name = raw_name.decode("ascii")
    except UnicodeDecodeError:
        raise UnsafeArchive(what=what, detail=N_("a member name that is not allowed")) from None
    if not check_name(name):
        raise UnsafeArchive(what=what, detail=N_("a member name that is not allowed"))
    return name, _number(block[124:136], what)


def extract(
    src: ReadStream,
    into: Path,
    *,
    max_entries: int,
    max_entry_size: int,
    max_total_size: int,
    what: str = N_("the archive"),
    on_bytes: Callable[[int], None] | None = None,
) -> list[Member]:
    """Extract the tar stream `src` into the existing empty folder `into`.

    Returns each member with its size and SHA-256. Raises `UnsafeArchive` before writing
    anything for a member that breaks a rule or limit; `NotRecognised` for a malformed
    archive; `Truncated` when it ends early. The caller removes `into` on error.
    """
    members: list[Member] = []
    seen: set[str] = set()
    folders: set[str] = set()
    total = 0
    root = os.open(into, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        while True:
            block = _read_exact(src, BLOCK, what)
            if block == bytes(BLOCK):
                _read_end(src, what)
                return members
            name, size = _parse_header(block, what)
            folded = name.casefold()
            parents = {"/".join(folded.split("/")[:i]) for i in range(1, folded.count("/") + 1)}
            if folded in seen or folded in folders or parents & seen:
                raise UnsafeArchive(what=what, detail=N_("a member name that appears twice"))
            total += size
            if len(members) >= max_entries:
                raise UnsafeArchive(what=what, detail=N_("too many members"))
            if size > max_entry_size or total > max_total_size:
                raise UnsafeArchive(what=what, detail=N_("members larger than allowed"))
            seen.add(folded)
            folders |= parents
            members.append(Member(name, size, _extract_one(src, root, name, size, what, on_bytes)))
    finally:
        os.close(root)


def _extract_one(
    src: ReadStream,
    root: int,
    name: str,
    size: int,
    what: str,
    on_bytes: Callable[[int], None] | None,
) -> str:
    parts = name.split("/")
    directory = os.dup(root)
    try:
        for part in parts[:-1]:
            try:
                os.mkdir(part, 0o700, dir_fd=directory)
            except FileExistsError:
                pass
            child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=directory)
            os.close(directory)
            directory = child
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        fd = os.open(parts[-1], flags, 0o600, dir_fd=directory)
    finally:
        os.close(directory)
    digest = hashlib.sha256()
    with os.fdopen(fd, "wb") as out:
        remaining = size
        while remaining:
            data = src.read(min(remaining, COPY))
            if not data:
                raise ArchiveEnded(what=what, detail=N_("the archive ends inside a member"))
            digest.update(data)
            out.write(data)
            remaining -= len(data)
            if on_bytes is not None:
                on_bytes(len(data))
    padding = _read_exact(src, -size % BLOCK, what)
    if padding.strip(b"\0"):
        raise NotRecognised(what=what, detail=N_("the archive inside is malformed"))
    return digest.hexdigest()


def _read_end(src: ReadStream, what: str) -> None:
    """After the first zero block: a second one, then only zero padding."""
    if _read_exact(src, BLOCK, what) != bytes(BLOCK):
        raise NotRecognised(what=what, detail=N_("the archive inside is malformed"))
    while data := src.read(COPY):
        if data.strip(b"\0"):
            raise UnsafeArchive(what=what, detail=N_("data after the end of the archive"))
