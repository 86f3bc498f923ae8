"""Writing a package: streamed once through the tar writer, the age encryptor and a
hashing, flushing writer into a temporary file that takes its name only when complete
(the format: app/sync/package.py, docs/package-format.md).
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.errors import AlreadyExists
from app.formats import age, archive, minisign
from app.formats.flushing import BackgroundFlush
from app.formats.hashing import BackgroundSha256
from app.sync.manifest import (
    CHECKSUMS,
    DEVICE_ID,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    RESERVED_NAMES,
    SIGNATURE,
    Manifest,
    ManifestFile,
    ManifestHeader,
    manifest_bytes,
    read_manifest,
    trusted_comment,
)

Progress = Callable[[int, int | None, str], None]
"""`progress(done_bytes, total_bytes_or_None, label)`; raising from it cancels the write."""


@dataclass(frozen=True)
class PackageEntry:
    """One content file: its name in the package, its exact size, and how to read it.

    `open` is called once, when the entry is written, and must return a binary stream of
    exactly `size` bytes (it is closed after). Names are relative POSIX paths of ASCII
    letters, digits and `._-/`, at most 100 bytes, not one of the reserved names.
    """

    name: str
    size: int
    open: Callable[[], BinaryIO]


@dataclass(frozen=True)
class WrittenPackage:
    path: Path
    sha256: str
    """SHA-256 (hex) of the whole package file: the next package's `previous_package_sha256`."""
    size: int
    manifest: Manifest


class _HashingWriter(io.RawIOBase):
    """Passes writes to `dst` in blocks of `BLOCK` bytes (the encryptor writes 64 KiB
    chunks: a block is one hash update and one system call for 16 of them), hashing and
    counting them, and flushing them to the disk; `finish()` writes the rest."""

    BLOCK = 1024 * 1024

    def __init__(self, dst: BinaryIO) -> None:
        super().__init__()
        self.dst = dst
        self.digest = BackgroundSha256()
        self.flushing = BackgroundFlush(dst)
        self.size = 0
        self._pieces: list[bytes] = []
        self._pending = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._pieces.append(data if isinstance(data, bytes) else bytes(data))
        self._pending += len(data)
        if self._pending >= self.BLOCK:
            self._emit()
        return len(data)

    def _emit(self) -> None:
        block = b"".join(self._pieces)
        self._pieces.clear()
        self._pending = 0
        self.digest.update(block)
        self.dst.write(block)
        self.size += len(block)
        self.flushing.wrote(len(block))

    def finish(self) -> None:
        """Write what is left, then make the whole file durable."""
        if self._pieces:
            self._emit()
        self.flushing.finish()


