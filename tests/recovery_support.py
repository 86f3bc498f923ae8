"""Helpers for the recovery tests: enrolled laptops, Geneva's recovery key file, a request."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.crypto import keyfile
from app.store.database import Database
from app.sync import recovery
from app.sync.custody import keygen_text
from app.sync.repository import recovery as geneva
from app.sync.repository.store import Repository
from tests.support import FAST_KDF
from tests.sync_support import enrol_device, new_device

NEW_PASSPHRASE = "가을 하늘 새 비밀번호 purple monkey dishwasher"


@dataclass
class Laptop:
    path: Path
    folder: Path

    @property
    def keys(self) -> Path:
        return keyfile.keyfile_path(self.path)

    def request(self, name: str = "request.json", **given: str) -> recovery.RecoveryRequest:
        return recovery.write_request(
            self.path,
            self.folder / name,
            requested_by=given.get("requested_by", "김 조사관 (legal officer)"),
            reason=given.get("reason", "passphrase forgotten after leave"),
            new_passphrase=given.get("new_passphrase", NEW_PASSPHRASE),
            kdf_params=FAST_KDF,
        )

    def complete(self, response: Path, passphrase: str = NEW_PASSPHRASE) -> recovery.Completed:
        return recovery.complete(
            self.path, response, passphrase, actor="officer-1", kdf_params=FAST_KDF
        )

    def state(self) -> dict[str, str | None]:
        """Digests of every file a refusal must leave alone."""
        found: dict[str, str | None] = {}
        for path in (self.path, self.keys, recovery.pending_path(self.path)):
            found[path.name] = (
                hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
            )
        return found


def enrolled_laptop(folder: Path, repository: Repository, *, demo: bool = False) -> Laptop:
    """A laptop enrolled with `repository` (its key file then has a recovery slot), closed
    as if the passphrase were forgotten."""
    path = folder / "sillok.db"
    database = new_device(path)
    try:
        if demo:
            from app.demo import mark_as_demo

            mark_as_demo(database)
        enrol_device(database, repository, folder / "exchange")
    finally:
        database.close()
    return Laptop(path, folder)


def recovery_identity(repository: Repository, path: Path) -> Path:
    """Geneva's recovery keys as the custodians hold them (age-keygen format)."""
    keys = [k for k in (repository.keys.recovery, *repository.keys.retired_recovery) if k]
    path.write_text("".join(keygen_text(k, datetime.now(UTC)) for k in keys))
    return path


def answer(
    repository: Repository,
    request: recovery.RecoveryRequest,
    request_path: Path,
    out: Path,
    identity: Path,
) -> geneva.Recovered:
    return geneva.recover(
        repository,
        request_path,
        out,
        identity_path=identity,
        request_fingerprint=request.fingerprint,
        approved_by="Geneva duty officer",
    )


def opens(path: Path, passphrase: str) -> bool:
    from app.errors import WrongPassphrase

    try:
        Database.open(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True
