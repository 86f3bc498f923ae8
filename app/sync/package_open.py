"""Opening a package: decrypted while streamed, extracted safely, then every check of the
format (signature, recipient, sizes and hashes, SHA256SUMS), each with its own error; on
any failure nothing stays extracted (the format: app/sync/package.py,
docs/package-format.md).
"""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.errors import AlreadyExists
from app.formats import age, archive, minisign
from app.formats.errors import (
    BadSignature,
    ContentMismatch,
    NotForThisKey,
    NotRecognised,
    UnsafeArchive,
)
from app.i18n import N_
from app.sync.manifest import (
    CHECKSUMS,
    MANIFEST,
    SIGNATURE,
    Manifest,
    read_manifest,
    trusted_comment,
)
from app.sync.package_write import Progress


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
        if name not in {f.name for f in self.manifest.files}:
            raise KeyError(name)
        return self.folder / name


@dataclass(frozen=True)
class Limits:
    """Bounds the reader enforces before writing a byte, whatever the archive claims."""

    max_entries: int = 200_000
    max_entry_size: int = 8 * 1024**3 - 1
    max_total_size: int = 256 * 1024**3
    max_manifest_size: int = 64 * 1024**2


class _HashingReader(io.RawIOBase):
    """Reads from `src`, hashing what passes."""

    def __init__(self, src: BinaryIO) -> None:
        super().__init__()
        self.src = src
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.src.read(size)
        self.digest.update(data)
        return data


def _prepare(into: Path) -> bool:
    """Make sure `into` is an empty folder; whether it was created here."""
    if into.is_symlink():
        raise UnsafeArchive(what=str(into), detail=N_("the target folder is a link"))
    if into.exists():
        if not into.is_dir() or any(into.iterdir()):
            raise AlreadyExists(path=str(into))
        return False
    into.mkdir(mode=0o700, parents=True)
    return True


def _clear(into: Path, created: bool) -> None:
    if created:
        shutil.rmtree(into, ignore_errors=True)
        return
    for child in into.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _read_small(path: Path, limit: int, what: str) -> bytes:
    if path.stat().st_size > limit:
        raise UnsafeArchive(what=what, detail=N_("members larger than allowed"))
    return path.read_bytes()


def open_package(
    path: Path,
    *,
    identity: age.AgeIdentity,
    public_key_for: Callable[[str], minisign.PublicKey],
    into: Path,
    limits: Limits = Limits(),
    progress: Progress | None = None,
) -> OpenedPackage:
    """Decrypt `path` (streaming), extract it safely into `into`, and verify it all.

    `into` must not exist or be an empty folder. Checks, each with its own error
    (app/formats/errors.py): an age file at all (`NotRecognised`), decryptable by `identity`
    (`NotForThisKey`), not changed or extended (`Damaged`) nor cut short (`Truncated`), a
    safe archive within `limits` (`UnsafeArchive`), the manifest signed by the key that
    `public_key_for(device_id)` returns (which may raise the repository's own unknown or
    revoked device errors) (`BadSignature`), the manifest naming this identity's
    recipient (`NotForThisKey`), and every file present with its size and SHA-256, none
    missing or extra (`ContentMismatch`). On any failure everything written under `into`
    is removed again.
    """
    path, into = Path(path), Path(into)
    what = str(path)
    size = path.stat().st_size
    created = _prepare(into)
    try:
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(done, size, path.name)

        with path.open("rb") as raw:
            hashing = _HashingReader(raw)
            decryptor = age.Decryptor(hashing, [identity], what=what, granularity=archive.BLOCK)
            try:
                members = archive.extract(
                    decryptor,
                    into,
                    max_entries=limits.max_entries,
                    max_entry_size=limits.max_entry_size,
                    max_total_size=limits.max_total_size,
                    what=what,
                    on_bytes=advance,
                )
            except archive.ArchiveEnded:
                # The age stream ended at its authenticated final chunk (a cut file is
                # `Truncated` from the decryptor), so a member claimed more bytes than the
                # sender put in the package: a crafted archive.
                raise UnsafeArchive(
                    what=what, detail=N_("a member claims more data than the package holds")
                ) from None
            if hashing.read(1):  # the decryptor has read to the end; nothing may follow
                raise NotRecognised(what=what, detail=N_("the archive inside is malformed"))
        found = {member.name: member for member in members}
        if MANIFEST not in found:
            raise NotRecognised(what=what, detail=N_("it has no manifest"))
        if SIGNATURE not in found:
            raise BadSignature(what=what, detail=N_("the signature is missing"))
        data = _read_small(into / MANIFEST, limits.max_manifest_size, what)
        signature = _read_small(into / SIGNATURE, 64 * 1024, what)
        manifest = read_manifest(data, what=what)
        public_key = public_key_for(manifest.device_id)
        try:
            signature_text = signature.decode("utf-8")
        except UnicodeDecodeError:
            raise BadSignature(what=what, detail=N_("the signature file is malformed")) from None
        comment = public_key.verify(data, signature_text, what=what)
        if comment != trusted_comment(manifest) or manifest.signer_key_id != public_key.id_text:
            raise BadSignature(what=what, detail=N_("the trusted comment does not match"))
        mine = identity.recipient
        if manifest.recipient != str(mine) or manifest.recipient_key_id != mine.key_id:
            raise NotForThisKey(what=what, detail=N_("the signed manifest names another key"))
        _check_contents(manifest, found, into, what)
    except BaseException:
        _clear(into, created)
        raise
    return OpenedPackage(path, hashing.digest.hexdigest(), into, manifest, comment)


def _check_contents(
    manifest: Manifest, found: Mapping[str, archive.Member], into: Path, what: str
) -> None:
    """Every listed file present with its size and hash; nothing else; SHA256SUMS agrees."""
    listed = {f.name: f for f in manifest.files}
    for name in sorted(set(found) - set(listed) - {MANIFEST, SIGNATURE}):
        raise ContentMismatch(what=what, detail=N_("a file not listed in the manifest"), name=name)
    for name in sorted(set(listed) - set(found)):
        raise ContentMismatch(what=what, detail=N_("a listed file is missing"), name=name)
    for name, entry in listed.items():
        if found[name].size != entry.size or found[name].sha256 != entry.sha256:
            raise ContentMismatch(what=what, detail=N_("a file differs from its hash"), name=name)
    if CHECKSUMS not in listed:
        raise ContentMismatch(what=what, detail=N_("a listed file is missing"), name=CHECKSUMS)
    expected = "".join(
        f"{f.sha256}  {f.name}\n" for f in manifest.files if f.name != CHECKSUMS
    ).encode("ascii")
    if (into / CHECKSUMS).read_bytes() != expected:
        raise ContentMismatch(
            what=what, detail=N_("the checksum list differs from the manifest"), name=CHECKSUMS
        )
