"""What record kinds, reasons and statuses are called, for the command line and the desk
(marked here, translated when shown)."""

from __future__ import annotations

from app.i18n import N_
from app.i18n.formats import format_number, plural
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


def interviews_page(first: int | None, last: int | None, total: int) -> str:
    """ "1–20 of 37 interviews", "1–1 of 1 interview": the page of a search, the same on
    the command line, the laptop's search panel and the analysts' desk. `first`/`last` are
    None for a page past the end (shown as "—")."""
    return plural(
        total,
        N_("{first}–{last} of {total} interview"),
        N_("{first}–{last} of {total} interviews"),
        first="—" if first is None else format_number(first),
        last="—" if last is None else format_number(last),
        total=format_number(total),
    )
