"""Witnesses, the people they speak of, and the places of detention.

Identity is kept apart from testimony. `Interviewee` carries only what cannot identify
the witness (a pseudonymous code, sex, a decade of birth): it is what testimony records
point to. Real names, birth date, hometown and relatives live in `IdentityRecord`, a
record kind of its own (`holds_identity = True`) that the store keeps apart and that
leaves the device only where the witness consented to the use of their identity
(`ConsentScope.USE_OF_IDENTITY`). Relatives still in the DPRK face reprisals if it leaks.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self
from uuid import UUID

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

from app.domain.base import FrozenModel, Record
from app.domain.dates import ApproximateDate
from app.domain.fields import NonBlankStr, PseudonymousCode

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""Letters and digits that cannot be misread for one another: no 0/O, no 1/I."""

CODE_PREFIX = "SLK"


def new_pseudonymous_code() -> str:
    """A fresh random code such as "SLK-7K3Q-9XPM" (40 random bits).

    Random, so it says nothing about the witness, the date or the interviewer; the store
    must still check it is not already taken.
    """
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(2))
    return "-".join((CODE_PREFIX, *groups))


BirthDecade = Annotated[str, StringConstraints(pattern=r"^(19|20)[0-9]0s$")]
"""A decade of birth such as "1970s": never a year, which would help identify a person."""


class Interviewee(Record):
    """A witness, as testimony records refer to them: nothing here identifies them."""

    kind: ClassVar[str] = "interviewee"

    code: PseudonymousCode
    sex: str | None = None
    year_of_birth_band: BirthDecade | None = None
    witness_link: str | None = Field(default=None, pattern=r"^WL1-[A-Z2-7]{32}$")
    """A keyed hash of stable identifiers, so Geneva can see the same person interviewed
    twice without their name (app/sync/witness_link.py); set when the identity is sealed."""

    omitted_when_none: ClassVar[frozenset[str]] = frozenset({"witness_link"})


class Relative(FrozenModel):
    """A relative the witness named; their fate may be evidence (enforced disappearance)."""

    name: str | None = None
    relation: NonBlankStr
    whereabouts: str | None = None
    note: str | None = None


class IdentityData(FrozenModel):
    """The identity fields as typed at capture: what `services.identities.seal` seals."""

    real_name: str | None = None
    other_names: list[str] = Field(default_factory=list)
    birth_date: ApproximateDate | None = None
    hometown: str | None = None
    relatives: list[Relative] = Field(default_factory=list)


class IdentityRecord(Record):
    """Who the witness is. Kept apart from the testimony; see the module documentation.

    On a field device this is never stored: it is sealed to Geneva's identity key at
    capture (`SealedIdentity`); only Geneva, with its identity vault key, reads it back.
    """

    kind: ClassVar[str] = "identity"
    holds_identity: ClassVar[bool] = True

    interviewee_id: UUID
    real_name: str | None = None
    other_names: list[str] = Field(default_factory=list)
    birth_date: ApproximateDate | None = None
    hometown: str | None = None
    relatives: list[Relative] = Field(default_factory=list)


class SealedIdentity(Record):
    """An `IdentityRecord` encrypted (age) to Geneva's identity key as it was saved.

    `sealed` is the whole age file, base64: `base64 -d | age -d -i identity-vault.key`
    gives the identity record's canonical JSON. The device that made it cannot open it.
    """

    kind: ClassVar[str] = "sealed_identity"

    interviewee_id: UUID
    recipient_key_id: str
    """Key id of the Geneva identity key it is sealed to."""
    sealed: str
    sha256: str
    """SHA-256 of the age file (the decoded `sealed`)."""


class PersonRole(StrEnum):
    PERPETRATOR = "perpetrator"
    VICTIM = "victim"
    WITNESS = "witness"
    OTHER = "other"


class PersonDescriptor(FrozenModel):
    """What the witness knows of a person's place in an organisation: the facts that link
    a perpetrator to an agency and a chain of command."""

    agency: str | None = None
    """An agency reference id, or the agency as the witness named it."""
    unit: str | None = None
    rank: str | None = None
    position: str | None = None
    """Role or function, e.g. interrogator, guard, head of the holding centre."""
    description: str | None = None
    sex: str | None = None
    age_estimate: str | None = None


class IdentificationBasis(StrEnum):
    """How the witness comes to know who the person is."""

    KNEW_BEFORE = "knew_before"
    SAW_OFTEN = "saw_often"
    SAW_ONCE = "saw_once"
    NAME_ONLY = "name_only"
    """Heard only a name or a title."""


class Identification(FrozenModel):
    """The factors that weigh a witness's identification of a person (distance, light,
    duration, prior acquaintance, whether they could recognise the person again)."""

    basis: IdentificationBasis
    distance: str | None = None
    light: str | None = None
    duration: str | None = None
    could_recognise: bool | None = None
    """Could pick the person out again (from photographs, for instance)."""


class Person(Record):
    """A person the testimony speaks of: a perpetrator, a victim, another witness."""

    kind: ClassVar[str] = "person"

    role: PersonRole
    interview_id: UUID | None = None
    name: str | None = None
    alias: str | None = None
    descriptor: PersonDescriptor = Field(default_factory=PersonDescriptor)
    identification: Identification | None = None
    """How reliably the witness identifies this person; absent in earlier records."""

    @model_serializer(mode="wrap")
    def _omit_absent_identification(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Absent, the record serialises exactly as before the field existed (hashes hold).
        data: dict[str, Any] = handler(self)
        if data.get("identification", 0) is None:
            del data["identification"]
        return data


class FacilityType(StrEnum):
    KWANLISO = "kwanliso"
    """관리소: political prison camp."""
    KYOHWASO = "kyohwaso"
    """교화소: ordinary prison camp."""
    RODONG_DANRYEONDAE = "rodong_danryeondae"
    """노동단련대: labour training camp."""
    JIPKYULSO = "jipkyulso"
    """집결소: holding centre."""
    KURYUJANG = "kuryujang"
    """구류장: detention and interrogation cells."""
    POLICE_STATION = "police_station"
    OTHER = "other"


class PlaceRef(FrozenModel):
    """A place: a gazetteer entry, the place as the witness named it, or both."""

    reference_id: str | None = None
    text: str | None = None

    @model_validator(mode="after")
    def _something_given(self) -> Self:
        if not (self.reference_id or "").strip() and not (self.text or "").strip():
            raise ValueError("a place needs a reference id or a text")
        return self


class Facility(Record):
    """A place of detention or another facility of the agencies involved."""

    kind: ClassVar[str] = "facility"

    name: NonBlankStr
    facility_type: FacilityType
    place: PlaceRef | None = None
    agency: str | None = None
    reference_id: str | None = None
    """The facility's id in the reference data, when it is known there."""
    notes: str | None = None
