"""A realistic, deterministic Geneva repository for pinning the analysis verbs' answers.

Record versions are written as ingest stores them (`records`, one package sequence per
device and round), from a seeded random generator, so that every id, date and name is
the same on every run and on both stores: 70 interviews on four devices and one import,
the same witnesses seen again on other devices (witness links, analysts' decisions that
split one link and join two unlinked interviewees), incidents at shared facilities named
with spelling variants, places and agencies told as reference-data variants, free text or
reference ids, dates from a day to a decade, every kind of source, records revised and
deleted, consents with and without re-contact, and assessments beside facts and sources.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import UTC, datetime
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
    Record,
    TextValue,
    ToldDate,
)
from app.domain.answers import Answer
from app.store.connection import Connection
from app.sync.repository import consolidated

AT = datetime(2024, 5, 1, tzinfo=UTC)
DEVICES = ("dev-a", "dev-b", "dev-c", "dev-d", "import:1")
ELEMENTS = (
    "CAH.7.1.e.1",
    "CAH.7.1.e.2",
    "CAH.7.1.f.1",
    "CAH.7.1.k.1",
    "CAH.7.1.h.1",
    "CAH.7.1.i.1",
    "CAH.7.1.g.6",
    "MOL.28.a.2",
)
SINGLE, HEARSAY_ONLY = "CAH.7.1.a.1", "CAH.7.1.c.1"
FACILITIES = (
    ("회령 보위부 구류장", None, PlaceRef(text="회령")),
    ("회령보위부 구류장", None, PlaceRef(text="Hoeryong")),
    ("전거리 교화소", "fac.jeongeori", PlaceRef(reference_id="kp.hamgyong-north.hoeryong")),
    ("온성 집결소", None, PlaceRef(text="온성")),
    ("무산 노동단련대", None, None),
    ("혜산 안전부 구류장", None, PlaceRef(text="혜산")),
    ("16호 관리소", "fac.kwanliso16", PlaceRef(text="함경북도")),
)
PLACES: tuple[PlaceRef | None, ...] = (
    PlaceRef(text="회령"),
    PlaceRef(text="Hoeryong"),
    PlaceRef(text="회령시"),
    PlaceRef(text="함경북도"),
    PlaceRef(text="온성"),
    PlaceRef(text="Onsong"),
    PlaceRef(text="무산"),
    PlaceRef(reference_id="kp.ryanggang.hyesan"),
    PlaceRef(text="장소 7"),
    PlaceRef(text="장소  7"),
    None,
    None,
)
AGENCIES = (
    "보위부",
    "국가보위성",
    "State Security",
    "bowibu",
    "안전부",
    "인민보안성",
    "예심과",
    None,
)
UNITS = ("예심과", "예심 과", "회령시 보위부 예심과", "경비대", None)
NAMES = ("김철", "김 철", "Kim Chol", "박영수", "리명호", None)
SOURCES: tuple[KnowledgeSource | None, ...] = (*KnowledgeSource, None)


class Made:
    """Record versions as `records` rows, with a sequence per device and round."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[tuple[Any, ...]] = []

    def id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, record: Record, device: str, sequence: int = 1) -> Record:
        body = record.content_json()
        interview = (
            record.id if isinstance(record, Interview) else getattr(record, "interview_id", None)
        )
        self.rows.append(
            (
                record.kind,
                str(record.id),
                record.version,
                0,
                body,
                hashlib.sha256(body.encode()).hexdigest(),
                device,
                sequence,
                None if interview is None else str(interview),
            )
        )
        return record

    def delete(self, record: Record, device: str, sequence: int) -> None:
        interview = getattr(record, "interview_id", None)
        self.rows.append(
            (
                record.kind,
                str(record.id),
                record.version + 1,
                1,
                None,
                hashlib.sha256(b"").hexdigest(),
                device,
                sequence,
                None if interview is None else str(interview),
            )
        )


