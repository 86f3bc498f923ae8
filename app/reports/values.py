"""Answers, people, places and sources in words, in one language, for reports."""

from __future__ import annotations

from uuid import UUID

from app.domain import (
    Facility,
    FacilityType,
    KnowledgeSource,
    Person,
    PersonRole,
    PlaceRef,
    Speaker,
    TriState,
)
from app.domain.answers import (
    AnswerValue,
    ChoiceValue,
    DateValue,
    DeclinedValue,
    DurationValue,
    FacilityValue,
    MultiChoiceValue,
    NumberValue,
    PersonValue,
    PlaceValue,
    SourceValue,
    TextValue,
    TriStateValue,
)
from app.i18n import N_
from app.i18n.formats import format_approximate_date, format_duration, format_number, gettext_in
from app.questionnaire.model import Question
from app.reference import ReferenceDataError, default_reference

SPEAKERS = {
    Speaker.INTERVIEWER: N_("Interviewer"),
    Speaker.INTERVIEWEE: N_("Witness"),
    Speaker.INTERPRETER: N_("Interpreter"),
    Speaker.OTHER: N_("Other"),
}

TRISTATE = {
    TriState.YES: N_("Yes"),
    TriState.NO: N_("No"),
    TriState.UNKNOWN: N_("Does not know"),
    TriState.DECLINED: N_("Declined to answer"),
}

SOURCES = {
    KnowledgeSource.SAW: N_("saw it (direct witness)"),
    KnowledgeSource.EXPERIENCED: N_("experienced it"),
    KnowledgeSource.HEARD: N_("heard it from someone (hearsay)"),
    KnowledgeSource.DOCUMENT: N_("read it in a document"),
    KnowledgeSource.OTHER: N_("other source"),
}

ROLES = {
    PersonRole.PERPETRATOR: N_("perpetrator"),
    PersonRole.VICTIM: N_("victim"),
    PersonRole.WITNESS: N_("witness"),
    PersonRole.OTHER: N_("other person"),
}

DECLINED = N_("Declined to answer")
UNKNOWN_RECORD = N_("(no longer on record)")
APPROXIMATE = N_("about {duration}")


def t(message: str, language: str) -> str:
    return gettext_in(message, language)


def place_name(place: PlaceRef, language: str) -> str:
    """The gazetteer name in `language`, with the place as the witness named it."""
    parts: list[str] = []
    if place.reference_id:
        entry = _reference_entry(place.reference_id)
        if entry is not None:
            parts.append(entry.get(language))
        else:
            parts.append(place.reference_id)
    if place.text and place.text not in parts:
        parts.append(place.text if not parts else f"({place.text})")
    return " ".join(parts)


def _reference_entry(entry_id: str) -> _Named | None:
    try:
        entry = default_reference().find(entry_id)
    except ReferenceDataError:
        return None
    return None if entry is None else _Named(entry.name.ko, entry.name.en)


class _Named:
    def __init__(self, ko: str, en: str) -> None:
        self.ko, self.en = ko, en

    def get(self, language: str) -> str:
        return self.ko if language == "ko" else self.en


def facility_type_name(kind: FacilityType, language: str) -> str:
    entry = _reference_entry(kind.value)
    return entry.get(language) if entry is not None else kind.value


def facility_name(facility: Facility | None, language: str) -> str:
    if facility is None:
        return t(UNKNOWN_RECORD, language)
    text = f"{facility.name} ({facility_type_name(facility.facility_type, language)})"
    if facility.place is not None:
        text += f", {place_name(facility.place, language)}"
    return text


def person_name(person: Person | None, language: str) -> str:
    """A person as the testimony knows them: name or alias, role, agency, rank, position."""
    if person is None:
        return t(UNKNOWN_RECORD, language)
    parts = [part for part in (person.name, person.alias) if part]
    descriptor = person.descriptor
    agency = descriptor.agency
    if agency:
        entry = _reference_entry(agency)
        agency = entry.get(language) if entry is not None else agency
    details = [
        part for part in (agency, descriptor.unit, descriptor.rank, descriptor.position) if part
    ]
    if descriptor.description:
        details.append(descriptor.description)
    head = " / ".join(parts) if parts else t(ROLES[person.role], language)
    if parts:
        head += f" ({t(ROLES[person.role], language)})"
    return f"{head}: {', '.join(details)}" if details else head


def source_text(value: SourceValue, language: str) -> str:
    text = t(SOURCES[value.source], language)
    if value.heard_from:
        text += " — " + t(N_("from {who}"), language).format(who=value.heard_from)
    if value.note:
        text += f" ({value.note})"
    return text


def answer_text(
    value: AnswerValue,
    question: Question | None,
    language: str,
    persons: dict[UUID, Person],
    facilities: dict[UUID, Facility],
) -> str:
    """The answer in words: choices by their text in `language`, dates with their
    precision, people, places and facilities by name; typed text exactly as typed."""
    if isinstance(value, TextValue):
        return value.text
    if isinstance(value, TriStateValue):
        return t(TRISTATE[value.value], language)
    if isinstance(value, ChoiceValue):
        return _choice(value.choice, question, language)
    if isinstance(value, MultiChoiceValue):
        return ", ".join(_choice(choice, question, language) for choice in value.choices)
    if isinstance(value, NumberValue):
        number = format_number(value.value, language)
        unit = value.unit or (question.unit.get(language) if question and question.unit else None)
        return f"{number} {unit}" if unit else number
    if isinstance(value, DurationValue):
        parts = []
        if value.minutes is not None:
            duration = format_duration(value.minutes, language)
            parts.append(
                t(APPROXIMATE, language).format(duration=duration)
                if value.approximate
                else duration
            )
        if value.text:
            parts.append(f"“{value.text}”")
        return " ".join(parts)
    if isinstance(value, DateValue):
        return format_approximate_date(value.date, language)
    if isinstance(value, PlaceValue):
        return place_name(value.place, language)
    if isinstance(value, FacilityValue):
        return facility_name(facilities.get(value.facility_id), language)
    if isinstance(value, PersonValue):
        return person_name(persons.get(value.person_id), language)
    if isinstance(value, SourceValue):
        return source_text(value, language)
    assert isinstance(value, DeclinedValue)
    return t(DECLINED, language)


def _choice(choice: str, question: Question | None, language: str) -> str:
    if choice == "declined":
        return t(DECLINED, language)
    for option in (question.choices or []) if question is not None else []:
        if option.id == choice:
            return option.text.get(language)
    return choice
