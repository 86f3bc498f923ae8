"""Recovery refusals: each a clear error with its exit code, and nothing changed anywhere
(laptop database, key file, waiting request; Geneva's register; no response written)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.errors import SillokError, WrongPassphrase
from app.formats import age
from app.store.database import Database
from app.store.keys import RECOVERY
from app.sync.custody import keygen_text
from app.sync.recovery import read_request_bytes
from app.sync.repository import devices
from app.sync.repository import recovery as geneva
from app.sync.repository.store import Repository
from tests.recovery_support import (
    NEW_PASSPHRASE,
    Laptop,
    answer,
    enrolled_laptop,
    opens,
    recovery_identity,
)
from tests.support import PASSPHRASE
from tests.sync_support import GENEVA_PASSPHRASE, enrol_device, new_repository

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


@pytest.fixture
def repository(tmp_path: Path) -> Iterator[Repository]:
    repository = new_repository(tmp_path / "geneva")
    yield repository
    repository.close()


@pytest.fixture
def laptop(tmp_path: Path, repository: Repository) -> Laptop:
    return enrolled_laptop(tmp_path / "laptop", repository)


@pytest.fixture
def identity(tmp_path: Path, repository: Repository) -> Path:
    return recovery_identity(repository, tmp_path / "geneva-recovery-key.txt")


def _refused(error: pytest.ExceptionInfo[SillokError], code: int, *words: str) -> None:
    assert error.value.exit_code == code
    message = error.value.message()
    assert "Nothing" in message, message
    for word in words:
        assert word in message, message


def _geneva_refuses(
    repository: Repository,
    laptop: Laptop,
    identity: Path,
    code: int,
    *words: str,
    request_path: Path | None = None,
    fingerprint: str | None = None,
) -> None:
    request = laptop.request() if request_path is None else None
    path = request_path or laptop.folder / "request.json"
    out = laptop.folder / "response.json"
    before = len(geneva.register(repository))
    with pytest.raises(SillokError) as error:
        geneva.recover(
            repository,
            path,
            out,
            identity_path=identity,
            request_fingerprint=fingerprint or (request.fingerprint if request else ""),
            approved_by="Geneva duty officer",
        )
    _refused(error, code, *words)
    assert not out.exists()
    assert len(geneva.register(repository)) == before


def test_revoked_device_is_refused(repository: Repository, laptop: Laptop, identity: Path) -> None:
    device = json.loads(laptop.keys.read_text().rpartition("\nsha256:")[0])["slots"][-1]
    devices.revoke(repository, device["statement"]["device_id"], "laptop reported stolen")
    _geneva_refuses(repository, laptop, identity, 62, "revoked")


def test_unknown_device_is_refused(tmp_path: Path, repository: Repository, identity: Path) -> None:
    elsewhere = new_repository(tmp_path / "other-geneva")
    try:
        stranger = enrolled_laptop(tmp_path / "stranger", elsewhere)
    finally:
        elsewhere.close()
    _geneva_refuses(repository, stranger, identity, 62, "not enrolled")


def test_demo_laptop_to_real_repository_is_refused(
    tmp_path: Path, repository: Repository, identity: Path
) -> None:
    demo_geneva = new_repository(tmp_path / "demo-geneva", demo=True)
    try:
        demo_laptop = enrolled_laptop(tmp_path / "demo-laptop", demo_geneva, demo=True)
    finally:
        demo_geneva.close()
    _geneva_refuses(repository, demo_laptop, identity, 63, "demonstration")


def _tamper(laptop: Laptop, change: str, other: Laptop) -> Path:
    path = laptop.folder / "request.json"
    data = json.loads(path.read_text())
    if change == "reason":
        data["reason"] = "routine check"
    elif change == "one-time key":
        data["one_time_recipient"] = json.loads((other.folder / "request.json").read_text())[
            "one_time_recipient"
        ]
    elif change == "statement":
        data["slot"]["statement"]["sealed_at"] = "2020-01-01T00:00:00+00:00"
    else:  # another laptop's sealed key under this laptop's signed statement
        data["slot"]["sealed_key"] = json.loads((other.folder / "request.json").read_text())[
            "slot"
        ]["sealed_key"]
    path.write_text(json.dumps(data, indent=2))
    return path


@pytest.mark.parametrize(
    ("change", "phone_matches", "words"),
    [
        ("reason", False, "fingerprint"),
        ("one-time key", False, "fingerprint"),
        # Even someone who also tells Geneva the altered file's fingerprint gets nowhere:
        ("statement", True, "not signed by the device key"),
        ("sealed key", True, "differs from the one the device signed"),
    ],
)
def test_tampered_request_is_refused(
    tmp_path: Path,
    repository: Repository,
    laptop: Laptop,
    identity: Path,
    change: str,
    phone_matches: bool,
    words: str,
) -> None:
    other = enrolled_laptop(tmp_path / "other", repository)
    other.request()
    genuine = laptop.request()
    path = _tamper(laptop, change, other)
    altered = read_request_bytes(path.read_bytes())
    phoned = altered.fingerprint if phone_matches else genuine.fingerprint
    _geneva_refuses(repository, laptop, identity, 61, words, request_path=path, fingerprint=phoned)


def test_request_answered_once(repository: Repository, laptop: Laptop, identity: Path) -> None:
    request = laptop.request()
    answer(repository, request, laptop.folder / "request.json", laptop.folder / "r1.json", identity)
    out = laptop.folder / "r2.json"
    with pytest.raises(SillokError) as error:
        answer(repository, request, laptop.folder / "request.json", out, identity)
    _refused(error, 64, "already answered")
    assert not out.exists() and len(geneva.register(repository)) == 1


def test_a_key_that_is_not_the_slots_is_refused(
    tmp_path: Path, repository: Repository, laptop: Laptop
) -> None:
    stranger = tmp_path / "not-geneva.txt"
    stranger.write_text(keygen_text(age.AgeIdentity.generate(), datetime.now(UTC)))
    _geneva_refuses(repository, laptop, stranger, 66, "does not hold")


def test_replayed_response_is_refused(
    repository: Repository, laptop: Laptop, identity: Path
) -> None:
    request = laptop.request()
    old = laptop.folder / "response-1.json"
    answer(repository, request, laptop.folder / "request.json", old, identity)
    laptop.complete(old)
    # Loaded again: nothing is waiting any more.
    before = laptop.state()
    with pytest.raises(SillokError) as error:
        laptop.complete(old)
    _refused(error, 65, "no recovery request is waiting")
    assert laptop.state() == before
    # A new request is made (forgotten again); the old response is brought back.
    laptop.request("request-2.json", new_passphrase="겨울 바다 다른 비밀번호 seven lucky goats")
    before = laptop.state()
    with pytest.raises(SillokError) as error:
        laptop.complete(old, "겨울 바다 다른 비밀번호 seven lucky goats")
    _refused(error, 65, "another request")
    assert laptop.state() == before
    assert opens(laptop.path, NEW_PASSPHRASE)


def test_response_for_another_laptop_is_refused(
    tmp_path: Path, repository: Repository, laptop: Laptop, identity: Path
) -> None:
    other = enrolled_laptop(tmp_path / "other", repository)
    theirs = other.request()
    laptop.request()
    response = tmp_path / "their-response.json"
    answer(repository, theirs, other.folder / "request.json", response, identity)
    before = laptop.state()
    with pytest.raises(SillokError) as error:
        laptop.complete(response)
    _refused(error, 65, "another laptop")
    assert laptop.state() == before
    assert opens(laptop.path, PASSPHRASE) and not opens(laptop.path, NEW_PASSPHRASE)


def test_altered_response_and_wrong_new_passphrase_are_refused(
    repository: Repository, laptop: Laptop, identity: Path
) -> None:
    request = laptop.request()
    response = laptop.folder / "response.json"
    answer(repository, request, laptop.folder / "request.json", response, identity)
    before = laptop.state()
    with pytest.raises(WrongPassphrase):
        laptop.complete(response, "틀린 비밀번호 wrong horse battery staple")
    assert laptop.state() == before
    genuine = response.read_text()
    response.write_text(genuine.replace("Geneva duty officer", "Geneva duty officeR"))
    with pytest.raises(SillokError) as error:
        laptop.complete(response)
    _refused(error, 65, "not signed by the Geneva key")
    assert laptop.state() == before
    response.write_text(genuine)
    laptop.complete(response)
    assert opens(laptop.path, NEW_PASSPHRASE) and not opens(laptop.path, PASSPHRASE)


def test_no_recovery_slot_without_a_recovery_key(tmp_path: Path) -> None:
    """A repository made before recovery existed issues bundles without a recovery key:
    the laptop gets no slot and says so; once Geneva makes one, a renewed bundle adds it."""
    folder = tmp_path / "old-geneva"
    new_repository(folder).close()
    old = Repository.open(folder, GENEVA_PASSPHRASE)
    with old.transaction() as connection:
        connection.execute("DELETE FROM geneva_keys WHERE name = ?", (RECOVERY,))
    old.close()
    repository = Repository.open(folder, GENEVA_PASSPHRASE)
    try:
        assert repository.keys.recovery is None
        laptop = enrolled_laptop(tmp_path / "laptop", repository)
        before = laptop.state()
        with pytest.raises(SillokError) as error:
            laptop.request()
        _refused(error, 60, "no recovery slot")
        assert laptop.state() == before and not (laptop.folder / "request.json").exists()

        geneva.rotate_key(repository)
        with Database.open(laptop.path, PASSPHRASE) as database:
            enrol_device(database, repository, laptop.folder / "exchange")
        request = laptop.request()
        identity = recovery_identity(repository, tmp_path / "key.txt")
        answer(repository, request, laptop.folder / "request.json", tmp_path / "r.json", identity)
    finally:
        repository.close()


def test_a_request_must_say_who_asks_and_why(laptop: Laptop) -> None:
    before = laptop.state()
    for given in ({"requested_by": "  "}, {"reason": ""}):
        with pytest.raises(SillokError) as error:
            laptop.request(**given)
        assert error.value.exit_code == 14 and "who asks and why" in error.value.message()
    assert laptop.state() == before and not (laptop.folder / "request.json").exists()


@pytest.mark.parametrize(
    "garble",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.replace('"one_time_recipient": "age1', '"one_time_recipient": "agex'),
        lambda text: text.replace('"sealed_key": "', '"sealed_key": "!!'),
    ],
)
def test_a_garbled_request_is_refused(
    repository: Repository, laptop: Laptop, identity: Path, garble: object
) -> None:
    laptop.request()
    path = laptop.folder / "request.json"
    path.write_text(garble(path.read_text()))  # type: ignore[operator]
    phoned = read_request_bytes(path.read_bytes()).fingerprint if _readable(path) else "X"
    _geneva_refuses(
        repository, laptop, identity, 61, "not a Sillok recovery request",
        request_path=path, fingerprint=phoned,
    )  # fmt: skip


def _readable(path: Path) -> bool:
    try:
        read_request_bytes(path.read_bytes())
    except ValueError:
        return False
    return True
