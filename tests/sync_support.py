"""Helpers for the sync and repository tests: a Geneva repository and enrolled devices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.store.database import Database
from app.sync import enrolment
from app.sync.repository.devices import enrol
from app.sync.repository.store import Repository
from tests.support import FAST_KDF, PASSPHRASE

GENEVA_PASSPHRASE = "제네바 저장소 correct horse battery staple"


@dataclass
class Field:
    """A field device (its open database) enrolled with `repository`."""

    database: Database
    repository: Repository
    folder: Path


def new_repository(folder: Path, *, demo: bool = False) -> Repository:
    return Repository.init(folder, GENEVA_PASSPHRASE, demo=demo, kdf_params=FAST_KDF)


def new_device(path: Path) -> Database:
    return Database.create(path, PASSPHRASE, FAST_KDF)


def enrol_device(
    database: Database, repository: Repository, folder: Path, *, valid_days: int = 365
) -> enrolment.Accepted:
    folder.mkdir(parents=True, exist_ok=True)
    existing = len(list(folder.glob("request-*.json")))
    request = folder / f"request-{existing}.json"
    bundle = folder / f"bundle-{existing}.json"
    if not request.exists():
        enrolment.write_request(database, request, "laptop 1")
    enrol(repository, request, bundle, valid_days=valid_days)
    return enrolment.accept_bundle(database, bundle)
