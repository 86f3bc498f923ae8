"""Names shown for record kinds, reasons and statuses, in the current language."""

from __future__ import annotations

from app.i18n import _
from app.search.corroboration import ContradictionKind, Reason
from app.search.decisions import Status
from app.search.labels import CONTRADICTION_NAMES, KIND_NAMES, REASON_NAMES, STATUS_NAMES


def kind_name(kind: str) -> str:
    return _(KIND_NAMES.get(kind, kind))


def reason_name(reason: Reason) -> str:
    return _(REASON_NAMES[reason])


def status_name(status: Status) -> str:
    return _(STATUS_NAMES[status])


def contradiction_name(kind: ContradictionKind) -> str:
    return _(CONTRADICTION_NAMES[kind])
