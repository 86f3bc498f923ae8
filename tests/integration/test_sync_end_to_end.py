"""The whole exchange: Geneva init → enrol → interviews with attachments and identity →
export → ingest → receipt → more edits → a second export with only the changes → ingest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain import ConsentScope, TextValue
from app.services import Services
from app.store.identity import unseal
from app.sync.export import export_package
from app.sync.receipts import accept_receipt
from app.sync.repository.ingest import ingest
from app.sync.repository_errors import ReceiptInvalid
from tests.sync_support import enrol_device, new_device, new_repository, witness

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


def _records(repository: Any) -> list[tuple[Any, ...]]:
    with repository.reading() as connection:
        return connection.execute(
            "SELECT kind, record_id, version, deleted, body FROM records "
            "ORDER BY kind, record_id, version"
        ).fetchall()


def test_geneva_receives_exactly_what_consent_allows_then_only_changes(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        services = Services(database, actor="officer-1")
        enrol_device(database, geneva, tmp_path / "exchange")
        full = witness(services, tmp_path / "scans", name="김순희")
        no_identity = witness(
            services,
            tmp_path / "scans",
            name="박영철",
            scopes=frozenset({ConsentScope.RECORDING, ConsentScope.TRANSFER_GENEVA}),
        )
        refused = witness(
            services, tmp_path / "scans", name="이정민", scopes=frozenset({ConsentScope.RECORDING})
        )

        first = export_package(database, tmp_path / "usb", actor="officer-1")
        assert first.sequence == 1 and first.attachments == 2 and first.identities == 1
        result = ingest(geneva, first.path, receipt_out=tmp_path / "usb" / "receipt-1")
        assert (result.sequence, result.duplicate, result.missing) == (1, False, [])

        held = _records(geneva)
        ids = {row[1] for row in held}
        assert str(full["interview"].id) in ids and str(no_identity["interview"].id) in ids
        assert str(refused["interview"].id) not in ids
        assert str(refused["answer"].id) not in ids
        assert str(full["identity"].id) in ids and str(no_identity["identity"].id) not in ids
        with geneva.reading() as connection:
            withheld = [json.loads(r[0]) for r in connection.execute("SELECT line FROM withheld")]
            objects = connection.execute("SELECT stored_as FROM attachment_files").fetchall()
        reasons = {(w["kind"], w["id"]): w["reason"] for w in withheld}
        assert reasons[("interview", str(refused["interview"].id))] == "transfer_geneva_not_granted"
        assert reasons[("sealed_identity", str(no_identity["identity"].id))] == (
            "use_of_identity_not_granted"
        )
        assert "이정민" not in json.dumps(withheld, ensure_ascii=False)
        assert len(objects) == 2 and all((geneva.folder / o[0]).is_file() for o in objects)
        sealed = next(row[4] for row in held if row[0] == "sealed_identity")
        from app.domain.people import SealedIdentity

        opened = unseal(SealedIdentity.model_validate_json(sealed), geneva.keys.identity_vault)
        assert opened.real_name == "김순희"

        acknowledged = accept_receipt(database, tmp_path / "usb" / "receipt-1")
        assert acknowledged.marked > 0 and not acknowledged.already
        assert accept_receipt(database, tmp_path / "usb" / "receipt-1").already

        # More edits: one answer changed, one new attachment, consent withdrawn on another.
        services.answers.save(
            full["interview"].id, "q.narrative.0", TextValue(text="석 달 동안 조사를 받았습니다")
        )
        source = tmp_path / "map.png"
        source.write_bytes(b"\x89PNG sketch map")
        services.attachments.add(full["interview"].id, source, "sketch_map")
        services.consents.withdraw(
            no_identity["consent"], frozenset({ConsentScope.TRANSFER_GENEVA}), note="가족 걱정"
        )
        second = export_package(database, tmp_path / "usb", actor="officer-1")
        assert second.sequence == 2
        assert (second.records, second.attachments, second.identities) == (3, 1, 0)
        before = len(_records(geneva))
        result = ingest(geneva, second.path)
        assert result.new_records == 3 and len(_records(geneva)) == before + 3
        versions = [
            (row[2], json.loads(row[4])["value"]["text"])
            for row in _records(geneva)
            if row[1] == str(full["answer"].id)
        ]
        assert versions == [
            (1, "회령 보위부 구류장에서 조사를 받았습니다"),
            (2, "석 달 동안 조사를 받았습니다"),
        ]
        accept_receipt(database, result.receipt_path)
        third = export_package(database, tmp_path / "usb", actor="officer-1")
        assert (third.records, third.attachments) == (0, 0)
        with geneva.reading() as connection:
            chain = connection.execute(
                "SELECT sequence, previous_sha256, sha256 FROM packages ORDER BY sequence"
            ).fetchall()
        assert chain[1][1] == chain[0][2] == first.sha256
    finally:
        database.close()
        geneva.close()


def test_only_a_valid_receipt_marks_what_geneva_holds(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        services = Services(database, actor="officer-1")
        enrol_device(database, geneva, tmp_path / "exchange")
        witness(services, tmp_path / "scans", attachment=None)
        package = export_package(database, tmp_path / "usb", actor="officer-1")
        receipt = ingest(geneva, package.path).receipt_path
        forged = json.loads(receipt.read_text())
        forged["signed"]["sequence"] = 1
        forged["signed"]["new_records"] = 999
        (tmp_path / "forged").write_text(json.dumps(forged))
        with pytest.raises(ReceiptInvalid) as raised:
            accept_receipt(database, tmp_path / "forged")
        assert raised.value.exit_code == 36
        with database.reading() as connection:
            assert connection.execute("SELECT count(*) FROM sync_held").fetchone() == (0,)
        again = export_package(database, tmp_path / "usb", actor="officer-1")
        assert again.records == package.records  # still everything: nothing was marked
    finally:
        database.close()
        geneva.close()
