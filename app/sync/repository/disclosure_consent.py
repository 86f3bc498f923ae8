"""Which interviews a disclosure may carry, by their consent (docs/disclosure.md).

An interview goes to an accountability mechanism only if its consent in force (the one
given last) allows sharing with accountability mechanisms, it was recorded by an enrolled
device, and its witness withdrew that sharing in none of their interviews: a withdrawal is
the witness's, joined through analysts' decisions that two interviewees are the same person
(witness_decisions.py). The same rules tell the desk what it shows of an interview's
consent. disclosure.py checks them, and reads them again when it registers a disclosure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from app.domain import Consent, ConsentScope
from app.i18n import N_
from app.store.connection import Connection
from app.sync.repository import consolidated, witness_decisions
from app.sync.repository.store import Repository

WITHHELD_REASONS = {
    "consent_refuses_sharing": N_(
        "the consent does not allow sharing with accountability mechanisms"
    ),
    "consent_withdrawn": N_("the consent to sharing was withdrawn"),
    "no_consent": N_("no consent on record"),
    "imported_consent_to_be_decided": N_(
        "imported from another organisation: the legal officer decides on its consent basis"
    ),
    "not_held": N_("not held"),
}
"""Why an interview chosen was left out (`Disclosed.withheld` counts them by these keys)."""


def latest_consent(consents: list[Consent]) -> Consent:
    """The consent in force among an interview's consents: the one given last. The one
    rule for disclosure and for what the desk shows of an interview's consent."""
    return max(consents, key=lambda c: c.given_at)


def refusal(
    repository: Repository, interview_id: str, withdrew: set[str] | None = None
) -> str | None:
    """Why an interview may not go to an accountability mechanism, or None.

    Its own consent in force must allow sharing, and no interview of the same witness may
    have withdrawn it: a withdrawal is the witness's, not one interview's
    (docs/disclosure.md). `withdrew`: `witnesses_who_withdrew`, read once for many
    interviews (read here when not given)."""
    with repository.reading() as connection:
        interview = consolidated.one(connection, "interview", interview_id)
        consents = [
            Consent.model_validate_json(json.dumps(r.body))
            for r in consolidated.of_interview(connection, interview_id)
            if r.kind == "consent"
        ]
        if interview is None:
            return "not_held"
        if withdrew is None:
            withdrew = witnesses_who_withdrew(connection)
    if interview.imported:
        return "imported_consent_to_be_decided"
    if not consents:
        return "no_consent"
    latest = latest_consent(consents)
    if not latest.allows(ConsentScope.SHARE_ACCOUNTABILITY):
        granted = ConsentScope.SHARE_ACCOUNTABILITY in latest.granted
        return "consent_withdrawn" if granted else "consent_refuses_sharing"
    if str(interview.body.get("interviewee_id")) in withdrew:
        return "consent_withdrawn"
    return None


def one_witness(
    connection: Connection, interviewee_id: str, joined: dict[str, set[str]] | None = None
) -> set[str]:
    """The interviewees that are one witness with `interviewee_id` by analysts' decisions:
    itself and every interviewee joined to it by pairs whose decision in force is "the same
    person" (witness_decisions.py), through any chain of them. A witness link alone, never
    confirmed, joins nothing here."""
    joined = _confirmed_pairs(connection) if joined is None else joined
    found = {interviewee_id}
    todo = [interviewee_id]
    while todo:
        for other in joined.get(todo.pop(), set()) - found:
            found.add(other)
            todo.append(other)
    return found


def _confirmed_pairs(connection: Connection) -> dict[str, set[str]]:
    """Interviewee → those decided "the same person" with it (the decision in force)."""
    joined: dict[str, set[str]] = {}
    for (first, second), decision in witness_decisions.latest(connection).items():
        if decision.same:
            joined.setdefault(first, set()).add(second)
            joined.setdefault(second, set()).add(first)
    return joined


