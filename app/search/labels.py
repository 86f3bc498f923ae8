"""What record kinds, reasons and statuses are called, for the command line and the desk
(marked here, translated when shown)."""

from __future__ import annotations

from app.i18n import N_
from app.search.corroboration import ContradictionKind, Reason
from app.search.decisions import Status

KIND_NAMES = {
    "transcript_segment": N_("transcript"),
    "answer": N_("answer"),
    "incident": N_("incident"),
    "person": N_("person"),
    "facility": N_("facility"),
}
REASON_NAMES = {
    Reason.FACILITY: N_("same facility"),
    Reason.PERSON: N_("same person"),
    Reason.UNIT: N_("same agency unit"),
    Reason.DATE_AND_PLACE: N_("same place, overlapping dates"),
}
STATUS_NAMES = {
    Status.OPEN: N_("to review"),
    Status.CONFIRMED: N_("confirmed"),
    Status.REJECTED: N_("rejected"),
    Status.REOPENED: N_("decided, but changed since"),
}
CONTRADICTION_NAMES = {
    ContradictionKind.DATES: N_("dates do not overlap at the same place"),
    ContradictionKind.PLACES: N_("different places at overlapping dates"),
}
