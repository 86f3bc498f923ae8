"""Identity data sealed at capture: encrypted to Geneva's identity key as it is saved.

The device keeps only the sealed form (`SealedIdentity`, in table `sealed_identities`):
an age file whose only recipient is Geneva's identity vault key. The device has no key
that opens it, so even its own user cannot read it back; only Geneva can
(`unseal`). The plaintext exists only in memory, for the moment of sealing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from app.domain.people import IdentityData, IdentityRecord, SealedIdentity
from app.errors import InvalidInput
from app.formats import age

IDENTITY_FIELDS = tuple(IdentityData.model_fields)


def identity_data(data: IdentityData | IdentityRecord | Mapping[str, Any]) -> IdentityData:
    """The identity fields of `data` (a model, or a mapping of the field names)."""
    if isinstance(data, IdentityData):
        return data
    if isinstance(data, IdentityRecord):
        return IdentityData.model_validate({name: getattr(data, name) for name in IDENTITY_FIELDS})
    try:
        return IdentityData.model_validate(dict(data))
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise InvalidInput(detail=problems) from error


def seal(
    record_id: UUID,
    version: int,
    interviewee_id: UUID,
    data: IdentityData,
    recipient: age.AgeRecipient,
    *,
    created_at: datetime,
    updated_at: datetime,
) -> SealedIdentity:
    """`data` as an IdentityRecord, encrypted to `recipient` only."""
    record = IdentityRecord(
        id=record_id,
        version=version,
        interviewee_id=interviewee_id,
        created_at=created_at,
        updated_at=updated_at,
        **{name: getattr(data, name) for name in IDENTITY_FIELDS},
    )
    sink = io.BytesIO()
    with age.Encryptor(sink, [recipient]) as encryptor:
        encryptor.write(record.content_json().encode("utf-8"))
    sealed = sink.getvalue()
    return SealedIdentity(
        id=record_id,
        version=version,
        interviewee_id=interviewee_id,
        created_at=created_at,
        updated_at=updated_at,
        recipient_key_id=recipient.key_id,
        sealed=base64.b64encode(sealed).decode("ascii"),
        sha256=hashlib.sha256(sealed).hexdigest(),
    )


def sealed_bytes(sealed: SealedIdentity) -> bytes:
    try:
        return base64.b64decode(sealed.sealed, validate=True)
    except binascii.Error as error:
        raise ValueError("the sealed identity is not base64") from error


def unseal(sealed: SealedIdentity, vault: age.AgeIdentity) -> IdentityRecord:
    """Geneva only: the identity record inside `sealed`, with the identity vault key."""
    data = sealed_bytes(sealed)
    if hashlib.sha256(data).hexdigest() != sealed.sha256:
        raise ValueError("the sealed identity does not match its hash")
    plaintext = age.Decryptor(io.BytesIO(data), [vault]).read()
    return IdentityRecord.model_validate_json(plaintext)
