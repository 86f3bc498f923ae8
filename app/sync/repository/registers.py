"""What analysts read: interviews (list and show, with every version and the package it
came in), corroboration across devices, and the registers of incidents, facilities,
perpetrators and units (for art. 28 analysis) and witnesses.

Every row says where it came from (device or import) and carries the analysts'
assessments beside it (assessments.py); imported records say `imported: true`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from app.errors import NotFound
from app.i18n import N_
from app.search import corroboration
from app.store.connection import Connection
from app.sync.repository import consolidated, corroboration_decisions, facts
from app.sync.repository.assessments import beside
from app.sync.repository.cycles import paused
from app.sync.repository.snapshot import one_read
from app.sync.repository.witness_decisions import latest
from app.sync.repository.witnesses import contradictions as linked_contradictions
from app.sync.repository.witnesses import (
    earlier_statements,
    linked_incidents,
    read,
    witness_of,
    witnesses,
)


def _provenance(connection: Connection) -> dict[str, dict[str, Any]]:
    """Interview id → where an imported interview came from."""
    return {
        row[0]: {"organisation": row[1], "consent_basis": row[2], "provenance": row[3]}
        for row in connection.execute(
            "SELECT r.interview_id, i.organisation, r.consent_basis, r.provenance "
            "FROM import_rows r JOIN imports i ON i.id = r.import_id"
        )
    }


@paused
@one_read
def interviews(
    connection: Connection,
    only: str | None = None,
    assessed: dict[str, list[dict[str, Any]]] | None = None,
    *,
    dates: bool = False,
) -> list[dict[str, Any]]:
    """Every interview held (or `only` that one), with its witness, origin and what it
    holds (the counts kept with the consolidated view); `assessed`: `beside`, if read
    already. `dates`: each also with its `created_at`, `updated_at` and `interviewee_id`
    (what the desk's list adds)."""
    key_of = witness_of(connection)
    earlier = earlier_statements(connection, key_of)
    counts = consolidated.counts(connection, only)
    imported = _provenance(connection)
    assessed = beside(connection) if assessed is None else assessed
    listed = []
    for record in facts.current(connection, "interview", only):
        row = {
            "id": record.id,
            "code": record.body["code"],
            "witness": key_of.get(str(record.body["interviewee_id"])),
            "status": record.body.get("status"),
            "version": record.version,
            "versions": record.versions,
            "device_id": record.device_id,
            "sequence": record.sequence,
            "imported": record.imported,
            "import": imported.get(record.id),
            "records": dict(sorted(counts.get(record.id, {}).items())),
            "possible_earlier_statements": earlier.get(record.id, []),
            "assessments": assessed.get(record.id, []),
        }
        if dates:
            row["created_at"] = record.body.get("created_at")
            row["updated_at"] = record.body.get("updated_at")
            row["interviewee_id"] = record.body.get("interviewee_id")
        listed.append(row)
    return listed


@paused
@one_read
def show(connection: Connection, wanted: str) -> dict[str, Any]:
    """One interview (by id or code): every current record of it, each with all its
    versions and the package it came in, and the assessments beside it. NotFound (12)."""
    row = connection.execute(
        "SELECT id FROM interviews WHERE id = ? OR code = ?", (wanted, wanted)
    ).fetchone()
    if row is None:
        raise NotFound(kind=N_("interview"), id=wanted)
    assessed = beside(connection)
    (found,) = interviews(connection, only=str(row[0]), assessed=assessed)
    records = consolidated.of_interview(connection, found["id"])  # the interview too
    found["held"] = [
        {
            "kind": record.kind,
            "id": record.id,
            "version": record.version,
            "body": record.body,
            "imported": record.imported,
            "versions": [
                asdict(v) for v in consolidated.versions(connection, record.kind, record.id)
            ],
            "assessments": assessed.get(record.id, []),
        }
        for record in records
    ]
    found["witness_assessments"] = assessed.get(found["witness"] or "", [])
    return found


@paused
@one_read
def corroborations(connection: Connection) -> dict[str, Any]:
    """Candidate corroborations between different witnesses (the same person seen twice
    is one witness, and does not corroborate themselves), and contradictions within one
    witness across all their interviews and devices, with the devices each came from
    (app/search/corroboration.py); each with the analysts' decision in force, its status
    and every decision on it (corroboration_decisions.py). Decisions on keys no longer
    listed (the statements changed) are given apart, under `no_longer_listed`."""
    made = read(connection)
    device_of = {i: r.device_id for i, r in made.incidents.items()}
    assessed = beside(connection)
    versions = corroboration_decisions.incident_versions(connection)
    decided = corroboration_decisions.history(connection)

    def statements(ids: list[str]) -> dict[str, int]:
        return {i: versions.get(i, 0) for i in ids}

    candidates = []
    linked = linked_incidents(connection, made)
    for candidate in corroboration.candidates_among(linked):
        witnesses_seen = {i.witness for i in candidate.incidents}
        devices = sorted({device_of.get(i.id, "") for i in candidate.incidents})
        candidates.append(
            {
                **corroboration_decisions.beside(
                    candidate.key, statements(list(candidate.incident_ids)), decided
                ),
                "reason": str(candidate.reason),
                "shared": candidate.shared,
                "witnesses": len(witnesses_seen),
                "devices": devices,
                "across_devices": len(devices) > 1,
                "incidents": [
                    {
                        "id": i.id,
                        "interview": i.interview_code,
                        "title": i.title,
                        "device_id": device_of.get(i.id),
                        "imported": (device_of.get(i.id) or "").startswith(
                            consolidated.IMPORT_PREFIX
                        ),
                        "assessments": assessed.get(i.id, []),
                    }
                    for i in candidate.incidents
                ],
            }
        )
    contradictions = [
        {
            **corroboration_decisions.beside(
                corroboration_decisions.contradiction_key(found),
                statements(sorted((found.first.id, found.second.id))),
                decided,
            ),
            "kind": str(found.kind),
            "witness": found.witness,
            "incidents": [found.first.id, found.second.id],
            "interviews": [found.first.interview_code, found.second.interview_code],
            "devices": sorted(
                {device_of.get(found.first.id, ""), device_of.get(found.second.id, "")}
            ),
        }
        for found in linked_contradictions(connection, linked)
    ]
    listed = {d["key"] for item in [*candidates, *contradictions] for d in item["history"]}
    gone = [d[-1].as_json() for key, d in sorted(decided.items()) if key not in listed]
    return {"candidates": candidates, "contradictions": contradictions, "no_longer_listed": gone}


REGISTERS = ("incidents", "facilities", "perpetrators", "units", "witnesses")


@paused
@one_read
def register(connection: Connection, name: str) -> list[dict[str, Any]]:
    """One of REGISTERS."""
    key_of = witness_of(connection)
    interviews_by_id = {r.id: r for r in facts.current(connection, "interview")}
    assessed = beside(connection)

    def witness_of_interview(interview_id: str | None) -> str | None:
        interview = interviews_by_id.get(str(interview_id))
        return key_of.get(str(interview.body["interviewee_id"])) if interview else None

    if name == "incidents":
        return [
            {
                "id": r.id,
                "title": r.body["title"],
                "interview": interviews_by_id[r.interview_id].body["code"]
                if r.interview_id in interviews_by_id
                else None,
                "witness": witness_of_interview(r.interview_id),
                "summary": r.body.get("summary"),
                "date": r.body.get("date"),
                "place": r.body.get("place"),
                "facility_id": r.body.get("facility_id"),
                "source": r.body.get("source"),
                "exculpatory": r.body.get("exculpatory", False),
                "device_id": r.device_id,
                "imported": r.imported,
                "versions": r.versions,
                "assessments": assessed.get(r.id, []),
            }
            for r in consolidated.current(connection, "incident")
        ]
    if name == "witnesses":
        decided = latest(connection).values()
        return [
            {
                "witness": w.key,
                "linked": w.key.startswith("link:") and len(w.interviewees) > 1,
                "interviewees": sorted(w.codes),
                "interviews": sorted(interviews_by_id[i].body["code"] for i in w.interviews),
                "devices": sorted(w.devices),
                "imported": w.imported,
                "assessments": assessed.get(w.key, [])
                + [a for i in w.interviewees for a in assessed.get(i, [])],
                "decisions": [
                    asdict(d) for d in decided if {d.first, d.second} & set(w.interviewees)
                ],
            }
            for w in sorted(witnesses(connection).values(), key=lambda w: w.key)
        ]
    by_facility: dict[str, list[consolidated.Current]] = defaultdict(list)
    by_person: dict[str, list[consolidated.Current]] = defaultdict(list)
    for incident in facts.current(connection, "incident"):
        by_facility[str(incident.body.get("facility_id"))].append(incident)
        for person in incident.body.get("person_ids", []):
            by_person[person].append(incident)

    def told(members: list[consolidated.Current]) -> dict[str, Any]:
        return {
            "incidents": sorted(m.id for m in members),
            "witnesses": len({witness_of_interview(m.interview_id) for m in members}),
        }

    if name == "facilities":
        return [
            {
                "id": r.id,
                "name": r.body["name"],
                "type": r.body.get("facility_type"),
                "agency": r.body.get("agency"),
                "reference_id": r.body.get("reference_id"),
                "place": r.body.get("place"),
                "imported": r.imported,
                "assessments": assessed.get(r.id, []),
                **told(by_facility.get(r.id, [])),
            }
            for r in consolidated.current(connection, "facility")
        ]
    perpetrators = [
        r for r in facts.current(connection, "person") if r.body["role"] == "perpetrator"
    ]
    if name == "perpetrators":
        return [
            {
                "id": r.id,
                "name": r.body.get("name"),
                "alias": r.body.get("alias"),
                **(r.body.get("descriptor") or {}),
                "witness": witness_of_interview(r.interview_id),
                "imported": r.imported,
                "assessments": assessed.get(r.id, []),
                **told(by_person.get(r.id, [])),
            }
            for r in perpetrators
        ]
    if name == "units":
        units: dict[tuple[str, str], list[consolidated.Current]] = defaultdict(list)
        people: dict[tuple[str, str], list[str]] = defaultdict(list)
        for r in perpetrators:
            descriptor = r.body.get("descriptor") or {}
            key = (str(descriptor.get("agency") or ""), str(descriptor.get("unit") or ""))
            units[key].extend(by_person.get(r.id, []))
            people[key].append(r.id)
        return [
            {
                "agency": agency,
                "unit": unit,
                "persons": sorted(people[(agency, unit)]),
                **told(members),
            }
            for (agency, unit), members in sorted(units.items())
        ]
    raise NotFound(kind=N_("register"), id=name)