def _date(rng: random.Random) -> ApproximateDate | None:
    year = rng.randrange(2008, 2020)
    choice = rng.randrange(6)
    if choice == 0:
        return None
    if choice == 1:
        return ApproximateDate(precision=Precision.YEAR, year=year)
    if choice == 2:
        return ApproximateDate(
            precision=Precision.DAY, year=year, month=rng.randrange(1, 13), day=rng.randrange(1, 28)
        )
    if choice == 3:
        return ApproximateDate(precision=Precision.MONTH, year=year, month=rng.randrange(1, 13))
    end = year + rng.choice((0, 1, 3, 8))
    return ApproximateDate(
        precision=Precision.RANGE,
        year=year,
        month=rng.randrange(1, 13),
        end=ToldDate(year=end, month=12 if end == year else rng.randrange(1, 13)),
    )


def _link(rng: random.Random) -> str:
    return "WL1-" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(32))


def build(interviews: int = 70) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    """The `records` rows of the repository, and what the analysts' tables get."""
    rng = random.Random(1717)
    made = Made(rng)
    stamp = {"created_at": AT, "updated_at": AT}
    facilities: dict[str, list[Facility]] = {}
    for device in DEVICES:
        facilities[device] = [
            Facility(
                id=made.id(),
                name=name,
                facility_type=FacilityType.KURYUJANG,
                agency=rng.choice(AGENCIES),
                reference_id=reference if rng.random() < 0.7 else None,
                place=place,
                **stamp,
            )
            for name, reference, place in FACILITIES
            if rng.random() < 0.8
        ]
        for one in facilities[device]:
            made.add(one, device)
    links = [_link(rng) for _ in range(12)]
    later: list[tuple[Record, str]] = []
    interviewee_ids: list[str] = []
    interview_ids: list[str] = []
    targets: list[tuple[str, str]] = []
    rare: set[str] = set()
    for number in range(interviews):
        device = DEVICES[number % len(DEVICES)]
        link = rng.choice(links) if rng.random() < 0.5 else None
        witness = Interviewee(id=made.id(), code=f"WIT-{number:04d}", witness_link=link, **stamp)
        made.add(witness, device)
        interviewee_ids.append(str(witness.id))
        interview = Interview(
            id=made.id(),
            interviewee_id=witness.id,
            code=f"INT-{number:04d}",
            interviewer="officer",
            location_kind="resettlement_centre",
            **stamp,
        )
        made.add(interview, device)
        interview_ids.append(str(interview.id))
        targets.append(("interview", str(interview.id)))
        granted = frozenset(s for s in ConsentScope if rng.random() < 0.6)
        made.add(
            Consent(
                id=made.id(),
                interview_id=interview.id,
                interviewee_id=witness.id,
                granted=granted,
                method=ConsentMethod.ORAL,
                given_at=AT,
                recorded_by="officer",
                **stamp,
            ),
            device,
        )
        answer = made.add(
            Answer(
                id=made.id(),
                interview_id=interview.id,
                question_id="q.narrative",
                value=TextValue(text="회령 보위부 구류장에서 조사를 받았습니다"),
                **stamp,
            ),
            device,
        )
        for _incident in range(rng.randrange(0, 4)):
            people = []
            for _person in range(rng.randrange(0, 3)):
                descriptor = PersonDescriptor(agency=rng.choice(AGENCIES), unit=rng.choice(UNITS))
                person = Person(
                    id=made.id(),
                    role=rng.choice(
                        (PersonRole.PERPETRATOR, PersonRole.PERPETRATOR, PersonRole.VICTIM)
                    ),
                    interview_id=interview.id,
                    name=rng.choice(NAMES),
                    alias=rng.choice((None, None, "키다리")),
                    descriptor=descriptor,
                    **stamp,
                )
                made.add(person, device)
                people.append(person)
                targets.append(("person", str(person.id)))
            own = facilities[device]
            facility = rng.choice(own) if own and rng.random() < 0.75 else None
            incident = Incident(
                id=made.id(),
                interview_id=interview.id,
                title=rng.choice(("구류장 조사", "구류장  조사", "구타", "강제노동", "실종")),
                summary=rng.choice((None, "요약")),
                date=_date(rng),
                place=rng.choice(PLACES),
                facility_id=facility.id if facility else None,
                person_ids=[p.id for p in people],
                source=rng.choice(SOURCES),
                exculpatory=rng.random() < 0.1,
                **stamp,
            )
            made.add(incident, device)
            targets.append(("incident", str(incident.id)))
            elements = rng.sample(ELEMENTS, rng.randrange(1, 4))
            # Two rare elements make gaps: one told by a single witness, one by hearsay only.
            if incident.source is KnowledgeSource.SAW and SINGLE not in rare:
                rare.add(SINGLE)
                elements.append(SINGLE)
            if incident.source is KnowledgeSource.HEARD and len(rare - {SINGLE}) < 3:
                rare.add(str(incident.id))
                elements.append(HEARSAY_ONLY)
            for element in elements:
                tag = ElementTag(
                    id=made.id(),
                    interview_id=interview.id,
                    element_id=element,
                    answer_id=answer.id,
                    incident_id=incident.id,
                    **stamp,
                )
                made.add(tag, device)
                targets.append(("element_tag", str(tag.id)))
                if rng.random() < 0.08:
                    later.append((tag, device))
            if rng.random() < 0.15:
                later.append((incident, device))
        if rng.random() < 0.3:
            made.add(
                ElementTag(
                    id=made.id(),
                    interview_id=interview.id,
                    element_id=rng.choice(ELEMENTS),
                    answer_id=answer.id,
                    **stamp,
                ),
                device,
            )
    # A second round: some records revised (a new version), some deleted.
    for record, device in later:
        if isinstance(record, Incident) and rng.random() < 0.6:
            revised = record.model_copy(
                update={"version": 2, "source": rng.choice(SOURCES), "date": _date(rng)}
            )
            made.add(revised, device, 2)
        else:
            made.delete(record, device, 2)
    decisions = [
        (interviewee_ids[a], interviewee_ids[b], same)
        for a, b, same in ((3, 9, True), (0, 1, True), (4, 11, False))
    ]
    aspects = ("reliability", "credibility")
    assessments = []
    for n, (kind, target) in enumerate(rng.sample(targets, 12)):
        for version in range(1, rng.randrange(2, 4)):
            assessments.append((kind, target, aspects[n % 2], f"r{version}", version))
    return made.rows, {
        "decisions": decisions,
        "assessments": assessments,
        "imported": [i for n, i in enumerate(interview_ids) if DEVICES[n % 5] == "import:1"],
    }


