"""Redaction of a disclosure by category (`REDACTIONS`): what each takes out of an
interview's data, and the log of it (docs/disclosure.md).

A category takes out whole answers (the safety screen, what is said of relatives) or fields
of the persons spoken of (names, units and ranks), or the staff's names (interviewer,
interpreter, who recorded the consent, who was present), or the whole transcript; each item
taken out is listed in the log with a digest of the record as held, keyed by Geneva's
signing key (`digest_key`), so that the unredacted record can be produced and checked later.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from app.domain import Person
from app.domain.answers import PersonValue
from app.formats import minisign
from app.reports.data import InterviewData
from app.sync.repository.store import Repository

REDACTIONS = {
    "safety": "answers of the safety screen (family in the DPRK, contacts, threats)",
    "relatives": "answers about relatives (disappeared relatives, family in a camp)",
    "person_names": "names and aliases of the persons spoken of",
    "units": "units and ranks of the persons spoken of",
    "transcript": "the whole transcript",
    "staff_names": "names of the staff: interviewer, interpreter, who recorded the consent, "
    "who was present at each session",
}
"""Categories a disclosure may withhold, with what each takes out (docs/disclosure.md)."""

_ANSWERS = {
    # 2.0: the safety screen; 1.x: its questions on family in the DPRK and reprisals
    "safety": re.compile(r"safety\.|background\.family_"),
    # 2.0 and 1.x: the disappeared relatives module, family sent to a camp, and (1.x) the
    # question whether a relative disappeared
    "relatives": re.compile(
        r"disappeared\.|kwanliso\.family|detention\.kwanliso\.family_"
        r"|trajectory\.relative_disappeared"
    ),
}
"""Which answers each category takes out, by question id from its start, for every
questionnaire version shipped (tests/unit/sync/test_redaction.py lists them)."""
WITHHELD_MARK = "[withheld: {category}]"


def digest_key(signer: minisign.SigningKey, repository_id: str) -> bytes:
    """The key of the redaction log's digests: derived from Geneva's signing key, so only
    Geneva can compute them; a recipient cannot try names against them."""
    label = f"sillok redaction log v1 {repository_id}".encode()
    return hmac.new(signer.seed(), label, hashlib.sha256).digest()


def record_digest(repository: Repository, record: Any) -> str:
    """The digest a redaction log gives `record` as held: to check later that the record
    produced unredacted is the one that was taken out."""
    return _digest(digest_key(repository.signing_key, repository.repository_id), record)


def _digest(key: bytes | None, record: Any) -> str:
    if key is None:
        return ""
    return hmac.new(key, record.content_json().encode(), hashlib.sha256).hexdigest()


def redact(
    data: InterviewData, categories: Iterable[str], key: bytes | None = None
) -> list[dict[str, str]]:
    """Take the categories out of `data` (in place); the log of what was taken out, each
    item with the keyed digest of the record as held (`digest_key`; empty without one)."""
    chosen_categories = set(categories)
    unknown = chosen_categories - REDACTIONS.keys()
    if unknown:
        raise ValueError(f"unknown redaction categories: {sorted(unknown)}")
    log: list[dict[str, str]] = []
    code = data.interview.code
    kept = []
    named_only_by: dict[UUID, str] = {}
    for answer in data.answers:
        hit = next(
            (
                c
                for c, rule in _ANSWERS.items()
                if c in chosen_categories and rule.match(answer.question_id)
            ),
            None,
        )
        if hit is None:
            kept.append(answer)
            continue
        log.append(
            {"interview": code, "category": hit, "kind": "answer", "id": str(answer.id),
             "field": answer.question_id, "hmac_sha256": _digest(key, answer)}
        )  # fmt: skip
        if isinstance(answer.value, PersonValue):
            named_only_by[answer.value.person_id] = hit
    data.answers = kept
    named_only_by = {
        person_id: category
        for person_id, category in named_only_by.items()
        if person_id not in _named_elsewhere(data)
    }
    for person_id, category in named_only_by.items():
        person = data.persons.pop(person_id, None)
        if person is not None:
            log.append(
                {"interview": code, "category": category, "kind": "person",
                 "id": str(person_id), "field": "", "hmac_sha256": _digest(key, person)}
            )  # fmt: skip
    for person_id, person in list(data.persons.items()):
        changes: dict[str, Any] = {}
        fields: list[tuple[str, str]] = []
        if "person_names" in chosen_categories:
            for name in ("name", "alias"):
                if getattr(person, name):
                    changes[name] = WITHHELD_MARK.format(category="person_names")
                    fields.append(("person_names", name))
        if "units" in chosen_categories:
            descriptor = person.descriptor
            withheld = {
                name: WITHHELD_MARK.format(category="units")
                for name in ("unit", "rank")
                if getattr(descriptor, name)
            }
            if withheld:
                changes["descriptor"] = descriptor.model_copy(update=withheld)
                fields += [("units", f"descriptor.{name}") for name in withheld]
        if changes:
            for category, name in fields:
                log.append(
                    {"interview": code, "category": category, "kind": "person",
                     "id": str(person_id), "field": name, "hmac_sha256": _digest(key, person)}
                )  # fmt: skip
            data.persons[person_id] = Person.model_validate({**person.model_dump(), **changes})
    if "staff_names" in chosen_categories:
        log += _staff_names_withheld(data, key)
    if "transcript" in chosen_categories and data.segments:
        for segment in data.segments:
            log.append(
                {"interview": code, "category": "transcript", "kind": "transcript_segment",
                 "id": str(segment.id), "field": "text", "hmac_sha256": _digest(key, segment)}
            )  # fmt: skip
        data.segments = []
    return log


def _staff_names_withheld(data: InterviewData, key: bytes | None) -> list[dict[str, str]]:
    """Take the staff's names out of `data` (in place): the interview's interviewer and
    interpreter, the consents' `recorded_by`, the sessions' `present`; the log of them."""
    mark = WITHHELD_MARK.format(category="staff_names")
    code = data.interview.code
    log: list[dict[str, str]] = []

    def withheld(record: Any, changes: dict[str, Any]) -> Any:
        for name in changes:
            log.append(
                {"interview": code, "category": "staff_names", "kind": record.kind,
                 "id": str(record.id), "field": name, "hmac_sha256": _digest(key, record)}
            )  # fmt: skip
        return type(record).model_validate({**record.model_dump(), **changes})

    interview = data.interview
    staff = {name: mark for name in ("interviewer", "interpreter") if getattr(interview, name)}
    data.interview = withheld(interview, staff)
    data.consents = [withheld(c, {"recorded_by": mark}) for c in data.consents]
    data.sessions = [
        withheld(s, {"present": [mark] * len(s.present)}) if s.present else s for s in data.sessions
    ]
    return log


def _named_elsewhere(data: InterviewData) -> set[UUID]:
    """The persons that the answers kept, the incidents or the tags name."""
    named = {a.value.person_id for a in data.answers if isinstance(a.value, PersonValue)}
    named |= {person_id for incident in data.incidents for person_id in incident.person_ids}
    named |= {tag.person_id for tag in data.tags if tag.person_id is not None}
    return named
