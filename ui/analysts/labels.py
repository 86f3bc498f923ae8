"""The words the analysts' desk shows for the core's keys (record kinds, matrix axes,
gap reasons, ratings, sources), each translated when shown."""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import N_, _

KINDS = {
    "interview": N_("Interview"),
    "interviewee": N_("Interviewee"),
    "consent": N_("Consent"),
    "session": N_("Session"),
    "answer": N_("Answer"),
    "transcript_segment": N_("Transcript passage"),
    "incident": N_("Incident"),
    "person": N_("Person"),
    "facility": N_("Facility"),
    "element_tag": N_("Element tag"),
    "attachment": N_("Attachment"),
}
AXES = {
    "": N_("Whole element"),
    "incident": N_("By incident"),
    "facility": N_("By facility"),
    "agency": N_("By agency"),
    "period": N_("By period"),
}
REASONS = {
    "single_witness": N_("one witness only"),
    "hearsay_only": N_("hearsay only"),
    "contradiction_dates": N_("own accounts disagree on the dates"),
    "contradiction_places": N_("own accounts disagree on the places"),
    "dates": N_("the dates disagree"),
    "places": N_("the places disagree"),
    "facility": N_("the same facility"),
    "person": N_("the same person"),
    "unit": N_("the same unit"),
    "date_and_place": N_("the same date and place"),
}
SOURCES = {"direct": N_("direct"), "hearsay": N_("hearsay"), "other": N_("other")}
ASPECTS = {"reliability": N_("reliability"), "credibility": N_("credibility")}
RATINGS = {
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "unassessable": N_("cannot be assessed"),
}
REGISTERS = {
    "incidents": N_("Incidents"),
    "facilities": N_("Facilities"),
    "perpetrators": N_("Perpetrators"),
    "units": N_("Units"),
    "witnesses": N_("Witnesses"),
}


def word(table: Mapping[str, str], key: object) -> str:
    """The translated word for `key`, or the key itself when the table lacks it."""
    text = table.get(str(key))
    return _(text) if text is not None else str(key)


def assessments_text(made: list[dict[str, object]]) -> str:
    """Assessments as one line: "reliability: high (analyst) · …"."""
    return " · ".join(
        _("{aspect}: {rating} ({analyst})").format(
            aspect=word(ASPECTS, a["aspect"]),
            rating=word(RATINGS, a["rating"]),
            analyst=a["analyst"],
        )
        for a in made
    )
