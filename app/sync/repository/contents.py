"""Reading a verified package's contents at Geneva, checking each before anything is
merged: every record line a valid record of a known kind, every attachment decrypting to
the size and SHA-256 its record states, the audit trail linked entry by entry to the head
the device signed (and to the entries Geneva already holds from that database).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.domain import record_type
from app.domain.people import SealedIdentity
from app.formats import age, signed
from app.formats.errors import ContentMismatch, FormatError
from app.i18n import N_
from app.store.audit import AuditEntry
from app.sync.package import OpenedPackage
from app.sync.repository.devices import public_key_for
from app.sync.repository.store import Repository
from app.sync.selection import SCOPES

CHUNK = 1024 * 1024


@dataclass
class Contents:
    records: list[tuple[str, str, int, int, str | None, str, str | None]] = field(
        default_factory=list
    )
    """(kind, id, version, deleted, body, body sha256, interview id)."""
    attachments: list[tuple[str, str, str, int, Path]] = field(default_factory=list)
    """(attachment id, plaintext sha256, file sha256, size, extracted path)."""
    audit: list[tuple[int, str, str]] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)


def _mismatch(opened: OpenedPackage, name: str, detail: str) -> ContentMismatch:
    return ContentMismatch(what=str(opened.path), detail=detail, name=name)


def _json_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            yield number, line.rstrip(b"\n")


def _records(opened: OpenedPackage, contents: Contents) -> None:
    for item in opened.manifest.files:
        name = item.name
        if not (name.startswith("records/") and name.endswith(".jsonl")):
            continue
        kind = name[len("records/") : -len(".jsonl")]
        for number, line in _json_lines(opened.file(name)):
            where = f"{name}:{number}"
            try:
                if kind == "deleted":
                    value = json.loads(line)
                    if value.get("kind") not in SCOPES or not isinstance(value.get("version"), int):
                        raise ValueError
                    contents.records.append(
                        (
                            value["kind"],
                            str(value["id"]),
                            value["version"],
                            1,
                            None,
                            hashlib.sha256(line).hexdigest(),
                            None,
                        )
                    )
                    continue
                model = SealedIdentity if kind == "sealed_identity" else record_type(kind)
                if kind not in SCOPES:
                    raise KeyError(kind)
                record = model.model_validate_json(line)
            except (KeyError, ValueError, ValidationError, TypeError, AttributeError) as error:
                raise _mismatch(opened, where, N_("not a valid record")) from error
            interview = getattr(record, "interview_id", None)
            if kind == "interview":
                interview = record.id
            contents.records.append(
                (
                    kind,
                    str(record.id),
                    record.version,
                    0,
                    line.decode("utf-8"),
                    hashlib.sha256(line).hexdigest(),
                    None if interview is None else str(interview),
                )
            )


def _attachments(opened: OpenedPackage, contents: Contents, repository: Repository) -> None:
    declared = {
        record_id: json.loads(body or "{}")
        for kind, record_id, _v, _d, body, _s, _i in contents.records
        if kind == "attachment"
    }
    for item in opened.manifest.files:
        if not item.name.startswith("attachments/"):
            continue
        attachment_id = item.name[len("attachments/") : -len(".age")]
        meta = declared.get(attachment_id)
        if meta is None or not item.name.endswith(".age"):
            raise _mismatch(opened, item.name, N_("no attachment record for it"))
        digest, size = hashlib.sha256(), 0
        try:
            with open(opened.file(item.name), "rb") as source:
                plain = age.Decryptor(source, [repository.keys.package], what=item.name)
                while chunk := plain.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except FormatError as error:
            raise _mismatch(opened, item.name, error.message()) from error
        if digest.hexdigest() != meta["sha256"] or size != meta["size"]:
            raise _mismatch(opened, item.name, N_("not the file its record describes"))
        contents.attachments.append(
            (attachment_id, meta["sha256"], item.sha256, item.size, opened.file(item.name))
        )


def _audit(opened: OpenedPackage, contents: Contents, repository: Repository) -> None:
    checkpoint = opened.manifest.extra.get("audit")
    if not isinstance(checkpoint, dict):
        raise _mismatch(opened, "manifest.json", N_("no audit checkpoint"))
    body = opened.file("audit/checkpoint.json").read_bytes()
    signature = opened.file("audit/checkpoint.json.minisig").read_text("ascii")
    key = public_key_for(repository, opened.manifest.device_id)
    if body != signed.canonical(checkpoint) or not signed.verify(body, signature, key):
        raise _mismatch(opened, "audit/checkpoint.json", N_("not the checkpoint signed"))
    database_id = checkpoint["database_id"]
    previous: str | None = None
    first = int(checkpoint["from_seq"])
    if first > 1:
        with repository.reading() as connection:
            row = connection.execute(
                "SELECT entry_hash FROM audit_entries WHERE database_id = ? AND seq = ?",
                (database_id, first - 1),
            ).fetchone()
        previous = row[0] if row else None
    else:
        from app.store.audit import genesis_hash

        previous = genesis_hash(database_id)
    seq = first - 1
    for number, line in _json_lines(opened.file("audit/trail.jsonl")):
        try:
            value: dict[str, Any] = json.loads(line)
            redacted = value.pop("redacted")
            entry = AuditEntry(**value)
        except (ValueError, TypeError, KeyError) as error:
            raise _mismatch(
                opened, f"audit/trail.jsonl:{number}", N_("not an audit entry")
            ) from error
        seq += 1
        if entry.seq != seq or (previous is not None and entry.prev_hash != previous):
            raise _mismatch(
                opened, f"audit/trail.jsonl:{number}", N_("does not link to the entry before")
            )
        if not redacted and entry.entry_hash != entry.expected_hash():
            raise _mismatch(opened, f"audit/trail.jsonl:{number}", N_("does not match its hash"))
        previous = entry.entry_hash
        contents.audit.append((entry.seq, line.decode("utf-8"), entry.entry_hash))
    if seq != checkpoint["to_seq"] or previous != checkpoint["head_hash"]:
        raise _mismatch(opened, "audit/trail.jsonl", N_("does not end at the signed checkpoint"))


def read_contents(opened: OpenedPackage, repository: Repository) -> Contents:
    """Every part checked (ContentMismatch, exit 25, for anything missing or malformed,
    even when the device signed it)."""
    contents = Contents()
    try:
        _records(opened, contents)
        _attachments(opened, contents, repository)
        _audit(opened, contents, repository)
        contents.withheld = [
            line.decode("utf-8") for _n, line in _json_lines(opened.file("withheld.jsonl")) if line
        ]
    except KeyError as error:  # a file every package holds is not in its manifest
        raise _mismatch(opened, str(error.args[0]), N_("missing from the package")) from error
    except (ValueError, TypeError, AttributeError) as error:
        raise _mismatch(opened, "manifest.json", N_("a part is malformed")) from error
    return contents
