"""Signed JSON documents: enrolment requests, trust bundles, receipts, audit checkpoints.

A document file is JSON: `{"signed": <object>, "minisig": <minisign signature text>}`.
The signature covers the canonical bytes of `signed` (UTF-8 JSON, keys sorted, no
insignificant whitespace), so anyone can check it with the standard tool:
`jq -cjS .signed FILE > body && jq -rj .minisig FILE > body.minisig &&
minisign -Vm body -P <key>` (see docs/sync.md).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.formats import minisign
from app.formats.errors import FormatError
from app.i18n import N_, Marked

M = TypeVar("M", bound=BaseModel)


def canonical(value: BaseModel | dict[str, Any]) -> bytes:
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sign_document(value: BaseModel, key: minisign.SigningKey, comment: str) -> bytes:
    body = canonical(value)
    signature = key.sign(body, comment)
    envelope = {"signed": json.loads(body), "minisig": signature}
    return (json.dumps(envelope, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


NOT_JSON = N_("not JSON")
NOT_SIGNED = N_("not a signed Sillok document")
UNEXPECTED = N_("a signed document, but not of the kind expected here")


class Unreadable(ValueError):
    """The bytes are not a signed document of the expected kind; `detail` says why, marked
    for translation: it is shown inside the reader's error, in the reader's language."""

    def __init__(self, detail: Marked) -> None:
        super().__init__(detail)
        self.detail = detail


def read_document(data: bytes, model: type[M]) -> tuple[M, bytes, str]:
    """The document, its signed bytes and its signature text; signature NOT yet checked."""
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Unreadable(NOT_JSON) from error
    if not isinstance(envelope, dict) or set(envelope) != {"signed", "minisig"}:
        raise Unreadable(NOT_SIGNED)
    signature = envelope["minisig"]
    if not isinstance(signature, str) or not isinstance(envelope["signed"], dict):
        raise Unreadable(NOT_SIGNED)
    try:
        document = model.model_validate(envelope["signed"])
    except ValidationError as error:
        raise Unreadable(UNEXPECTED) from error
    return document, canonical(envelope["signed"]), signature


def verify(body: bytes, signature: str, key: minisign.PublicKey) -> bool:
    """True when `signature` over `body` is valid for `key`."""
    try:
        key.verify(body, signature)
    except (FormatError, ValueError):
        return False
    return True
