"""Helpers for the sync and repository tests: a Geneva repository and enrolled devices."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Interview,
    Interviewee,
    TextValue,
    new_pseudonymous_code,
)
from app.store.database import Database
from app.sync import enrolment
from app.sync.repository.devices import enrol
from app.sync.repository.store import Repository
from tests.support import FAST_KDF, PASSPHRASE

ALL_SCOPES = frozenset(ConsentScope)
GENEVA_PASSPHRASE = "제네바 저장소 correct horse battery staple"


@dataclass
class Field:
    """A field device (its open database) enrolled with `repository`."""

    database: Database
    repository: Repository
    folder: Path


def run_tool(*args: str, cwd: Path | None = None, data: bytes | None = None) -> str:
    """Run a standard tool (age, tar, minisign, sha256sum…); its output, or fail the test."""
    done = subprocess.run(args, cwd=cwd, input=data, capture_output=True, check=False)
    assert done.returncode == 0, (args, done.stderr.decode(errors="replace"))
    return done.stdout.decode(errors="replace")


def open_package_by_hand(package: Path, key_file: Path, device_pub: Path, into: Path) -> str:
    """docs/package-format.md, "Opening a package by hand", with only the standard tools:
    decrypt with `age -d -i key_file`, unpack with `tar` into `into`, verify the manifest
    with `minisign`, check every file with `sha256sum`. Returns what minisign printed."""
    tar = into.with_name(into.name + ".tar")
    run_tool("age", "-d", "-i", str(key_file), "-o", str(tar), str(package))
    into.mkdir()
    run_tool("tar", "-x", "-f", str(tar), cwd=into)
    tar.unlink()
    verified = run_tool("minisign", "-Vm", "manifest.json", "-p", str(device_pub), cwd=into)
    assert "Signature and comment signature verified" in verified
    checked = run_tool("sha256sum", "--strict", "-c", "SHA256SUMS", cwd=into)
    assert checked and "FAILED" not in checked
    return verified


SERVER: Callable[[], str] | None = None
"""Set by the `repository_backend` fixture (conftest.py) on its PostgreSQL run: makes a
fresh database for each repository the test creates; None: the SQLCipher file."""


def new_repository(folder: Path, *, demo: bool = False) -> Repository:
    server = SERVER() if SERVER is not None else None
    return Repository.init(folder, GENEVA_PASSPHRASE, demo=demo, kdf_params=FAST_KDF, server=server)


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


def witness(
    services: Any,
    folder: Path,
    *,
    scopes: frozenset[ConsentScope] = ALL_SCOPES,
    name: str = "김순희",
    attachment: bytes | None = b"%PDF-1.4 scan of a release certificate",
) -> dict[str, Any]:
    """One interview through the services: consent with `scopes`, an answer, a sealed
    identity (device must be enrolled) and an attachment added from a real file."""
    interviewee = services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
    interview = services.interviews.create(
        Interview(
            interviewee_id=interviewee.id,
            code=new_pseudonymous_code(),
            interviewer="officer-1",
            location_kind="resettlement_centre",
            questionnaire_id="default",
            questionnaire_version="1.0.0",
        )
    )
    consent = services.consents.create(
        Consent(
            interview_id=interview.id,
            interviewee_id=interviewee.id,
            granted=scopes,
            method=ConsentMethod.ORAL,
            given_at=datetime.now(UTC),
            recorded_by="officer-1",
        )
    )
    answer = services.answers.save(
        interview.id, "q.narrative.0", TextValue(text="회령 보위부 구류장에서 조사를 받았습니다")
    )
    sealed = services.identities.seal(interviewee.id, {"real_name": name, "hometown": "온성"})
    made = {
        "interviewee": interviewee,
        "interview": interview,
        "consent": consent,
        "answer": answer,
        "identity": sealed,
    }
    if attachment is not None:
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / f"{interview.code}.pdf"
        source.write_bytes(attachment)
        made["attachment"] = services.attachments.add(interview.id, source, "document_scan")
        source.unlink()
    return made


def repository_counts(repository: Repository) -> dict[str, int]:
    """Rows in every table of the repository store (to show nothing was ingested)."""
    with repository.reading() as connection:
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in ("records", "packages", "attachment_files", "audit_entries", "withheld")
        }
