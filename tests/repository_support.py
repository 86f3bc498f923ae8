"""Helpers for the analysis tests: laptops that record interviews with incidents, people,
facilities and element tags through the real services, and ship them to a real
repository (export → ingest → receipt)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain import (
    ApproximateDate,
    Consent,
    ConsentMethod,
    ConsentScope,
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
    TextValue,
    new_pseudonymous_code,
)
from app.services import Services
from app.store.database import Database
from app.sync.export import export_package
from app.sync.receipts import accept_receipt
from app.sync.repository import consolidated, postgres, search_schema
from app.sync.repository.ingest import ingest
from app.sync.repository.store import Repository
from tests.sync_support import enrol_device, new_device

ALL = frozenset(ConsentScope)


@dataclass
class Laptop:
    name: str
    database: Database
    services: Services
    folder: Path


def laptop(tmp_path: Path, geneva: Repository, name: str) -> Laptop:
    database = new_device(tmp_path / name / "sillok.db")
    enrol_device(database, geneva, tmp_path / name / "exchange")
    return Laptop(name, database, Services(database, actor=f"officer-{name}"), tmp_path / name)


def interview(
    field: Laptop,
    *,
    element: str = "CAH.7.1.e.1",
    source: KnowledgeSource = KnowledgeSource.SAW,
    facility: Facility | None = None,
    perpetrator: tuple[str, str, str] | None = None,
    year: int = 2014,
    interviewee: Interviewee | None = None,
    scopes: frozenset[ConsentScope] = ALL,
    identity: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One interview: consent, the witness's `identity` sealed if given (after the
    consent, which decides whether a witness link is made), a narrative answer, an
    incident (at `facility`, in `year`, with an optional perpetrator (name, agency,
    unit)) tagged with `element`."""
    services = field.services
    witness = interviewee or services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
    made = services.interviews.create(
        Interview(
            interviewee_id=witness.id,
            code=new_pseudonymous_code(),
            interviewer=f"officer-{field.name}",
            location_kind="resettlement_centre",
        )
    )
    services.consents.create(
        Consent(
            interview_id=made.id,
            interviewee_id=witness.id,
            granted=scopes,
            method=ConsentMethod.ORAL,
            given_at=datetime.now(UTC),
            recorded_by=f"officer-{field.name}",
        )
    )
    if identity is not None:
        services.identities.seal(witness.id, identity)
        witness = services.interviewees.get(witness.id)
    answer = services.answers.save(made.id, "q.narrative.0", TextValue(text="조사를 받았습니다"))
    people = []
    if perpetrator is not None:
        name, agency, unit = perpetrator
        people.append(
            services.persons.create(
                Person(
                    role=PersonRole.PERPETRATOR,
                    interview_id=made.id,
                    name=name,
                    descriptor=PersonDescriptor(agency=agency, unit=unit, position="interrogator"),
                )
            )
        )
    incident = services.incidents.create(
        Incident(
            interview_id=made.id,
            title="구류장 조사",
            date=ApproximateDate(precision=Precision.YEAR, year=year),
            place=PlaceRef(text="회령"),
            facility_id=facility.id if facility else None,
            person_ids=[p.id for p in people],
            source=source,
        )
    )
    tag = services.tags.create(
        ElementTag(
            interview_id=made.id, element_id=element, answer_id=answer.id, incident_id=incident.id
        )
    )
    return {
        "interviewee": witness,
        "interview": made,
        "answer": answer,
        "incident": incident,
        "tag": tag,
        "people": people,
    }


def facility(field: Laptop, name: str = "회령 보위부 구류장") -> Facility:
    return field.services.facilities.create(
        Facility(name=name, facility_type=FacilityType.KURYUJANG, agency="보위부")
    )


def ship(field: Laptop, geneva: Repository) -> int:
    """Export everything new on `field`, ingest it at Geneva, load the receipt back."""
    usb = field.folder / "usb"
    made = export_package(field.database, usb, actor=f"officer-{field.name}")
    receipt = usb / f"receipt-{made.sequence}"
    result = ingest(geneva, made.path, receipt_out=receipt)
    accept_receipt(field.database, receipt)
    return result.new_records


def statements_sent(monkeypatch: Any, *naming: str) -> list[str]:
    """Every statement the server's connections send from now on (only those naming one
    of `naming`, when given), as a list the caller may clear between searches."""
    sent: list[str] = []
    execute = postgres.Connection.execute

    def counted(self: postgres.Connection, sql: str, params: Any = None) -> postgres.Cursor:
        if not naming or any(name in sql for name in naming):
            sent.append(sql)
        return execute(self, sql, params)

    monkeypatch.setattr(postgres.Connection, "execute", counted)
    return sent


def current_rows(geneva: Repository) -> list[tuple[Any, ...]]:
    with geneva.reading() as connection:
        return connection.execute(
            "SELECT * FROM current_records ORDER BY kind, record_id"
        ).fetchall()


