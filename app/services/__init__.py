"""The services: the only way the UI and the command line change data.

`Services(database, actor)` gathers one service per record kind. Every change runs in its
own transaction together with its audit-trail entry, so a record and its audit entry are
written together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.services.base import RecordService, ServiceContext, utc_now
from app.services.records import (
    Answers,
    Attachments,
    Consents,
    ElementTags,
    Facilities,
    Identities,
    Incidents,
    Interviewees,
    Interviews,
    Persons,
    Sessions,
    TranscriptSegments,
)
from app.store.database import Database


class Services:
    def __init__(
        self, database: Database, actor: str, clock: Callable[[], datetime] = utc_now
    ) -> None:
        if not actor.strip():
            raise ValueError("every change needs an actor for the audit trail")
        self.context = ServiceContext(database, actor, clock)
        self.interviewees = Interviewees(self.context)
        self.identities = Identities(self.context)
        self.interviews = Interviews(self.context)
        self.consents = Consents(self.context)
        self.sessions = Sessions(self.context)
        self.answers = Answers(self.context)
        self.transcripts = TranscriptSegments(self.context)
        self.incidents = Incidents(self.context)
        self.persons = Persons(self.context)
        self.facilities = Facilities(self.context)
        self.tags = ElementTags(self.context)
        self.attachments = Attachments(self.context)


__all__ = ["RecordService", "ServiceContext", "Services"]
