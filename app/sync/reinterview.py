"""Re-interview requests: what Geneva asks a field device to ask its witnesses again.

Geneva makes the list from its gaps (`app.sync.repository.reinterview_requests`) for one
device: the witnesses that device interviewed whose consent allows re-contact, each named
only by the pseudonymous codes and ids the device itself made, with the questions as
reasons (the only witness of an element, heard and not seen, two accounts that disagree)
and an analyst's note. Geneva signs it with the key the device pinned at enrolment.

On the device, `load_requests` checks the signature, that the list is for this device and
this repository, and keeps it in the encrypted database (the audit trail records it);
`asked_about` gives the desk the questions for the witness of an interview, so that the
next time that witness is interviewed the interviewer sees what Geneva needs. The file
itself names no one and quotes no testimony, so it may travel like a receipt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from app.errors import SillokError
from app.formats import signed
from app.i18n import N_
from app.oserrors import reason
from app.store import audit
from app.store.database import Database
from app.sync.enrolment import iso, now_utc, require_from_geneva

FORMAT = "sillok-reinterview-requests"

REASONS = ("single_witness", "hearsay_only", "contradiction_dates", "contradiction_places")
"""Why Geneva asks (`app.sync.repository.matrix.reinterview`); the desk words each."""


class RequestsInvalid(SillokError):
    exit_code = 59
    template = N_(
        "The re-interview requests {path} cannot be loaded ({detail}). Nothing was loaded. "
        "Ask Geneva to send them again."
    )


class Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str
    element: str | None = None
    """The legal element (single witness, hearsay), or the two incident ids that disagree."""


class AskedWitness(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    interviewee_id: str
    interviewee_code: str
    interview_codes: list[str]
    questions: list[Question]


class Requests(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["sillok-reinterview-requests"] = "sillok-reinterview-requests"
    format_version: Literal[1] = 1
    repository_id: str
    device_id: str
    made_at: str
    made_by: str
    note: str = ""
    witnesses: list[AskedWitness]
    withheld_no_recontact: int
    """Witnesses Geneva would ask about but whose consent does not allow re-contact."""


@dataclass(frozen=True)
class Asked:
    """What Geneva's latest list asks of one witness."""

    questions: list[Question]
    note: str
    made_at: str


@dataclass(frozen=True)
class Loaded:
    requests: Requests
    witnesses: int
    already: bool
    """This exact list was loaded before; nothing changed."""


def load_requests(database: Database, path: Path, actor: str) -> Loaded:
    """Check the signed list at `path` and keep it; RequestsInvalid if it is not Geneva's
    list for this device."""

    def invalid(detail: str) -> RequestsInvalid:
        return RequestsInvalid(path=str(path), detail=detail)

    try:
        data = path.read_bytes()
    except OSError as error:
        raise invalid(reason(error)) from error
    try:
        requests, body, signature = signed.read_document(data, Requests)
    except signed.Unreadable as error:
        raise invalid(N_("it is not a re-interview request list")) from error
    request_id = hashlib.sha256(body).hexdigest()
    with database.transaction() as connection:
        stated = (body, signature, requests.device_id, requests.repository_id)
        require_from_geneva(connection, N_("loading re-interview requests"), stated, invalid)
        seen = connection.execute(
            "SELECT 1 FROM reinterview_requests WHERE request_id = ?", (request_id,)
        ).fetchone()
        if seen is not None:
            return Loaded(requests, len(requests.witnesses), True)
        connection.execute(
            "INSERT INTO reinterview_requests VALUES (?, ?, ?, ?)",
            (request_id, requests.made_at, iso(now_utc()), data),
        )
        connection.executemany(
            "INSERT INTO reinterview_asks VALUES (?, ?, ?, ?, ?)",
            [
                (request_id, w.interviewee_id, requests.made_at, requests.note, w.model_dump_json())
                for w in requests.witnesses
            ],
        )
        audit.append(
            connection,
            database.database_id,
            actor=actor,
            action="event",
            entity_type="reinterview_requests",
            entity_id=request_id,
            content=json.dumps(
                {
                    "made_at": requests.made_at,
                    "made_by": requests.made_by,
                    "witnesses": len(requests.witnesses),
                },
                sort_keys=True,
            ),
        )
    return Loaded(requests, len(requests.witnesses), False)


def asked_about(database: Database, interview_id: UUID) -> Asked | None:
    """What Geneva's latest list asks of the witness of `interview_id`, if anything."""
    with database.reading() as connection:
        row = connection.execute(
            "SELECT a.body, a.note, a.made_at FROM reinterview_asks AS a "
            "JOIN interviews AS i ON i.interviewee_id = a.interviewee_id "
            "WHERE i.id = ? ORDER BY a.made_at DESC LIMIT 1",
            (str(interview_id),),
        ).fetchone()
    if row is None:
        return None
    return Asked(list(AskedWitness.model_validate_json(row[0]).questions), row[1], row[2])
