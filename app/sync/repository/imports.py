"""Import of other organisations' interview records (docs/repository.md, "Import format").

A file is CSV (UTF-8, a header row) or JSON lines, one interview per row, with the columns
of `COLUMNS`. Each row is checked on its own: a row that cannot come in is refused with
its reasons and the others still can (`--dry-run` says which, changing nothing). A file
that is not readable as the format (encoding, header, an unknown column — names and
birth dates have no column, and may not come in under another) is refused whole (73).

What comes in is kept like evidence: the file as received, encrypted to Geneva's package
key, under `imports/`; each row as records (interviewee, interview, the narrative as an
answer, an incident with the date as told, place, facility, agencies, source, and its
element tags) in `records` under device id `import:<n>`, never changed afterwards; the
organisation, consent basis and provenance of each row in `import_rows`. Ids are derived
from the organisation and its own ids, so the same witness reference is one witness and
importing the same row twice adds nothing. Every verb marks these records `imported`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.domain import (
    ApproximateDate,
    ElementTag,
    Facility,
    FacilityType,
    Incident,
    Interview,
    Interviewee,
    KnowledgeSource,
    Person,
    PersonDescriptor,
    PersonRole,
    PlaceRef,
    Precision,
    Record,
    TextValue,
)
from app.domain.answers import Answer
from app.domain.tags import ELEMENT_ID_PATTERN
from app.files import atomic_write
from app.formats import age
from app.oserrors import os_error
from app.sync.enrolment import iso, now_utc
from app.sync.repository import consolidated, facts
from app.sync.repository.analysis_errors import (
    NO_HEADER,
    NO_ORGANISATION,
    NOT_JSON,
    NOT_UTF8,
    UNKNOWN_COLUMN,
    ImportUnreadable,
)
from app.sync.repository.store import Repository

REQUIRED = ("external_id", "narrative", "consent_basis", "provenance")
OPTIONAL = (
    "witness_ref",
    "interview_date",
    "language",
    "incident",
    "date_told",
    "place",
    "facility",
    "agencies",
    "elements",
    "source",
)
COLUMNS = REQUIRED + OPTIONAL
NAMESPACE = uuid.UUID("5b3f0c5e-6d1a-4c57-9a57-2f1e8f0f5d17")
NARRATIVE_QUESTION = "import.narrative"
_TOLD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass
class Row:
    line: int
    external_id: str
    reasons: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportReport:
    organisation: str
    file_sha256: str
    accepted: list[Row]
    refused: list[Row]
    dry_run: bool
    import_id: int | None = None
    already_imported: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "file_sha256": self.file_sha256,
            "dry_run": self.dry_run,
            "import_id": self.import_id,
            "already_imported": self.already_imported,
            "accepted": [{"line": r.line, "external_id": r.external_id} for r in self.accepted],
            "refused": [
                {"line": r.line, "external_id": r.external_id, "reasons": r.reasons}
                for r in self.refused
            ],
        }


def _rows(data: bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """(line, values) of every row; ImportUnreadable if the file is not the format."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportUnreadable(path=name, detail=NOT_UTF8, where="encoding") from error
    if name.endswith((".jsonl", ".json")):
        found = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                raise ImportUnreadable(path=name, detail=NOT_JSON, where=f"{number}") from error
            if not isinstance(value, dict):
                raise ImportUnreadable(path=name, detail=NOT_JSON, where=f"{number}")
            _known(value, name)
            found.append((number, {k: _text(v) for k, v in value.items()}))
        return found
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise ImportUnreadable(path=name, detail=NO_HEADER, where="1")
    _known(dict.fromkeys(reader.fieldnames, ""), name)
    return [(reader.line_num, {k: (v or "") for k, v in row.items()}) for row in reader]


