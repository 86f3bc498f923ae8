"""The frame every service shares: a transaction per change, with its audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, Generic, TypeVar
from uuid import UUID

from app.domain import Record
from app.services.consent import require_consent
from app.store import audit, records
from app.store.connection import Connection
from app.store.database import Database

R = TypeVar("R", bound=Record)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ServiceContext:
    """What every service needs: the open database, who acts, and the clock."""

    database: Database
    actor: str
    clock: Callable[[], datetime] = field(default=utc_now)

    def audit(
        self, connection: Connection, action: str, kind: str, entity_id: UUID, content: str | None
    ) -> None:
        audit.append(
            connection,
            self.database.database_id,
            actor=self.actor,
            action=action,
            entity_type=kind,
            entity_id=str(entity_id),
            content=content,
            now=self.clock,
        )


class RecordService(Generic[R]):
    """Create, read, update and delete records of one kind, each change audited.

    Updates are optimistic: pass the record as it was read (its `version`) with the
    changes made; if someone changed it meanwhile, Conflict is raised and nothing written.
    """

    model: type[R]
    testimony: ClassVar[bool] = False
    """Records of this kind belong to an interview's testimony: refused before consent."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def create(self, record: R) -> R:
        now = self.context.clock()
        stored = self._validated(record, version=1, created_at=now, updated_at=now)
        with self.context.database.transaction() as connection:
            self.check_consent(connection, stored)
            body = records.insert(connection, stored)
            self.context.audit(connection, "create", stored.kind, stored.id, body)
        return stored

    def update(self, record: R) -> R:
        stored = self._validated(
            record, version=record.version + 1, updated_at=self.context.clock()
        )
        with self.context.database.transaction() as connection:
            self.check_consent(connection, stored)
            body = records.update(connection, stored)
            self.context.audit(connection, "update", stored.kind, stored.id, body)
        return stored

    def delete(self, record: R) -> None:
        with self.context.database.transaction() as connection:
            records.delete(connection, record.kind, record.id, record.version)
            self.context.audit(connection, "delete", record.kind, record.id, None)

    def check_consent(self, connection: Connection, record: R) -> None:
        """ConsentRequired if `record` is testimony of an interview without consent."""
        interview_id = getattr(record, "interview_id", None)
        if self.testimony and interview_id is not None:
            require_consent(connection, interview_id)

    def _validated(self, record: R, **changes: object) -> R:
        """`record` with `changes`, validated again (model_copy alone does not validate)."""
        if not isinstance(record, self.model):
            raise TypeError(f"{type(self).__name__} stores {self.model.__name__} records")
        return self.model.model_validate({**record.model_dump(), **changes})

    def get(self, record_id: UUID) -> R:
        with self.context.database.reading() as connection:
            return records.get(connection, self.model, record_id)

    def find(self, **where: object) -> list[R]:
        with self.context.database.reading() as connection:
            return list(records.find(connection, self.model, where))
