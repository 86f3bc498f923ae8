"""The package manifest: what is signed, and its strict reader.

`manifest.json` is UTF-8 JSON, one object with exactly the fields of `Manifest` (see
docs/package-format.md). The reader refuses duplicate keys (two parsers could otherwise
disagree on which value was signed), non-finite numbers, unknown fields, unsafe or
repeated file names and malformed hashes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.formats import archive
from app.formats.errors import NotRecognised, UnsupportedFormat
from app.i18n import N_

FORMAT_NAME = "sillok-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
CHECKSUMS = "SHA256SUMS"
RESERVED_NAMES = frozenset({MANIFEST, SIGNATURE, CHECKSUMS})
DEVICE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
SHA256 = re.compile(r"[0-9a-f]{64}")
KEY_ID = re.compile(r"[0-9a-f]{16}")
SIGNER_KEY_ID = re.compile(r"[0-9A-F]{16}")
FIELDS = (
    "format",
    "format_version",
    "device_id",
    "sequence",
    "previous_package_sha256",
    "recipient",
    "recipient_key_id",
    "signer_key_id",
    "created_at",
    "files",
    "extra",
)


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
    """A parsed manifest (`raw` holds its exact signed bytes)."""

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


def trusted_comment(manifest: Manifest) -> str:
    """The one-line trusted comment signed with the manifest (shown by `minisign -V`)."""
    return (
        f"{FORMAT_NAME} v{manifest.format_version} device:{manifest.device_id} "
        f"sequence:{manifest.sequence} recipient:{manifest.recipient_key_id}"
    )


def manifest_bytes(fields: Mapping[str, Any]) -> bytes:
    return (json.dumps(fields, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError("duplicate key")
        result[key] = value
    return result


def _no_constant(_name: str) -> Any:
    raise ValueError("non-finite number")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def read_manifest(data: bytes, *, what: str = N_("the manifest")) -> Manifest:
    """Parse and check manifest bytes (the signature is checked by the caller)."""
    malformed = NotRecognised(what=what, detail=N_("the manifest is malformed"))
    try:
        fields = json.loads(
            data.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise malformed from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT_NAME:
        raise malformed
    version = fields.get("format_version")
    if isinstance(version, int) and _is_int(version) and version > FORMAT_VERSION:
        raise UnsupportedFormat(what=what, detail=N_("a newer package format"))
    if version != FORMAT_VERSION or set(fields) != set(FIELDS):
        raise malformed
    files = fields["files"]
    previous = fields["previous_package_sha256"]
    checks = (
        isinstance(fields["device_id"], str) and DEVICE_ID.fullmatch(fields["device_id"]),
        _is_int(fields["sequence"]),
        previous is None or (isinstance(previous, str) and SHA256.fullmatch(previous)),
        isinstance(fields["recipient"], str),
        isinstance(fields["recipient_key_id"], str)
        and KEY_ID.fullmatch(fields["recipient_key_id"]),
        isinstance(fields["signer_key_id"], str)
        and SIGNER_KEY_ID.fullmatch(fields["signer_key_id"]),
        isinstance(fields["created_at"], str),
        isinstance(fields["extra"], dict),
        isinstance(files, list),
    )
    if not all(checks):
        raise malformed
    listed: list[ManifestFile] = []
    seen: set[str] = set()
    for entry in files:
        if not (
            isinstance(entry, dict)
            and set(entry) == {"name", "size", "sha256"}
            and isinstance(entry["name"], str)
            and archive.check_name(entry["name"])
            and entry["name"] not in (MANIFEST, SIGNATURE)
            and entry["name"].casefold() not in seen
            and _is_int(entry["size"])
            and isinstance(entry["sha256"], str)
            and SHA256.fullmatch(entry["sha256"])
        ):
            raise malformed
        seen.add(entry["name"].casefold())
        listed.append(ManifestFile(entry["name"], entry["size"], entry["sha256"]))
    return Manifest(
        format=FORMAT_NAME,
        format_version=FORMAT_VERSION,
        device_id=fields["device_id"],
        sequence=fields["sequence"],
        previous_package_sha256=previous,
        recipient=fields["recipient"],
        recipient_key_id=fields["recipient_key_id"],
        signer_key_id=fields["signer_key_id"],
        created_at=fields["created_at"],
        files=tuple(listed),
        extra=fields["extra"],
        raw=bytes(data),
    )
