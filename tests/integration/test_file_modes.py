"""Files only their owner can read (review finding 10): everything the app writes —
databases and their journals, key files, attachments, backups, packages, enrolment files,
the repository's store, packages, objects and receipts, PDFs, exported keys — is 0600, and
every folder it makes 0700, whatever the umask the app was started with."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.reports import render_statement
from app.services import Services
from app.store.backup import backup
from app.sync import custody
from app.sync.export import export_package
from app.sync.repository.ingest import ingest
from tests.sync_support import enrol_device, new_device, new_repository, witness


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: files 0644, folders 0755
    yield
    os.umask(old)


def _modes(top: Path) -> list[str]:
    wrong = []
    for path in [top, *top.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong.append(f"{path.relative_to(top.parent)} {mode:o}")
    return wrong


def test_everything_the_app_writes_is_for_its_owner_only(tmp_path: Path, loose_umask: None) -> None:
    out = tmp_path / "out"
    geneva = new_repository(out / "geneva")
    database = new_device(out / "field" / "sillok.db")
    try:
        enrol_device(database, geneva, out / "exchange")
        services = Services(database, actor="officer-1")
        interview = witness(services, tmp_path / "scans")["interview"]
        backup(database, out / "backups" / "sillok-backup.db")
        package = export_package(database, out / "usb", actor="officer-1").path
        ingest(geneva, package, receipt_out=out / "usb" / "receipt.json")
        (out / "reports").mkdir(mode=0o700)  # the user's folder, chosen in the dialog
        render_statement(database, interview.id, out / "reports" / "statement.pdf")
        custody.export_keys(geneva, out / "keys", custodians=[], plain=True)
    finally:
        database.close()
        geneva.close()
    wrong = [
        found
        for folder in ("field", "backups", "usb", "geneva", "reports", "keys")
        for found in _modes(out / folder)
    ]
    assert wrong == [], "\n".join(wrong)