def fill(connection: Connection, interviews: int = 70) -> None:
    """Write the repository's records, import, decisions and assessments, and derive
    the consolidated view (inside the caller's transaction)."""
    rows, extra = build(interviews)
    connection.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute(
        "INSERT INTO imports VALUES (1, 'NK Watch', 'f00d', 'imports/1.csv', ?, 'intake', ?, 0)",
        (AT.isoformat(), len(extra["imported"])),
    )
    connection.executemany(
        "INSERT INTO import_rows VALUES (1, ?, ?, ?, 'written consent', 'NK Watch file')",
        [(n, f"ext-{n}", i) for n, i in enumerate(extra["imported"])],
    )
    connection.executemany(
        "INSERT INTO witness_decisions(first, second, same, reasons, analyst, at) "
        "VALUES (?, ?, ?, 'reasons', 'analyst', ?)",
        [(min(a, b), max(a, b), int(same), AT.isoformat()) for a, b, same in extra["decisions"]],
    )
    connection.executemany(
        "INSERT INTO assessments(target_kind, target_id, aspect, rating, reasons, analyst, at, "
        "version) VALUES (?, ?, ?, ?, 'because', 'analyst', ?, ?)",
        [(k, t, a, r, AT.isoformat(), v) for k, t, a, r, v in extra["assessments"]],
    )
    consolidated.rebuild(connection)
