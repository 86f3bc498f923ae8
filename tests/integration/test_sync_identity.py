"""Identity sealed at capture, and attachments encrypted when added."""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest

from app.domain import Interviewee, new_pseudonymous_code
from app.domain.people import IdentityData, Relative
from app.errors import NotFound
from app.formats import age
from app.formats.errors import FormatError
from app.services import Services
from app.store import attachments
from app.store.check import run_check
from app.store.identity import sealed_bytes, unseal
from app.store.keys import device_keys
from app.sync.repository.store import Repository
from app.sync.repository_errors import NotEnrolled
from tests.support import IDENTITY_SENTENCES, SKETCH_MAP, record_interview
from tests.sync_support import enrol_device, new_device, new_repository

SCAN = (*IDENTITY_SENTENCES, "김철수", "Kim Sun-hui")
PHOTO = b"\x89PNG\r\n\x1a\n" + "약도: 회령 보위부 구류장 뒤편".encode() * 500


def _identity() -> IdentityData:
    return IdentityData.model_validate(
        {
            "real_name": IDENTITY_SENTENCES[0],
            "other_names": ["Kim Sun-hui"],
            "birth_date": {"year": 1961, "precision": "year"},
            "hometown": IDENTITY_SENTENCES[1],
            "relatives": [Relative(name="김철수", relation="brother", whereabouts="kwanliso")],
        }
    )


@pytest.fixture
def geneva(tmp_path: Path) -> Repository:
    repository = new_repository(tmp_path / "geneva")
    yield repository
    repository.close()


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in SCAN:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if secret.encode(encoding) in data:
                    found.append(f"{path.name}: {secret} ({encoding})")
    return found


def test_identity_is_refused_before_enrolment(services: Any) -> None:
    interviewee = services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
    with pytest.raises(NotEnrolled) as raised:
        services.identities.seal(interviewee.id, _identity())
    assert raised.value.exit_code == 28
    assert "enrol-request" in raised.value.message()
    assert services.identities.for_interviewee(interviewee.id) is None


def test_only_geneva_can_open_a_sealed_identity(
    geneva: Repository, services: Any, tmp_path: Path
) -> None:
    enrol_device(services.context.database, geneva, tmp_path / "exchange")
    interviewee = services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
    first = services.identities.seal(interviewee.id, _identity())
    second = services.identities.seal(
        interviewee.id, {"real_name": "김순이", "hometown": IDENTITY_SENTENCES[1]}
    )
    assert (first.id, first.version, second.version) == (second.id, 1, 2)
    assert services.identities.for_interviewee(interviewee.id) == second
    assert first.recipient_key_id == geneva.keys.identity_vault.recipient.key_id
    opened = unseal(first, geneva.keys.identity_vault)
    assert opened.real_name == IDENTITY_SENTENCES[0] and opened.relatives[0].name == "김철수"
    assert unseal(second, geneva.keys.identity_vault).real_name == "김순이"
    # Neither the device's own key nor Geneva's package key opens it.
    with services.context.database.reading() as connection:
        keys = device_keys(connection)
    for wrong in (keys.identity, geneva.keys.package):
        with pytest.raises(FormatError):
            age.Decryptor(io.BytesIO(sealed_bytes(first)), [wrong]).read()
    assert run_check(services.context.database).ok
    with pytest.raises(NotFound):
        services.identities.seal(Interviewee(code=new_pseudonymous_code()).id, _identity())


def test_no_identity_byte_on_the_device_after_saving(
    geneva: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    field = tmp_path / "field"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    database = new_device(field / "sillok.db")
    try:
        services = Services(database, actor="officer-1")
        enrol_device(database, geneva, tmp_path / "exchange")
        made = record_interview(services)
        services.identities.seal(made["interviewee"].id, _identity())
        source = tmp_path / "scan.png"
        source.write_bytes(PHOTO)
        services.attachments.add(made["interview"].id, source, "sketch_map")
        source.unlink()
        assert (field / "sillok.db-wal").exists()
        assert _leaks(field) == [] and _leaks(scratch) == []
        # Even decrypted, the database holds only the sealed form.
        dump = _decrypted_dump(database)
        assert [s for s in SCAN if s in dump] == []
        assert made["interview"].code in dump  # the dump does hold the testimony
    finally:
        database.close()
    assert _leaks(field) == [] and _leaks(scratch) == []


def _decrypted_dump(database: Any) -> str:
    """Every value of every table, as SQLCipher decrypts it."""
    connection = database.connection
    tables = [
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    values = []
    for table in tables:
        for row in connection.execute(f'SELECT * FROM "{table}"'):
            values += [
                v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row
            ]
    return "\n".join(values)


def test_the_scan_would_find_an_identity(tmp_path: Path) -> None:
    (tmp_path / "x").write_bytes(b"..." + IDENTITY_SENTENCES[1].encode("utf-16-le"))
    assert _leaks(tmp_path) == [f"x: {IDENTITY_SENTENCES[1]} (utf-16-le)"]


def test_attachments_are_encrypted_when_added_and_rewrapped_at_enrolment(
    geneva: Repository, services: Any, tmp_path: Path
) -> None:
    made = record_interview(services, with_text=False)  # with its own sketch map
    interview = made["interview"]
    source = tmp_path / "스캔 문서.png"
    source.write_bytes(PHOTO)
    before = services.attachments.add(interview.id, source, "document_scan", description="통지서")
    assert (before.filename, before.media_type, before.size) == (
        "스캔 문서.png",
        "image/png",
        len(PHOTO),
    )
    database = services.context.database
    stored = attachments.file_for(database.path, before.id)
    assert PHOTO[:200] not in stored.read_bytes() and "회령".encode() not in stored.read_bytes()
    assert services.attachments.read(before) == PHOTO
    with pytest.raises(FormatError):  # not yet for Geneva
        age.Decryptor(io.BytesIO(stored.read_bytes()), [geneva.keys.package]).read()
    payload = stored.read_bytes()[-1000:]

    enrol_device(database, geneva, tmp_path / "exchange")
    assert stored.read_bytes()[-1000:] == payload  # re-wrapped: payload untouched
    assert age.Decryptor(io.BytesIO(stored.read_bytes()), [geneva.keys.package]).read() == PHOTO
    after = services.attachments.add(interview.id, source, "photo")
    assert (
        age.Decryptor(
            attachments.file_for(database.path, after.id).open("rb"), [geneva.keys.package]
        ).read()
        == PHOTO
    )
    assert services.attachments.read(before) == services.attachments.read(after) == PHOTO
    assert sorted(p.name for p in attachments.folder_for(database.path).iterdir()) == sorted(
        [f"{made['attachment'].id}.age", f"{before.id}.age", f"{after.id}.age"]
    )


def test_a_missing_file_is_a_clear_error(services: Any, tmp_path: Path) -> None:
    from app.errors import InvalidInput

    interview = record_interview(services, with_text=False)["interview"]
    with pytest.raises(InvalidInput):
        services.attachments.add(interview.id, tmp_path / "nowhere.png")
    assert (
        services.attachments.find(interview_id=interview.id)[-1].sha256
        == hashlib.sha256(SKETCH_MAP).hexdigest()
    )