def _text(value: Any) -> str:
    """A JSON value as the CSV cell it stands for (a list as `;`-separated items)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def _known(value: dict[str, Any], name: str) -> None:
    unknown = sorted(set(value) - set(COLUMNS))
    if unknown:
        raise ImportUnreadable(path=name, detail=UNKNOWN_COLUMN, where=", ".join(unknown))


def _id(organisation: str, *parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "\0".join((organisation, *parts)))


def _code(prefix: str, of: uuid.UUID) -> str:
    return f"{prefix}-{of.hex[:10].upper()}"


def _told(text: str) -> ApproximateDate | None:
    match = _TOLD.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return ApproximateDate(precision=precision, year=year, month=month, day=day, note=text)


def _build(organisation: str, row: Row, at: datetime) -> None:
    """The records of one row, or its reasons for refusal."""
    values = row.values
    for column in REQUIRED:
        if not values.get(column, "").strip():
            row.reasons.append(f"missing_{column}")
    elements = [e.strip() for e in values.get("elements", "").split(";") if e.strip()]
    bad = [e for e in elements if not re.match(ELEMENT_ID_PATTERN, e)]
    if bad:
        row.reasons.append("unknown_element_id:" + ",".join(bad))
    source = values.get("source", "").strip() or None
    if source is not None and source not in set(KnowledgeSource):
        row.reasons.append("unknown_source:" + source)
    if row.reasons:
        return
    stamp = {"created_at": at, "updated_at": at}
    witness_ref = values.get("witness_ref", "").strip() or row.external_id
    interviewee = Interviewee(
        id=_id(organisation, "witness", witness_ref),
        code=_code("IMPW", _id(organisation, "witness", witness_ref)),
        **stamp,
    )
    interview_id = _id(organisation, "interview", row.external_id)
    when = values.get("interview_date", "").strip()
    interview = Interview(
        id=interview_id,
        interviewee_id=interviewee.id,
        code=_code("IMP", interview_id),
        interviewer=organisation,
        location_kind="imported",
        language=values.get("language", "").strip() or "ko",
        notes=values["provenance"].strip() + (f"\ninterview date: {when}" if when else ""),
        **stamp,
    )
    answer = Answer(
        id=_id(organisation, "narrative", row.external_id),
        interview_id=interview_id,
        question_id=NARRATIVE_QUESTION,
        value=TextValue(text=values["narrative"].strip()),
        **stamp,
    )
    row.records = [interviewee, interview, answer]
    told = values.get("date_told", "").strip()
    place = values.get("place", "").strip()
    facility_name = values.get("facility", "").strip()
    agencies = [a.strip() for a in values.get("agencies", "").split(";") if a.strip()]
    if not (told or place or facility_name or agencies or elements):
        return
    facility = None
    if facility_name:
        facility = Facility(
            id=_id(organisation, "facility", facility_name),
            name=facility_name,
            facility_type=FacilityType.OTHER,
            agency=agencies[0] if agencies else None,
            **stamp,
        )
        row.records.append(facility)
    people = [
        Person(
            id=_id(organisation, "agency", row.external_id, agency),
            role=PersonRole.OTHER,
            interview_id=interview_id,
            descriptor=PersonDescriptor(agency=agency, description="agency named in the record"),
            **stamp,
        )
        for agency in agencies
    ]
    row.records += people
    title = values.get("incident", "").strip() or values["narrative"].strip().splitlines()[0][:80]
    incident = Incident(
        id=_id(organisation, "incident", row.external_id),
        interview_id=interview_id,
        title=title,
        summary=f"date as told: {told}" if told else None,
        date=_told(told) if told else None,
        place=PlaceRef(text=place) if place else None,
        facility_id=facility.id if facility else None,
        person_ids=[p.id for p in people],
        source=KnowledgeSource(source) if source else None,
        **stamp,
    )
    row.records.append(incident)
    row.records += [
        ElementTag(
            id=_id(organisation, "tag", row.external_id, element),
            interview_id=interview_id,
            element_id=element,
            answer_id=answer.id,
            incident_id=incident.id,
            **stamp,
        )
        for element in elements
    ]


def _interview_of(record: Record) -> str | None:
    """The `records.interview_id` of a record, as ingest sets it (contents.py)."""
    if isinstance(record, Interview):
        return str(record.id)
    interview = getattr(record, "interview_id", None)
    return None if interview is None else str(interview)


def read(path: Path, organisation: str, at: datetime) -> tuple[bytes, list[Row], list[Row]]:
    """The file's bytes, and its rows accepted and refused."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise os_error(error, path) from error
    accepted: list[Row] = []
    refused: list[Row] = []
    seen: set[str] = set()
    for line, values in _rows(data, path.name):
        row = Row(line, values.get("external_id", "").strip(), values=values)
        if row.external_id and row.external_id in seen:
            row.reasons.append("duplicate_external_id")
        seen.add(row.external_id)
        try:
            _build(organisation, row, at)
        except (ValidationError, ValueError) as error:
            row.reasons.append("invalid:" + str(error).splitlines()[0])
        (refused if row.reasons else accepted).append(row)
    return data, accepted, refused


