"""Attachment files (scans, sketch maps, photos), each encrypted with age when added.

The encrypted files live in a folder beside the database, `<database>.attachments/`,
one `<attachment id>.age` each; the record (`AttachmentMeta`) holds the name, type, size
and SHA-256 of the plaintext. Recipients: the device-local age identity (so the device
can show the file again) and, once the device is enrolled, Geneva's package key. The
export copies these files byte for byte into the package; files added before enrolment
are re-wrapped (`rewrap_all`: a new header for the same file key, the payload untouched)
when the first trust bundle is loaded. The plaintext is never written to disk.
`problems` (run by `sillok check`) finds a record whose file is missing or does not
decrypt to the recorded size and SHA-256; backups copy the folder as it is
(app/store/backup.py).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from uuid import UUID

from pydantic import ValidationError

from app.domain.attachments import AttachmentMeta
from app.errors import InvalidInput, SillokError
from app.files import fsync_directory
from app.formats import age
from app.formats.errors import FormatError
from app.i18n import N_, _
from app.store.database import Database
from app.store.keys import DeviceKeys, device_keys

CHUNK = 1024 * 1024


class AttachmentUnavailable(SillokError):
    exit_code = 39
    template = N_(
        "The encrypted file of attachment {name} is missing or damaged ({detail}). "
        "Nothing was exported. Restore the attachments folder from the same backup as the "
        "database."
    )


def folder_for(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + ".attachments")


def file_for(database_path: Path, attachment_id: UUID) -> Path:
    return folder_for(database_path) / f"{attachment_id}.age"


def recipients(keys: DeviceKeys, geneva: age.AgeRecipient | None) -> list[age.AgeRecipient]:
    """The device's own recipient, and Geneva's package recipient once enrolled (the
    caller reads it from the trust bundle: the store knows nothing of enrolment)."""
    return [keys.recipient] if geneva is None else [keys.recipient, geneva]


@dataclass(frozen=True)
class Encrypted:
    path: Path
    size: int
    sha256: str
    """Of the plaintext."""


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def _finish(temporary: Path, target: Path) -> None:
    os.replace(temporary, target)
    fsync_directory(target.parent)


def encrypt_file(source: Path, target: Path, to: Sequence[age.AgeRecipient]) -> Encrypted:
    """Encrypt `source` into `target` (streaming); the plaintext's size and SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    size = 0
    temporary = _temporary(target)
    try:
        with open(source, "rb") as plain, open(temporary, "xb") as sealed:
            os.chmod(temporary, 0o600)
            with age.Encryptor(sealed, to) as encryptor:
                while chunk := plain.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    encryptor.write(chunk)
            sealed.flush()
            os.fsync(sealed.fileno())
        _finish(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if not source.is_file():
            raise InvalidInput(detail=f"{source}: {error.strerror}") from error
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Encrypted(target, size, digest.hexdigest())


def open_encrypted(database_path: Path, attachment_id: UUID, filename: str) -> BinaryIO:
    path = file_for(database_path, attachment_id)
    try:
        return open(path, "rb")
    except OSError as error:
        raise AttachmentUnavailable(name=filename, detail=error.strerror or str(error)) from error


def decrypt(database_path: Path, attachment_id: UUID, filename: str, keys: DeviceKeys) -> bytes:
    """The plaintext of an attachment, in memory (for showing it; never written out)."""
    with open_encrypted(database_path, attachment_id, filename) as source:
        try:
            return age.Decryptor(source, [keys.identity], what=filename).read()
        except FormatError as error:
            raise AttachmentUnavailable(name=filename, detail=error.message()) from error


def rewrap_all(database_path: Path, keys: DeviceKeys, to: Sequence[age.AgeRecipient]) -> int:
    """Give every attachment file the recipients `to` (payloads copied unchanged)."""
    folder = folder_for(database_path)
    count = 0
    for path in sorted(folder.glob("*.age")) if folder.is_dir() else []:
        temporary = _temporary(path)
        try:
            with open(path, "rb") as source, open(temporary, "xb") as target:
                age.rewrap(source, target, keys.identity, to, what=path.name)
                target.flush()
                os.fsync(target.fileno())
            _finish(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        count += 1
    return count


def problems(database: Database) -> list[str]:
    """Every attachment record whose encrypted file is missing, unreadable, does not
    authenticate with this device's key, or does not decrypt to the recorded size and
    SHA-256 (streamed: constant memory). The records are read in one short read; the
    files after it, without holding the database. Raises nothing for a bad file."""
    with database.reading() as connection:
        keys = device_keys(connection)
        rows = connection.execute("SELECT id, body FROM attachments ORDER BY id").fetchall()
    found: list[str] = []
    for record_id, body in rows:
        try:
            meta = AttachmentMeta.model_validate_json(body)
        except ValidationError:
            found.append(_("attachment {id}: the record cannot be read").format(id=record_id))
            continue
        problem = _file_problem(database.path, meta, keys)
        if problem is not None:
            found.append(
                _("attachment {name} ({id}): {problem}").format(
                    name=meta.filename, id=meta.id, problem=problem
                )
            )
    return found


def _file_problem(database_path: Path, meta: AttachmentMeta, keys: DeviceKeys | None) -> str | None:
    path = file_for(database_path, meta.id)
    if not path.is_file():
        return _("the encrypted file {file} is missing").format(file=path.name)
    if keys is None:
        return _("this database has no device key to open it")
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as source:
            decryptor = age.Decryptor(source, [keys.identity], what=path.name)
            while chunk := decryptor.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except FormatError as error:
        return _("the encrypted file is damaged: {detail}").format(detail=error.message())
    except OSError as error:
        return _("the encrypted file cannot be read: {detail}").format(
            detail=error.strerror or str(error)
        )
    if (size, digest.hexdigest()) != (meta.size, meta.sha256):
        return _("the file decrypts, but not to the content recorded (size or SHA-256)")
    return None
