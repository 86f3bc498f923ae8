"""Receipts: Geneva's signed statement of what it holds, and the device's check of it.

Geneva writes one after every ingest (and sends the same one again for a package it
already holds). On the device, `accept_receipt` checks the signature against the signing
key of the trust bundle in force, that it is for this device, this repository, and a
package this device made (same sequence, same SHA-256). Only then does it mark what that
package carried as held by Geneva; the next export leaves those versions out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.formats import signed
from app.i18n import N_
from app.oserrors import reason
from app.store.database import Database
from app.sync.enrolment import iso, now_utc, require_from_geneva
from app.sync.repository_errors import ReceiptInvalid

RECEIPT_FORMAT = "sillok-receipt"


class Receipt(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["sillok-receipt"] = "sillok-receipt"
    format_version: Literal[1] = 1
    repository_id: str
    device_id: str
    sequence: int
    package_sha256: str
    received_at: str
    records: int
    """Records (versions and deletions) the package carried."""
    new_records: int
    """Of those, versions Geneva did not hold before."""
    attachments: int
    held_sequences: list[int]
    """Every package of this device Geneva now holds."""
    missing_sequences: list[int]
    """Packages before the highest held that have not arrived (a gap)."""


@dataclass(frozen=True)
class Acknowledged:
    receipt: Receipt
    marked: int
    """Record versions newly marked as held by Geneva."""
    already: bool


def accept_receipt(database: Database, path: Path) -> Acknowledged:
    """Check the receipt at `path`; if valid, mark what its package carried as held."""

    def invalid(detail: str) -> ReceiptInvalid:
        return ReceiptInvalid(path=str(path), detail=detail)

    try:
        receipt, body, signature = signed.read_document(path.read_bytes(), Receipt)
    except OSError as error:
        raise invalid(reason(error)) from error
    except signed.Unreadable as error:
        raise invalid(error.detail) from error
    with database.transaction() as connection:
        stated = (body, signature, receipt.device_id, receipt.repository_id)
        require_from_geneva(connection, N_("checking a receipt"), stated, invalid)
        row = connection.execute(
            "SELECT sha256, acknowledged_at FROM sync_packages WHERE sequence = ?",
            (receipt.sequence,),
        ).fetchone()
        if row is None or row[0] != receipt.package_sha256:
            raise invalid(N_("it is for a package this device did not make"))
        if row[1] is not None:
            return Acknowledged(receipt, 0, True)
        before = connection.total_changes
        connection.execute(
            "INSERT INTO sync_held (kind, record_id, version, sequence) "
            "SELECT kind, record_id, version, sequence FROM sync_package_items "
            "WHERE sequence = ? AND true "
            "ON CONFLICT (kind, record_id) DO UPDATE SET version = excluded.version, "
            "sequence = excluded.sequence "
            "WHERE excluded.version = 0 OR excluded.version > sync_held.version",
            (receipt.sequence,),
        )
        marked = connection.total_changes - before
        connection.execute(
            "UPDATE sync_packages SET acknowledged_at = ?, receipt = ? WHERE sequence = ?",
            (iso(now_utc()), path.read_bytes(), receipt.sequence),
        )
    return Acknowledged(receipt, marked, False)