def withdrew_sharing(consents: list[Consent]) -> bool:
    """Whether the witness took back sharing with accountability mechanisms in one
    interview: its consent in force does not allow it now, though one of its consents
    granted it (withdrawn, or a later consent that no longer grants it)."""
    scope = ConsentScope.SHARE_ACCOUNTABILITY
    return not latest_consent(consents).allows(scope) and any(
        scope in consent.granted for consent in consents
    )


_CONSENTS = (
    "SELECT r.body FROM current_records c JOIN records r ON r.kind = c.kind "
    "AND r.record_id = c.record_id AND r.version = c.version "
    "WHERE c.kind = 'consent' AND c.deleted = 0 AND r.deleted = 0 ORDER BY c.record_id"
)


def consents_by_interview(connection: Connection) -> dict[str, list[Consent]]:
    """Interview id → the current versions of its consents, by id: every consent body
    read and parsed once, for `witnesses_who_withdrew` and the desk's consent column."""
    found: dict[str, list[Consent]] = {}
    for (body,) in connection.execute(_CONSENTS):
        consent = Consent.model_validate_json(body)
        found.setdefault(str(consent.interview_id), []).append(consent)
    return found


def _withdrawals(by_interview: dict[str, list[Consent]]) -> dict[str, set[str]]:
    """Of the consents `by_interview`: the interviews whose consent in force withdrew
    sharing, each with the interviewees its consents name."""
    return {
        interview_id: {str(consent.interviewee_id) for consent in consents}
        for interview_id, consents in by_interview.items()
        if withdrew_sharing(consents)
    }


def witnesses_who_withdrew(
    connection: Connection, consents: dict[str, list[Consent]] | None = None
) -> set[str]:
    """Every interviewee whose witness withdrew sharing in any of their interviews (the
    interviewees named by an interview whose consent in force withdrew it, and every
    interviewee `one_witness` with them): read once for a whole disclosure, and for the
    desk's consent column. `consents`: `consents_by_interview`, if read already."""
    withdrawn = _withdrawals(consents_by_interview(connection) if consents is None else consents)
    interviewees = {i for named in withdrawn.values() for i in named}
    for interview_id in withdrawn:
        interview = consolidated.one(connection, "interview", interview_id)
        if interview is not None:
            interviewees.add(str(interview.body.get("interviewee_id")))
    joined = _confirmed_pairs(connection)
    found: set[str] = set()
    for interviewee in sorted(interviewees):
        if interviewee not in found:
            found |= one_witness(connection, interviewee, joined)
    return found


_READ = (
    "SELECT kind, record_id, version, interview_id, interviewee_id FROM current_records "
    "WHERE kind IN ('interview', 'consent') AND deleted = 0"
)


def consent_read(
    connection: Connection, interview_ids: Iterable[str], withdrew: set[str] | None = None
) -> dict[str, Any]:
    """What the consent check reads of each interview (`refusal`): its interviewee, the
    current versions of its consents, and whether its witness withdrew sharing in any
    interview (`witnesses_who_withdrew`, read here when not given). Read again in the
    register's transaction: a disclosure whose interviews' reading changed is not
    registered (review m3). The interviews' and consents' keys come from the consolidated
    view in one query, without their bodies."""
    wanted = set(interview_ids)
    interviewees: dict[str, str] = {}
    consents: dict[str, list[tuple[str, int]]] = {}
    for kind, record_id, version, interview_id, interviewee_id in connection.execute(_READ):
        if kind == "interview" and record_id in wanted:
            interviewees[str(record_id)] = str(interviewee_id)
        elif kind == "consent" and interview_id in wanted:
            consents.setdefault(str(interview_id), []).append((str(record_id), int(version)))
    if withdrew is None:
        withdrew = witnesses_who_withdrew(connection)
    return {
        interview_id: (
            interviewees.get(interview_id),
            sorted(consents.get(interview_id, [])),
            interviewees.get(interview_id) in withdrew,
        )
        for interview_id in sorted(wanted)
    }
