"""Geneva's re-interview questions (`app.sync.reinterview`) in the interviewer's words.

The list carries reasons and legal elements, not sentences: the desk words them in the
language the interviewer has chosen, naming the element as the catalogue does and an
incident of this interview by its title (an incident told on another device or in another
interview is only "an earlier account").
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain import Incident
from app.i18n import _, current_language
from app.legal import Catalogue
from app.sync.reinterview import Asked, Question


def element_name(catalogue: Catalogue, element_id: str | None) -> str:
    if element_id is None or not catalogue.is_known(element_id):
        return element_id or "?"
    group = catalogue.group_of(element_id).title.get(current_language())
    return f"{group} ({element_id})"


def question_text(catalogue: Catalogue, question: Question, incidents: Iterable[Incident]) -> str:
    titles = {str(incident.id): incident.title for incident in incidents}
    if question.reason == "single_witness":
        return _(
            "Only this witness has spoken of {element}. Ask for what another witness or a "
            "document could confirm: who else was there, when, where."
        ).format(element=element_name(catalogue, question.element))
    if question.reason == "hearsay_only":
        return _(
            "This witness heard of {element} from others. Ask who told them, and how that "
            "person knew."
        ).format(element=element_name(catalogue, question.element))
    first, _space, second = (question.element or "").partition(" ")
    accounts = ", ".join(titles.get(i, _("an earlier account")) for i in (first, second))
    if question.reason == "contradiction_dates":
        return _(
            "Two accounts of this witness differ on when it happened ({accounts}). Ask "
            "them to go over the dates again."
        ).format(accounts=accounts)
    if question.reason == "contradiction_places":
        return _(
            "Two accounts of this witness differ on where it happened ({accounts}). Ask "
            "them to go over the places again."
        ).format(accounts=accounts)
    return _("Geneva asks about {element}.").format(element=question.element or question.reason)


def asked_lines(catalogue: Catalogue, asked: Asked, incidents: Iterable[Incident]) -> list[str]:
    """One line per question, and Geneva's note last."""
    known = list(incidents)
    lines = [question_text(catalogue, q, known) for q in asked.questions]
    if asked.note:
        lines.append(_("Note from Geneva: {note}").format(note=asked.note))
    return lines
