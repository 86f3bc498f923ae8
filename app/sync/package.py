"""The package container: signed, then encrypted, tar of open-format files.

A package file is an age file (X25519, to Geneva's package recipient) whose plaintext is an
uncompressed POSIX ustar archive. Its members, in this order: the content files (names
chosen by the caller, e.g. `records/interviews.jsonl`, `attachments/<id>.age`), then
`SHA256SUMS` (`sha256sum -c` format, every content file), then `manifest.json` (device,
sequence, previous package hash, recipient, size and SHA-256 of every other file) and last
`manifest.json.minisig` (the device's minisign signature over the exact manifest bytes).
The format and the threat each check answers are in docs/package-format.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.sync import age, minisign

FORMAT_NAME = "sillok-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
CHECKSUMS = "SHA256SUMS"
RESERVED_NAMES = frozenset({MANIFEST, SIGNATURE, CHECKSUMS})

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
class ManifestHeader:
    """What the caller says about the package; the writer adds recipient, files and times.

    `extra` is any JSON object the repository layer needs signed with the manifest
    (e.g. the audit checkpoint, the versions used); it is stored under `"extra"`.
    """

    device_id: str
    sequence: int
    previous_package_sha256: str | None
    created_at: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ManifestFile:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """The parsed, verified manifest (`raw` holds its exact signed bytes)."""

    format: str
    format_version: int
    device_id: str
    sequence: int
    previous_package_sha256: str | None
    recipient: str
    recipient_key_id: str
    signer_key_id: str
    created_at: str
    files: tuple[ManifestFile, ...]
    extra: Mapping[str, Any]
    raw: bytes


@dataclass(frozen=True)
class WrittenPackage:
    path: Path
    sha256: str
    """SHA-256 (hex) of the whole package file: the next package's `previous_package_sha256`."""
    size: int
    manifest: Manifest


@dataclass(frozen=True)
class OpenedPackage:
    """A verified package extracted into `folder` (content files at their package names)."""

    path: Path
    sha256: str
    folder: Path
    manifest: Manifest
    trusted_comment: str

    def file(self, name: str) -> Path:
        """The extracted content file `name` (one listed in the manifest)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Limits:
    """Bounds the reader enforces before writing a byte, whatever the archive claims."""

    max_entries: int = 200_000
    max_entry_size: int = 8 * 1024**3 - 1
    max_total_size: int = 256 * 1024**3
    max_manifest_size: int = 64 * 1024**2


def write_package(
    out: Path,
    *,
    entries: Iterable[PackageEntry],
    header: ManifestHeader,
    signer: minisign.SigningKey,
    recipient: age.AgeRecipient,
    progress: Progress | None = None,
) -> WrittenPackage:
    """Write a package to `out`, streaming every entry once (constant memory).

    The bytes go to a temporary file in the same folder, renamed to `out` only when
    complete and flushed; on any exception (including one raised by `progress`, which is
    how a caller cancels) no partial file remains. Refuses to overwrite `out`
    (`AlreadyExists`). Returns the path, the SHA-256 of the whole file and the manifest.
    """
    raise NotImplementedError


def open_package(
    path: Path,
    *,
    identity: age.AgeIdentity,
    public_key_for: Callable[[str], minisign.PublicKey],
    into: Path,
    limits: Limits = Limits(),  # noqa: B008 - frozen, immutable default
    progress: Progress | None = None,
) -> OpenedPackage:
    """Decrypt `path` (streaming), extract it safely into `into`, and verify it all.

    `into` must not exist or be an empty folder. Checks, each with its own error
    (app/sync/errors.py): an age file at all (`NotRecognised`), decryptable by `identity`
    (`NotForThisKey`), not changed or extended (`Damaged`) nor cut short (`Truncated`), a
    safe archive within `limits` (`UnsafeArchive`), the manifest signed by the key that
    `public_key_for(device_id)` returns (which may raise the repository's own unknown or
    revoked device errors) (`BadSignature`), the manifest naming this identity's
    recipient (`NotForThisKey`), and every file present with its size and SHA-256, none
    missing or extra (`ContentMismatch`). On any failure everything written under `into`
    is removed again.
    """
    raise NotImplementedError


def read_manifest(data: bytes, *, what: str = "") -> Manifest:
    """Parse manifest bytes (without checking the signature)."""
    raise NotImplementedError