def drop_schema_12(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 11 (before the server's stamp of
    what a search keeps, search_stamps.py), on either store."""
    if geneva.store.kind == "postgres":
        with geneva.transaction() as connection:
            connection.execute("DROP FUNCTION sillok_search_stamp() CASCADE")  # its triggers
            connection.execute("DROP TABLE search_stamps")
    geneva.connection.executescript(geneva.store.version_sql(11))


def drop_schema_11(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 10 (before the server's
    interview-level pairs of adjacent keys, search_schema.PAIRS, and the keys by group,
    BY_GROUP), on either store."""
    drop_schema_12(geneva)
    if geneva.store.kind == "postgres":
        with geneva.transaction() as connection:
            connection.execute("DROP TABLE search_group_pairs")
            connection.execute("DROP INDEX search_group_terms_by_group")
            for trigger in ("pairs_insert", "pairs_delete"):
                connection.execute(f"DROP TRIGGER search_groups_{trigger} ON search_groups")
            connection.execute("DROP FUNCTION sillok_search_group_pairs()")
    geneva.connection.executescript(geneva.store.version_sql(10))


def drop_schema_10(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 9 (before the server's
    interview-level keys without positions, search_schema.TERMS), on either store."""
    drop_schema_11(geneva)
    if geneva.store.kind == "postgres":
        with geneva.transaction() as connection:
            connection.execute("DROP TABLE search_group_terms")
            for trigger in ("terms_insert", "terms_delete", "no_update"):
                connection.execute(f"DROP TRIGGER search_groups_{trigger} ON search_groups")
            connection.execute("DROP FUNCTION sillok_search_group_terms()")
            connection.execute("DROP FUNCTION sillok_search_groups_rewritten()")
    geneva.connection.executescript(geneva.store.version_sql(9))


def drop_schema_9(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 8 (before the interviews' counts
    kept with the consolidated view), on either store."""
    drop_schema_10(geneva)
    with geneva.transaction() as connection:
        connection.execute("DROP TABLE interview_counts")
    geneva.connection.executescript(geneva.store.version_sql(8))


def drop_schema_8(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 7 (before the verbs' facts,
    app/sync/repository/facts.py), on either store."""
    drop_schema_9(geneva)
    with geneva.transaction() as connection:
        connection.execute("DROP TABLE analysis_facts")
    geneva.connection.executescript(geneva.store.version_sql(7))


def drop_schema_7(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 6 (before the disclosures'
    outcomes; the upgrade's server functions are made again as they are), on either
    store."""
    drop_schema_8(geneva)
    with geneva.transaction() as connection:
        connection.execute("DROP TABLE IF EXISTS disclosure_outcomes")
    geneva.connection.executescript(geneva.store.version_sql(6))


def drop_schema_6(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 5 (before the analysts'
    corroboration decisions), on either store."""
    drop_schema_7(geneva)
    with geneva.transaction() as connection:
        connection.execute("DROP TABLE corroboration_decisions")
    geneva.connection.executescript(geneva.store.version_sql(5))


def drop_schema_5(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 4 (before the search index), on
    either store."""
    drop_schema_6(geneva)
    with geneva.transaction() as connection:
        for trigger in ("search_current_insert", "search_current_delete"):
            if geneva.store.kind == "postgres":
                connection.execute(f"DROP TRIGGER {trigger} ON current_records")
            else:
                connection.execute(f"DROP TRIGGER {trigger}")
        for table in search_schema.TABLES:
            connection.execute(f"DROP TABLE IF EXISTS {table}")  # (terms: on the server)
        if geneva.store.kind == "postgres":
            connection.execute("DROP FUNCTION sillok_search_queue()")
            connection.execute("DROP FUNCTION sillok_search_group_stale()")
    geneva.connection.executescript(geneva.store.version_sql(4))


def drop_schema_3(geneva: Repository) -> None:
    """Make `geneva` look like a store of schema version 2 (before the consolidated view),
    on either store."""
    drop_schema_5(geneva)
    with geneva.transaction() as connection:
        for view in (*consolidated.VIEWS, "record_versions"):
            connection.execute(f"DROP VIEW {view}")
        for table in (
            "current_records",
            "assessments",
            "witness_decisions",
            "import_rows",
            "imports",
        ):
            connection.execute(f"DROP TABLE {table}")
    geneva.connection.executescript(geneva.store.version_sql(2))


def schema_version(geneva: Repository) -> int:
    """The store's schema version, whichever store it is."""
    with geneva.reading() as connection:
        if geneva.store.kind == "sqlcipher":
            return int(connection.execute("PRAGMA user_version").fetchone()[0])
        return int(geneva.meta("schema_version"))


ORGANISATION = "북한인권 기록 단체"
GOOD = {
    "external_id": "CASE-2019-0412",
    "witness_ref": "W-88",
    "narrative": "2014년 봄 회령 보위부 구류장에서 두 달 동안 조사를 받았다고 진술함",
    "consent_basis": "서면 동의: 유엔 책임규명 목적 공유",
    "provenance": "면담 기록지 원본, 2019-05-02 서울",
    "interview_date": "2019-05-02",
    "date_told": "2014",
    "place": "회령",
    "facility": "회령 보위부 구류장",
    "agencies": "보위부",
    "elements": "CAH.7.1.e.1",
    "source": "experienced",
}


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = list(dict.fromkeys(c for row in rows for c in row))
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path
