"""A transcript tag in words, for the tooltip over tagged words and the segment's list.

`describe_tag(catalogue, model, tag, long)` names the legal element (with its group); the
long form adds the tagged words, the incident, the person and the note, or says that the
words were deleted and the tag must be attached again.
"""

from __future__ import annotations

from app.i18n import _, current_language
from app.legal import Catalogue
from app.transcript.document import TagState
from ui.transcript.model import TranscriptModel
from ui.transcript.tag_dialog import person_label


def describe_tag(catalogue: Catalogue, model: TranscriptModel, tag: TagState, long: bool) -> str:
    """A tag in words: the element (and for the list, the words, incident, person)."""
    language = current_language()
    if not catalogue.is_known(tag.element_id):
        name = tag.element_id
    else:
        element = catalogue.element(tag.element_id)
        group = catalogue.group_of(tag.element_id).title.get(language)
        name = f"{tag.element_id} · {group}"
        if not long:
            return f"{name}\n{element.text.get(language)}"
    if tag.detached:
        return _(
            "{element}: the tagged words were deleted. Select words and attach the tag "
            "again, or remove it."
        ).format(element=name)
    parts = [name]
    text = model.document.segment(tag.segment_id).text
    parts.append(_("“{passage}”").format(passage=_ellipsis(text[tag.start : tag.end])))
    incident = next((i for i in model.incidents if i.id == tag.incident_id), None)
    if incident is not None:
        parts.append(_("incident: {title}").format(title=incident.title))
    person = next((p for p in model.persons if p.id == tag.person_id), None)
    if person is not None:
        parts.append(_("person: {person}").format(person=person_label(person)))
    if tag.note:
        parts.append(tag.note)
    return "   ".join(parts)


def _ellipsis(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
