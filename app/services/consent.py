"""The rule every writer of testimony inherits: nothing for an interview before consent.

The services of the kinds that belong to an interview's testimony (sessions, answers,
transcript segments, tags, incidents, persons, attachments) check it inside the same
transaction as the write, so the desk, the transcript writer, the demo, the command line
and anything written later all keep it without knowing it exists.
"""

from __future__ import annotations

from uuid import UUID

from app.domain import Consent, Interview
from app.errors import SillokError
from app.i18n import N_
from app.store import records
from app.store.connection import Connection


class ConsentRequired(SillokError):
    exit_code = 16
    template = N_(
        "Nothing can be recorded for interview {code} before the witness's consent is "
        "captured. Open the consent step, go through each scope with the witness, then "
        "continue."
    )


def require_consent(connection: Connection, interview_id: UUID) -> Consent:
    """The interview's consent record, or ConsentRequired when there is none."""
    found = records.find_one(connection, Consent, interview_id=interview_id)
    if found is None:
        code = records.get(connection, Interview, interview_id).code
        raise ConsentRequired(code=code)
    return found
