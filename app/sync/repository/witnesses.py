"""Who is one witness across devices: interviewees grouped by their witness link.

Each device makes its own interviewee record, so the same person interviewed on two
laptops (or by another organisation) is two interviewees. Where both carry the same
witness link (a keyed hash of stable identifiers made on the laptop,
app/sync/witness_link.py) they are one witness: counted once as an independent witness,
never corroborating themselves, and shown to analysts as a "possible earlier statement".
The link says nothing of who the person is. Analysts' decisions on a pair (the same person,
or not) override it (witness_decisions.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from app.search.corroboration import (
    Contradiction,
    IncidentFacts,
    contradictions_among,
    incident_facts,
)
from app.store.connection import Connection
from app.sync.repository import facts
from app.sync.repository.consolidated import Current
from app.sync.repository.witness_decisions import latest


@dataclass
class Witness:
    key: str
    """The group's link when one is known ("link:…"), else its first interviewee id."""
    interviewees: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    interviews: list[str] = field(default_factory=list)
    devices: set[str] = field(default_factory=set)
    imported: bool = False


def witness_of(connection: Connection) -> dict[str, str]:
    """Interviewee id → witness key: interviewees with the same link are one witness
    unless analysts decided otherwise for that pair, and any pair they decided is one
    (witness_decisions.py). The key is the link of the group ("link:…", with its first
    interviewee id when a decision split the link) when it has one, else its first
    interviewee id."""
    links: dict[str, str] = {}
    parent: dict[str, str] = {}
    for record_id, body in facts.bodies(connection, "interviewee"):
        parent[record_id] = record_id
        if body.get("witness_link"):
            links[record_id] = str(body["witness_link"])

    def root(of: str) -> str:
        while parent[of] != of:
            parent[of] = parent[parent[of]]
            of = parent[of]
        return of

    decided = latest(connection)
    by_link: dict[str, list[str]] = defaultdict(list)
    for interviewee, link in sorted(links.items()):
        by_link[link].append(interviewee)
    pairs = [
        (first, second)
        for members in by_link.values()
        for index, first in enumerate(members)
        for second in members[index + 1 :]
        if (first, second) not in decided or decided[(first, second)].same
    ]
    pairs += [pair for pair, decision in decided.items() if decision.same]
    for first, second in pairs:
        if first in parent and second in parent:
            parent[root(max(first, second))] = root(min(first, second))
    groups: dict[str, list[str]] = defaultdict(list)
    for interviewee in sorted(parent):
        groups[root(interviewee)].append(interviewee)
    found = {}
    for top, members in groups.items():
        known = sorted(links[m] for m in members if m in links)
        key = top
        if known:  # a link split by a decision names each part apart
            whole = set(by_link[known[0]]) <= set(members)
            key = f"link:{known[0]}" if whole else f"link:{known[0]}:{top}"
        for member in members:
            found[member] = key
    return found


def witnesses(connection: Connection) -> dict[str, Witness]:
    """Every witness, with their interviewees, interviews and the devices that sent them."""
    key_of = witness_of(connection)
    found: dict[str, Witness] = {}
    for record in facts.current(connection, "interviewee"):
        key = key_of[record.id]
        witness = found.setdefault(key, Witness(key))
        witness.interviewees.append(record.id)
        witness.codes.append(str(record.body.get("code", "")))
        witness.devices.add(record.device_id)
        witness.imported = witness.imported or record.imported
    for interview in facts.current(connection, "interview"):
        owner = key_of.get(str(interview.body.get("interviewee_id")))
        if owner is not None:
            found[owner].interviews.append(interview.id)
            found[owner].devices.add(interview.device_id)
    return found


def earlier_statements(
    connection: Connection, key_of: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """Interview id → the other interviews of the same witness (possible earlier
    statements), for witnesses seen more than once (from the lifted columns alone);
    `key_of`: `witness_of`, if read already."""
    key_of = witness_of(connection) if key_of is None else key_of
    by_witness: dict[str, list[str]] = defaultdict(list)
    for interview, interviewee in connection.execute(
        "SELECT record_id, interviewee_id FROM current_records "
        "WHERE kind = 'interview' AND deleted = 0"
    ):
        owner = key_of.get(str(interviewee))
        if owner is not None:
            by_witness[owner].append(interview)
    found: dict[str, list[str]] = defaultdict(list)
    for interviews in by_witness.values():
        for interview in interviews:
            others = sorted(i for i in interviews if i != interview)
            if others:
                found[interview] = others
    return found


@dataclass(frozen=True)
class Read:
    """What the matrix, gaps, re-interview candidates and corroboration read of the
    repository, read once per call (facts.py) and shared between them."""

    key_of: dict[str, str]
    """Interviewee id -> witness key (`witness_of`)."""
    interviews: dict[str, tuple[Any, Any]]
    """Interview id -> (code, interviewee id)."""
    incidents: dict[str, Current]
    facilities: dict[str, dict[str, Any]]
    persons: dict[str, dict[str, Any]]
    tags: list[Current]
    """Every current element tag, by id."""


def read(connection: Connection) -> Read:
    return Read(
        witness_of(connection),
        {
            row[0]: (row[1], row[2])
            for row in connection.execute(
                "SELECT record_id, code, interviewee_id FROM current_records "
                "WHERE kind = 'interview' AND deleted = 0"
            )
        },
        {r.id: r for r in facts.current(connection, "incident")},
        dict(facts.bodies(connection, "facility")),
        dict(facts.bodies(connection, "person")),
        list(facts.current(connection, "element_tag")),
    )


def linked_incidents(connection: Connection, made: Read | None = None) -> list[IncidentFacts]:
    """Every incident with the facts corroboration compares (app/search/corroboration.py),
    its `witness` being the witness key: the same person seen twice is one witness (of
    `made`, what was read already, if given)."""
    made = made or read(connection)
    types: dict[str, set[str]] = defaultdict(set)
    for tag in made.tags:
        if tag.body.get("incident_id") is not None:
            types[tag.body["incident_id"]].add(".".join(tag.body["element_id"].split(".")[:4]))
    key_of = made.key_of
    return incident_facts(  # each interview's witness named by their key at once
        {i: (code, key_of.get(who, who)) for i, (code, who) in made.interviews.items()},
        made.facilities,
        made.persons,
        types,
        ((r.id, r.body) for r in made.incidents.values()),
    )


def contradictions(
    connection: Connection,
    incidents: list[IncidentFacts] | None = None,
    made: Read | None = None,
) -> list[Contradiction]:
    """Statements of one witness that disagree on dates or places, across all their
    interviews on every device, `witness` being the key."""
    if incidents is None:
        incidents = linked_incidents(connection, made)
    return contradictions_among(incidents)
