"""The persons and facilities of the open interview, one list shared by everything that
offers them: the person and facility questions, and the records panel's tabs.

A person or facility added from a question is saved on the worker (through the desk's
controller, so the consent rule holds) and is then offered by every other question and
listed in the records panel; one saved in the records panel is offered by the questions.
`changed` says the lists changed; the views refresh from it.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from PySide6.QtCore import QObject, Signal

from app.desk.workbench import InterviewFile, Workbench
from app.domain import Facility, Person, PersonDescriptor, PersonRole
from ui.desk.controller import DeskController
from ui.desk.record_forms import facility_type_text, person_label
from ui.editors.context import Done, EditorContext, NewFacility


class InterviewRecords(QObject):
    changed = Signal()
    """The persons or the facilities changed (one was added or saved)."""

    def __init__(
        self,
        file: InterviewFile,
        controller: DeskController,
        parent: QObject | None = None,
        facilities: list[Facility] | None = None,
    ) -> None:
        """`facilities`, when read with the interview (as the desk does), are listed at
        once: a place kept across a lock may be a facility's form."""
        super().__init__(parent)
        self.controller = controller
        self.interview_id = file.interview.id
        self.persons: dict[UUID, Person] = {p.id: p for p in file.persons}
        self.facilities: dict[UUID, Facility] = {f.id: f for f in facilities or []}
        if facilities is None:
            controller.call(lambda bench: bench.facilities(), self.set_facilities)

    # -- what the views show ----------------------------------------------------------

    def known_persons(self) -> list[tuple[UUID, str]]:
        return [(p.id, person_label(p)) for p in self.persons.values()]

    def known_facilities(self) -> list[tuple[UUID, str]]:
        return [
            (f.id, f"{f.name} · {facility_type_text(f.facility_type)}")
            for f in sorted(self.facilities.values(), key=lambda f: f.name)
        ]

    def editor_context(self, base: EditorContext) -> EditorContext:
        """`base` (the reference data, the language) with this interview's records."""
        return replace(
            base,
            known_persons=self.known_persons,
            known_facilities=self.known_facilities,
            create_person=self.create_person,
            create_facility=self.create_facility,
        )

    # -- changes ----------------------------------------------------------------------

    def set_facilities(self, facilities: list[Facility]) -> None:
        self.facilities = {f.id: f for f in facilities}
        self.changed.emit()

    def person_saved(self, person: Person) -> None:
        self.persons[person.id] = person
        self.changed.emit()

    def facility_saved(self, facility: Facility) -> None:
        self.facilities[facility.id] = facility
        self.changed.emit()

    def add_known(self, persons: list[Person]) -> None:
        """Persons recorded elsewhere (the transcript's tag dialog): offer them too."""
        new = [p for p in persons if p.id not in self.persons]
        for person in new:
            self.persons[person.id] = person
        if new:
            self.changed.emit()

    def create_person(self, text: str, role: PersonRole, done: Done) -> None:
        # The words typed describe the person; they are not assumed to be a name.
        person = Person(
            role=role,
            interview_id=self.interview_id,
            descriptor=PersonDescriptor(description=text.strip()),
        )

        def saved(stored: Person) -> None:
            self.person_saved(stored)
            done(stored.id)

        self.controller.change(
            lambda bench: bench.save_person(person), saved, lambda _error: done(None)
        )

    def create_facility(self, new: NewFacility, done: Done) -> None:
        facility = Facility(
            name=new.name.strip(),
            facility_type=new.facility_type,
            reference_id=new.reference_id,
            place=new.place,
        )

        def verb(bench: Workbench) -> Facility:
            return bench.save_facility(facility)

        def saved(stored: Facility) -> None:
            self.facility_saved(stored)
            done(stored.id)

        self.controller.change(verb, saved, lambda _error: done(None))
