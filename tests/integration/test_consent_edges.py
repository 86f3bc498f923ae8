"""Consent at the edges (review finding 9): nothing created inside an interview whose
witness refused transfer to Geneva leaves the laptop, facilities included (they are shared
records with no interview of their own: one named only in the answers or incidents of such
an interview stays; one also named by an interview that may go, or by none, goes)."""

from __future__ import annotations

import json
from pathlib import Path

from app.domain import ConsentScope, Facility, FacilityType, FacilityValue, Incident
from app.services import Services
from app.sync.export import export_package
from app.sync.package import open_package
from app.sync.repository.devices import public_key_for
from tests.sync_support import ALL_SCOPES, enrol_device, new_device, new_repository, witness


def test_facilities_of_an_interview_whose_witness_refused_transfer_stay(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        enrol_device(database, geneva, tmp_path / "exchange")
        services = Services(database, actor="officer-1")
        refused = witness(
            services, tmp_path / "scans", scopes=ALL_SCOPES - {ConsentScope.TRANSFER_GENEVA}
        )["interview"]
        consented = witness(services, tmp_path / "scans", attachment=None)["interview"]

        def facility(name: str) -> Facility:
            return services.facilities.create(
                Facility(name=name, facility_type=FacilityType.KURYUJANG)
            )

        in_answer = facility("온성 집결소 (refused witness, answer)")
        in_incident = facility("회령 구류장 (refused witness, incident)")
        shared = facility("전거리 교화소 (both witnesses)")
        desk = facility("Desk reference facility")
        services.answers.save(refused.id, "q.facility.0", FacilityValue(facility_id=in_answer.id))
        services.incidents.create(
            Incident(interview_id=refused.id, title="구금", facility_id=in_incident.id)
        )
        for interview in (refused, consented):
            services.incidents.create(
                Incident(interview_id=interview.id, title="수감", facility_id=shared.id)
            )
        package = export_package(database, tmp_path / "usb", actor="officer-1").path
        opened = open_package(
            package,
            identity=geneva.keys.package,
            public_key_for=lambda device: public_key_for(geneva, device),
            into=tmp_path / "opened",
        )
        sent = opened.file("records/facility.jsonl").read_text("utf-8")
        records = "".join(p.read_text("utf-8") for p in (opened.folder / "records").glob("*.jsonl"))
        trail = [
            json.loads(line)
            for line in opened.file("audit/trail.jsonl").read_text("utf-8").splitlines()
        ]
    finally:
        database.close()
        geneva.close()
    assert str(shared.id) in sent and str(desk.id) in sent
    assert str(in_answer.id) not in records and "refused witness" not in records
    assert str(in_incident.id) not in records
    # The audit trail keeps its links, but the content hash of what stayed is redacted.
    kept = {str(in_answer.id), str(in_incident.id)}
    assert all(entry["redacted"] for entry in trail if entry["entity_id"] in kept)
    assert any(entry["entity_id"] in kept for entry in trail)
