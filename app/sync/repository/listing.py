"""`sillok repository list`: the devices, what each sent, and every alert."""

from __future__ import annotations

from dataclasses import dataclass

from app.sync.repository.store import Repository


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
    at: str
    device_id: str
    sequence: int | None
    kind: str
    detail: str


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
                "SELECT at, device_id, sequence, kind, detail FROM alerts ORDER BY id"
            )
        ]