def import_file(
    repository: Repository,
    path: Path,
    organisation: str,
    *,
    by: str,
    dry_run: bool = False,
    at: datetime | None = None,
) -> ImportReport:
    """Import the accepted rows of `path` (or, with `dry_run`, only say what would come in
    and what is refused and why). Rows already imported add nothing."""
    at = at or now_utc()
    if not organisation.strip():
        raise ImportUnreadable(path=str(path), detail=NO_ORGANISATION, where="--organisation")
    data, accepted, refused = read(path, organisation.strip(), at.astimezone(UTC))
    sha = hashlib.sha256(data).hexdigest()
    report = ImportReport(organisation.strip(), sha, accepted, refused, dry_run)
    with repository.reading() as connection:
        held = connection.execute("SELECT id FROM imports WHERE file_sha256 = ?", (sha,)).fetchone()
        for row in list(accepted):
            if row.records and consolidated.held(connection, "interview", str(row.records[1].id)):
                row.reasons.append("already_imported")
                accepted.remove(row)
                refused.append(row)
    if held is not None:
        report.import_id, report.already_imported = int(held[0]), True
        return report
    if dry_run or not accepted:
        return report
    stored_as = f"imports/{sha}.age"
    sink = io.BytesIO()
    with age.Encryptor(sink, [repository.keys.package.recipient]) as encryptor:
        encryptor.write(data)
    repository.subfolder("imports")
    try:
        atomic_write(repository.folder / stored_as, sink.getvalue())
    except OSError as error:
        raise os_error(error, repository.folder / stored_as) from error
    with repository.transaction() as connection:
        # RETURNING (SQLite 3.35 and PostgreSQL alike) rather than the SQLite-only lastrowid
        import_id = int(
            connection.execute(
                "INSERT INTO imports (organisation, file_sha256, stored_as, imported_at, "
                "imported_by, accepted, refused) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (report.organisation, sha, stored_as, iso(at), by, len(accepted), len(refused)),
            ).fetchone()[0]
        )
        device = f"{consolidated.IMPORT_PREFIX}{import_id}"
        touched: set[tuple[str, str]] = set()
        lifted: list[tuple[str, str, int, str | None]] = []
        for row in accepted:
            for record in row.records:
                key = (record.kind, str(record.id))
                if key in touched or consolidated.held(connection, *key):
                    continue  # the same witness or facility of an earlier row or import
                body = record.content_json()
                connection.execute(
                    "INSERT INTO records VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)",
                    (
                        record.kind,
                        str(record.id),
                        record.version,
                        body,
                        hashlib.sha256(body.encode()).hexdigest(),
                        device,
                        import_id,
                        _interview_of(record),
                    ),
                )
                touched.add(key)
                lifted.append((record.kind, str(record.id), record.version, body))
            connection.execute(
                "INSERT INTO import_rows VALUES (?, ?, ?, ?, ?, ?)",
                (
                    import_id,
                    row.line,
                    row.external_id,
                    str(row.records[1].id),
                    row.values["consent_basis"].strip(),
                    row.values["provenance"].strip(),
                ),
            )
        consolidated.refresh(connection, touched)
        facts.lift(connection, lifted)
    report.import_id = import_id
    return report
