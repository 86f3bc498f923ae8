"""Who is one witness across devices: interviewees grouped by their witness link.

Each device makes its own interviewee record, so the same person interviewed on two
laptops (or by another organisation) is two interviewees. Where both carry the same
witness link (a keyed hash of stable identifiers made on the laptop,
app/sync/witness_link.py) they are one witness: counted once as an independent witness,
never corroborating themselves, and shown to analysts as a "possible earlier statement".
The link says nothing of who the person is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from app.search.corroboration import (
    Contradiction,
    IncidentFacts,
    contradictions_among,
    load_incidents,
)
from app.store.connection import Connection
from app.sync.repository import consolidated


@dataclass
class Witness:
    key: str
    """The link when one is known ("link:…"), else the interviewee id."""
    interviewees: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    interviews: list[str] = field(default_factory=list)
    devices: set[str] = field(default_factory=set)
    imported: bool = False


def witness_of(connection: Connection) -> dict[str, str]:
    """Interviewee id → witness key."""
    found = {}
    for record in consolidated.current(connection, "interviewee"):
        link = record.body.get("witness_link")
        found[record.id] = f"link:{link}" if link else record.id
    return found


def witnesses(connection: Connection) -> dict[str, Witness]:
    """Every witness, with their interviewees, interviews and the devices that sent them."""
    key_of = witness_of(connection)
    found: dict[str, Witness] = {}
    for record in consolidated.current(connection, "interviewee"):
        key = key_of[record.id]
        witness = found.setdefault(key, Witness(key))
        witness.interviewees.append(record.id)
        witness.codes.append(str(record.body.get("code", "")))
        witness.devices.add(record.device_id)
        witness.imported = witness.imported or record.imported
    for interview in consolidated.current(connection, "interview"):
        owner = key_of.get(str(interview.body.get("interviewee_id")))
        if owner is not None:
            found[owner].interviews.append(interview.id)
            found[owner].devices.add(interview.device_id)
    return found


def earlier_statements(connection: Connection) -> dict[str, list[str]]:
    """Interview id → the other interviews of the same witness (possible earlier
    statements), for witnesses seen more than once."""
    found: dict[str, list[str]] = defaultdict(list)
    for witness in witnesses(connection).values():
        for interview in witness.interviews:
            others = sorted(i for i in witness.interviews if i != interview)
            if others:
                found[interview] = others
    return found


def linked_incidents(connection: Connection) -> list[IncidentFacts]:
    """Every incident with the facts corroboration compares (app/search/corroboration.py),
    its `witness` being the witness key: the same person seen twice is one witness."""
    key_of = witness_of(connection)
    return [
        replace(facts, witness=key_of.get(facts.witness, facts.witness))
        for facts in load_incidents(connection)
    ]


def contradictions(
    connection: Connection, incidents: list[IncidentFacts] | None = None
) -> list[Contradiction]:
    """Statements of one witness that disagree on dates or places, across all their
    interviews on every device, `witness` being the key."""
    return contradictions_among(linked_incidents(connection) if incidents is None else incidents)
