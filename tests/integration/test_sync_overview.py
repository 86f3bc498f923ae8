"""The desk's view of Geneva before it acts: the enrolment status, and the summary of the
next package, which must count exactly what `export_package` then writes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app.domain import ConsentScope, TextValue
from app.services import Services
from app.sync.enrolment import now_utc, write_request
from app.sync.export import export_package
from app.sync.overview import enrolment_status, summarise_export
from app.sync.receipts import accept_receipt
from app.sync.repository.ingest import ingest
from app.sync.repository_errors import DemoMismatch, NotEnrolled, TrustBundleExpired
from tests.sync_support import enrol_device, new_device, new_repository, witness


def test_status_before_and_after_enrolment(tmp_path: Path) -> None:
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        status = enrolment_status(database)
        assert not status.enrolled and status.device_fingerprint is None
        assert not status.database_demo
        with pytest.raises(NotEnrolled):
            summarise_export(database)
        write_request(database, tmp_path / "request.json", "laptop")
        requested = enrolment_status(database)
        assert requested.device_fingerprint is not None and not requested.enrolled
        with pytest.raises(NotEnrolled):
            summarise_export(database)

        geneva = new_repository(tmp_path / "geneva")
        accepted = enrol_device(database, geneva, tmp_path / "exchange", valid_days=20)
        status = enrolment_status(database)
        assert status.enrolled and status.bundle_version == accepted.bundle.version
        assert status.geneva_fingerprint == accepted.geneva_fingerprint
        assert status.device_fingerprint == requested.device_fingerprint
        assert status.repository_demo is False
        assert status.expires_soon() and not status.expired()
        later = now_utc() + timedelta(days=21)
        assert status.expired(later) and status.days_left(later) == -2  # floored
        assert status.days_left() in (19, 20)
        with pytest.raises(TrustBundleExpired):
            summarise_export(database, at=later)
    finally:
        database.close()


def test_summary_counts_what_the_package_then_holds(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        services = Services(database, actor="officer-1")
        enrol_device(database, geneva, tmp_path / "exchange")
        full = witness(services, tmp_path / "scans", name="김순희")
        witness(
            services,
            tmp_path / "scans",
            name="박영철",
            scopes=frozenset({ConsentScope.RECORDING, ConsentScope.TRANSFER_GENEVA}),
        )
        witness(
            services, tmp_path / "scans", name="이정민", scopes=frozenset({ConsentScope.RECORDING})
        )

        summary = summarise_export(database)
        assert summary.sequence == 1 and summary.interviews == 2
        assert all(kind.changed == 0 for kind in summary.kinds)
        assert (summary.attachments, summary.identities, summary.deletions) == (2, 1, 0)
        reasons = {(w.kind, w.reason): w.count for w in summary.withheld}
        assert reasons == {
            ("interview", "transfer_geneva_not_granted"): 1,
            ("sealed_identity", "use_of_identity_not_granted"): 1,
            ("sealed_identity", "no_interview_transferred"): 1,
        }
        result = export_package(database, tmp_path / "usb", actor="officer-1")
        assert (result.records, result.attachments, result.identities) == (
            summary.records,
            summary.attachments,
            summary.identities,
        )
        assert result.withheld == summary.withheld_count
        assert result.size <= summary.estimated_bytes < result.size * 1.5 + 200_000
        receipt = tmp_path / "usb" / "receipt-1"
        assert ingest(geneva, result.path, receipt_out=receipt).new_records == summary.records
        accept_receipt(database, receipt)

        # After the receipt only the change goes, and it counts as changed, not new.
        services.answers.save(
            full["interview"].id, "q.narrative.0", TextValue(text="석 달 동안 조사를 받았습니다")
        )
        again = summarise_export(database)
        assert again.sequence == 2
        assert [(k.kind, k.new, k.changed) for k in again.kinds] == [("answer", 0, 1)]
        second = export_package(database, tmp_path / "usb", actor="officer-1")
        assert second.records == again.records == 1
    finally:
        database.close()


def test_demo_database_to_real_repository_is_refused_in_the_summary(tmp_path: Path) -> None:
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        # A demo request is refused by a real repository; here the database became a demo
        # one after its enrolment, and the summary refuses it as the export would.
        enrol_device(database, new_repository(tmp_path / "geneva"), tmp_path / "exchange")
        with database.transaction() as connection:
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('purpose', 'demo')")
        assert enrolment_status(database).database_demo
        with pytest.raises(DemoMismatch):
            summarise_export(database)
    finally:
        database.close()