def _check_entries(entries: list[PackageEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        folded = entry.name.casefold()
        if (
            not archive.check_name(entry.name)
            or entry.name in RESERVED_NAMES
            or folded in seen
            or entry.size < 0
        ):
            raise ValueError(f"package entry name not allowed or twice: {entry.name!r}")
        seen.add(folded)


def write_package(
    out: Path,
    *,
    entries: Iterable[PackageEntry],
    header: ManifestHeader,
    signer: minisign.SigningKey,
    recipient: age.AgeRecipient,
    progress: Progress | None = None,
    before_publish: Callable[[str], None] | None = None,
    reserve: bool = False,
) -> WrittenPackage:
    """Write a package to `out`, streaming every entry once (constant memory).

    The bytes go to a temporary file in the same folder, renamed to `out` only when
    complete and flushed; on any exception (including one raised by `progress`, which is
    how a caller cancels, or by `before_publish`, called with the file's SHA-256 just
    before it takes its name) no partial file remains. Refuses to overwrite `out`
    (`AlreadyExists`). Returns the path, the SHA-256 of the whole file and the manifest.

    With `reserve`, the name is taken first (an empty file made with O_CREAT|O_EXCL, 0600)
    and the finished file replaces that placeholder, once it is checked to be still ours
    and empty: what `before_publish` records is then not lost to another program taking
    the name meanwhile. On an exception the placeholder goes too (if still ours).
    """
    out = Path(out)
    items = list(entries)
    _check_entries(items)
    if not DEVICE_ID.fullmatch(header.device_id) or header.sequence < 0:
        raise ValueError("device id or sequence not allowed")
    if out.exists():
        raise AlreadyExists(path=str(out))
    reserved = _reserve(out) if reserve else None
    total = sum(item.size for item in items)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total, out.name)

    try:
        fd, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    except BaseException:
        _unreserve(out, reserved)
        raise
    hashing: _HashingWriter | None = None
    finished: os.stat_result | None = None
    try:
        with os.fdopen(fd, "wb") as raw:
            hashing = _HashingWriter(raw)
            encryptor = age.Encryptor(hashing, [recipient])
            tar = archive.TarWriter(encryptor, mtime=int(time.time()), on_bytes=advance)
            files: list[ManifestFile] = []
            for item in items:
                if progress is not None:
                    progress(done, total, item.name)
                with item.open() as stream:
                    files.append(
                        ManifestFile(item.name, item.size, tar.add(item.name, item.size, stream))
                    )
            tar.on_bytes = None
            sums = "".join(f"{f.sha256}  {f.name}\n" for f in files).encode("ascii")
            files.append(
                ManifestFile(CHECKSUMS, len(sums), tar.add(CHECKSUMS, len(sums), io.BytesIO(sums)))
            )
            fields: dict[str, Any] = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "device_id": header.device_id,
                "sequence": header.sequence,
                "previous_package_sha256": header.previous_package_sha256,
                "recipient": str(recipient),
                "recipient_key_id": recipient.key_id,
                "signer_key_id": signer.public_key.id_text,
                "created_at": header.created_at,
                "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in files],
                "extra": dict(header.extra),
            }
            manifest = read_manifest(manifest_bytes(fields))
            signature = signer.sign(manifest.raw, trusted_comment(manifest)).encode("ascii")
            tar.add(MANIFEST, len(manifest.raw), io.BytesIO(manifest.raw))
            tar.add(SIGNATURE, len(signature), io.BytesIO(signature))
            tar.close()
            encryptor.close()
            hashing.finish()
        if before_publish is not None:
            before_publish(hashing.digest.hexdigest())
        finished = os.stat(temporary)
        _publish(Path(temporary), out, reserved)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        _unreserve(out, reserved)
        if finished is not None:  # named, then the folder could not be flushed: not kept
            _unreserve(out, finished, empty=False)
        raise
    finally:
        if hashing is not None:
            hashing.digest.stop()
            hashing.flushing.stop()
    return WrittenPackage(out, hashing.digest.hexdigest(), hashing.size, manifest)


def _reserve(out: Path) -> os.stat_result:
    """Take the name `out` (an empty file of ours), or `AlreadyExists`."""
    try:
        fd = os.open(out, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise AlreadyExists(path=str(out)) from None
    try:
        return os.fstat(fd)
    finally:
        os.close(fd)


def _ours(out: Path, reserved: os.stat_result, *, empty: bool = True) -> bool:
    """Whether `out` is still the file `reserved` describes (the empty placeholder made
    by `_reserve`, unless not `empty`)."""
    try:
        now = os.lstat(out)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (reserved.st_dev, reserved.st_ino) and (
        not empty or now.st_size == 0
    )


def _unreserve(out: Path, reserved: os.stat_result | None, *, empty: bool = True) -> None:
    """Remove `out` if it is still the file `reserved` describes."""
    if reserved is not None and _ours(out, reserved, empty=empty):
        out.unlink(missing_ok=True)


def _publish(temporary: Path, out: Path, reserved: os.stat_result | None = None) -> None:
    """Give the finished file its name without ever replacing an existing file (with a
    reservation: replacing only our own empty placeholder)."""
    if reserved is not None:
        if not _ours(out, reserved):
            raise AlreadyExists(path=str(out))
        os.replace(temporary, out)
    else:
        try:
            os.link(temporary, out)
        except FileExistsError:
            raise AlreadyExists(path=str(out)) from None
        except OSError:  # a file system without hard links (FAT on a USB stick)
            if out.exists():
                raise AlreadyExists(path=str(out)) from None
            os.rename(temporary, out)
        else:
            temporary.unlink()
    directory = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
