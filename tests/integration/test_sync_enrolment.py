"""Enrolment: the request, the signed trust bundle, fingerprints, and every refusal."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.errors import AlreadyExists, WrongPassphrase
from app.store.database import Database
from app.store.keys import device_keys, fingerprint
from app.sync import enrolment
from app.sync.repository.devices import enrol, revoke
from app.sync.repository.store import Repository
from app.sync.repository_errors import (
    DemoMismatch,
    DeviceRevoked,
    EnrolmentInvalid,
    RepositoryMissing,
    TrustBundleExpired,
    TrustBundleRollback,
)
from tests.sync_support import GENEVA_PASSPHRASE, new_device, new_repository


@pytest.fixture
def repository(tmp_path: Path) -> Repository:
    repo = new_repository(tmp_path / "geneva")
    yield repo
    repo.close()


@pytest.fixture
def device(tmp_path: Path) -> Database:
    database = new_device(tmp_path / "field" / "sillok.db")
    yield database
    database.close()


def _request(device: Database, tmp_path: Path) -> Path:
    path = tmp_path / "request.json"
    if not path.exists():
        enrolment.write_request(device, path, "서울 노트북 1")
    return path


def _bundle(repository: Repository, request: Path, tmp_path: Path, **kwargs) -> Path:
    out = tmp_path / f"bundle-{len(list(tmp_path.glob('bundle-*')))}.json"
    enrol(repository, request, out, **kwargs)
    return out


def test_fingerprint_is_short_readable_and_stable() -> None:
    printed = fingerprint("RWQ-some-key")
    assert re.fullmatch(r"([2-9A-HJ-NP-Z]{4}-){4}[2-9A-HJ-NP-Z]{4}", printed)
    assert fingerprint("RWQ-some-key") == printed
    assert fingerprint("RWQ-some-kez") != printed


def test_both_sides_show_the_same_fingerprints(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    request = _request(device, tmp_path)
    out = tmp_path / "bundle.json"
    enrolled = enrol(repository, request, out)
    accepted = enrolment.accept_bundle(device, out)
    with device.reading() as connection:
        keys = device_keys(connection)
        assert enrolment.current_bundle(connection) == accepted.bundle
    assert keys is not None
    assert accepted.device_fingerprint == enrolled.device_fingerprint == keys.fingerprint
    assert accepted.geneva_fingerprint == enrolled.geneva_fingerprint
    assert accepted.bundle.geneva == repository.keys.public()
    assert accepted.bundle.device.device_id == keys.device_id
    assert accepted.bundle.version == 1 and accepted.changed
    # Loading the very same bundle again changes nothing.
    assert not enrolment.accept_bundle(device, out).changed


def test_the_request_holds_no_secret(device: Database, tmp_path: Path) -> None:
    text = _request(device, tmp_path).read_text()
    with device.reading() as connection:
        keys = device_keys(connection)
    assert keys is not None
    assert keys.identity.secret_text() not in text
    assert keys.signing.seed().hex() not in text
    assert json.loads(text)["signed"]["age_recipient"] == str(keys.recipient)


def test_a_forged_request_is_refused(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    request = _request(device, tmp_path)
    forged = json.loads(request.read_text())
    forged["signed"]["label"] = "someone else"
    request.write_text(json.dumps(forged))
    with pytest.raises(EnrolmentInvalid, match="signature"):
        enrol(repository, request, tmp_path / "bundle.json")
    assert not (tmp_path / "bundle.json").exists()


def test_an_expired_bundle_is_refused(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    bundle = _bundle(repository, _request(device, tmp_path), tmp_path, valid_days=1)
    later = enrolment.now_utc() + timedelta(days=2)
    with pytest.raises(TrustBundleExpired) as raised:
        enrolment.accept_bundle(device, bundle, at=later)
    assert raised.value.exit_code == 30
    with device.reading() as connection:
        assert enrolment.current_bundle(connection) is None


def test_an_older_bundle_is_a_rollback(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    request = _request(device, tmp_path)
    first = _bundle(repository, request, tmp_path)
    second = _bundle(repository, request, tmp_path)
    assert enrolment.accept_bundle(device, second).bundle.version == 2
    with pytest.raises(TrustBundleRollback) as raised:
        enrolment.accept_bundle(device, first)
    assert raised.value.exit_code == 31
    with device.reading() as connection:
        assert enrolment.current_bundle(connection).version == 2


def test_a_tampered_bundle_is_refused(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    bundle = _bundle(repository, _request(device, tmp_path), tmp_path)
    document = json.loads(bundle.read_text())
    document["signed"]["expires_at"] = "2099-01-01T00:00:00+00:00"
    bundle.write_text(json.dumps(document))
    with pytest.raises(EnrolmentInvalid, match="signature"):
        enrolment.accept_bundle(device, bundle)


def test_a_bundle_from_another_geneva_or_for_another_device_is_refused(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    request = _request(device, tmp_path)
    enrolment.accept_bundle(device, _bundle(repository, request, tmp_path))
    impostor = new_repository(tmp_path / "impostor")
    try:
        with pytest.raises(EnrolmentInvalid, match="another Geneva key"):
            enrolment.accept_bundle(device, _bundle(impostor, request, tmp_path))
    finally:
        impostor.close()
    other = new_device(tmp_path / "other" / "sillok.db")
    try:
        enrolment.write_request(other, tmp_path / "other.json")
        with pytest.raises(EnrolmentInvalid, match="another device"):
            enrolment.accept_bundle(device, _bundle(repository, tmp_path / "other.json", tmp_path))
    finally:
        other.close()


def test_a_wrong_fingerprint_read_out_by_phone_is_refused(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    bundle = _bundle(repository, _request(device, tmp_path), tmp_path)
    with pytest.raises(EnrolmentInvalid, match="fingerprint"):
        enrolment.accept_bundle(
            device, bundle, expected_geneva_fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE"
        )
    right = repository.keys.public().fingerprint.lower()
    assert enrolment.accept_bundle(device, bundle, expected_geneva_fingerprint=right).changed


def test_a_revoked_device_cannot_enrol_again(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    request = _request(device, tmp_path)
    _bundle(repository, request, tmp_path)
    with device.reading() as connection:
        device_id = device_keys(connection).device_id
    revoke(repository, device_id, "laptop lost")
    with pytest.raises(DeviceRevoked):
        _bundle(repository, request, tmp_path)


def test_demo_and_real_never_enrol_together(device: Database, tmp_path: Path) -> None:
    demo_repository = new_repository(tmp_path / "demo-geneva", demo=True)
    try:
        with pytest.raises(DemoMismatch) as raised:
            _bundle(demo_repository, _request(device, tmp_path), tmp_path)
        assert raised.value.exit_code == 35
    finally:
        demo_repository.close()


def test_the_repository_opens_only_with_its_passphrase(tmp_path: Path) -> None:
    new_repository(tmp_path / "geneva").close()
    with pytest.raises(WrongPassphrase):
        Repository.open(tmp_path / "geneva", "wrong passphrase entirely")
    with pytest.raises(AlreadyExists):
        new_repository(tmp_path / "geneva")
    with pytest.raises(RepositoryMissing):
        Repository.open(tmp_path / "nowhere", GENEVA_PASSPHRASE)
    reopened = Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE)
    reopened.close()
    public = (tmp_path / "geneva" / "public" / "package.age-recipient").read_text()
    assert public.startswith("age1")


def test_a_trust_bundle_checks_with_jq_and_minisign_alone(
    repository: Repository, device: Database, tmp_path: Path
) -> None:
    """The commands docs/sync.md gives, with the standard tools and no project code."""
    import shutil
    import subprocess

    assert shutil.which("jq") and shutil.which("minisign")
    bundle = _bundle(repository, _request(device, tmp_path), tmp_path)
    key = (repository.folder / "public" / "geneva.pub").read_text().splitlines()[-1]
    script = (
        f"jq -cjS .signed {bundle.name} > body && jq -rj .minisig {bundle.name} > body.minisig"
        f" && minisign -Vm body -P {key}"
    )
    checked = subprocess.run(script, shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "sillok-trust-bundle v1" in checked.stdout
    bundle.write_text(bundle.read_text().replace('"demo": false', '"demo": true'))
    forged = subprocess.run(script, shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert forged.returncode != 0
