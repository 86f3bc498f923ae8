"""The package container: signed, then encrypted, tar of open-format files.

A package file is an age file (X25519, to Geneva's package recipient) whose plaintext is an
uncompressed POSIX ustar archive. Its members, in this order: the content files (names
chosen by the caller, e.g. `records/interviews.jsonl`, `attachments/<id>.age`), then
`SHA256SUMS` (`sha256sum -c` format, every content file), then `manifest.json` (device,
sequence, previous package hash, recipient, size and SHA-256 of every other file) and last
`manifest.json.minisig` (the device's minisign signature over the exact manifest bytes).
The format and the threat each check answers are in docs/package-format.md. Writing is in
package_write.py, opening and checking in package_open.py; callers import both from here.
"""

from __future__ import annotations

from app.sync.manifest import (
    CHECKSUMS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    Manifest,
    ManifestFile,
    ManifestHeader,
    read_manifest,
    trusted_comment,
)
from app.sync.package_open import Limits, OpenedPackage, open_package
from app.sync.package_write import PackageEntry, WrittenPackage, write_package

__all__ = [
    "CHECKSUMS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MANIFEST",
    "SIGNATURE",
    "Limits",
    "Manifest",
    "ManifestFile",
    "ManifestHeader",
    "OpenedPackage",
    "PackageEntry",
    "WrittenPackage",
    "open_package",
    "read_manifest",
    "trusted_comment",
    "write_package",
]
