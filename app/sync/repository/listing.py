"""`sillok repository list`: the devices, what each sent, and every alert; and
`sillok repository clear-alert`: staff's recorded decision that lifts a cloned-device
alert's block on its device (the alert itself is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.errors import InvalidInput, NotFound
from app.i18n import N_
from app.sync.enrolment import iso, now_utc
from app.sync.repository.store import Repository

NO_REASON = N_("a reason is needed: say what was found and why the device can be trusted again")
ALREADY_CLEARED = N_("this alert was already cleared")


@dataclass(frozen=True)
class DeviceSummary:
    device_id: str
    label: str
    registered_at: str
    revoked_at: str | None
    packages: list[int]
    last_received: str | None
    records: int


@dataclass(frozen=True)
class Alert:
    id: int
    at: str
    device_id: str
    sequence: int | None
    kind: str
    detail: str
    cleared_at: str | None
    cleared_by: str | None
    cleared_reason: str | None


def devices(repository: Repository) -> list[DeviceSummary]:
    with repository.reading() as connection:
        rows = connection.execute(
            "SELECT device_id, label, registered_at, revoked_at FROM devices ORDER BY registered_at"
        ).fetchall()
        found = []
        for device_id, label, registered_at, revoked_at in rows:
            packages = connection.execute(
                "SELECT sequence, received_at FROM packages WHERE device_id = ? ORDER BY sequence",
                (device_id,),
            ).fetchall()
            records = connection.execute(
                "SELECT count(*) FROM records WHERE device_id = ?", (device_id,)
            ).fetchone()[0]
            found.append(
                DeviceSummary(
                    device_id,
                    label,
                    registered_at,
                    revoked_at,
                    [p[0] for p in packages],
                    max((p[1] for p in packages), default=None),
                    int(records),
                )
            )
    return found


def alerts(repository: Repository) -> list[Alert]:
    with repository.reading() as connection:
        return [
            Alert(*row)
            for row in connection.execute(
                "SELECT id, at, device_id, sequence, kind, detail, cleared_at, cleared_by, "
                "cleared_reason FROM alerts ORDER BY id"
            )
        ]


def clear_alert(
    repository: Repository, alert_id: int, reason: str, by: str, at: datetime | None = None
) -> None:
    """Record staff's decision on an alert (who, when, why); a cleared cloned-device alert
    no longer blocks its device. NotFound (12), or InvalidInput (14) without a reason or
    for an alert already cleared."""
    if not reason.strip():
        raise InvalidInput(detail=NO_REASON)
    with repository.transaction() as connection:
        row = connection.execute(
            "SELECT cleared_at FROM alerts WHERE id = ?", (alert_id,)
        ).fetchone()
        if row is None:
            raise NotFound(kind=N_("alert"), id=alert_id)
        if row[0] is not None:
            raise InvalidInput(detail=ALREADY_CLEARED)
        connection.execute(
            "UPDATE alerts SET cleared_at = ?, cleared_by = ?, cleared_reason = ? WHERE id = ?",
            (iso(at or now_utc()), by, reason.strip(), alert_id),
        )
