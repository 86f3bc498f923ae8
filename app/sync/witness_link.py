"""The witness link: the same person seen twice, recognised without their name.

A witness interviewed on two laptops (or by two organisations) is two unrelated
interviewees; their names are sealed to Geneva's identity vault and may never leave it.
The laptop therefore also computes, at the moment it seals an identity, a **link**: a
keyed, slow hash of stable identifiers (the real name, normalised, and the year of
birth), stored on the interviewee record (`Interviewee.witness_link`) and carried in
packages like the rest of the record. Geneva groups interviewees by equal links
(app/sync/repository/witnesses.py) and shows "possible earlier statement".

The key. Each repository makes one 256-bit link secret (`geneva_keys`, name
`witness_link`, made on the first enrolment) with the Argon2id cost it chose. Every trust
bundle carries it **encrypted to that device's own age key** (`TrustBundle.witness_link`),
because a bundle travels in the clear; the laptop opens it only in memory, to compute a
link. So:

- whoever copies a package, a bundle or a USB stick learns nothing (all encrypted);
- a link is HMAC-SHA256 under the secret, then Argon2id: without the secret no guess can
  be tested at all; with it (an unlocked laptop, or the repository), each guess of a name
  and year costs one Argon2id run (64 MiB), so trying a dictionary of names × years
  costs CPU-centuries, while confirming one person already suspected costs one run: the
  same person could read that laptop's testimony anyway, which says far more;
- links of different repositories (organisations) never compare: the secret differs;
- nothing is stored that is not already in the sealed identity, and no identity field
  leaves the laptop in any other form.

It is a *possible* link: the same name and year may be two people, and a name written
differently (another spelling, a changed name) gives no link. Analysts decide.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import unicodedata

from argon2.low_level import Type, hash_secret_raw
from pydantic import BaseModel, ConfigDict, Field

from app.domain.people import IdentityData
from app.formats import age
from app.store.connection import Connection
from app.store.keys import device_keys

LINK_PREFIX = "WL1-"
SECRET_BYTES = 32
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_TIME_COST = 3


class LinkKey(BaseModel):
    """The link secret as a trust bundle carries it: age-encrypted to the device."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sealed: str
    """base64 of the age file (to the device's own age key) holding the secret."""
    memory_kib: int = Field(ge=8, le=4 * 1024 * 1024)
    time_cost: int = Field(ge=1, le=64)


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def seal_for(
    secret: bytes, recipient: age.AgeRecipient, memory_kib: int, time_cost: int
) -> LinkKey:
    sink = io.BytesIO()
    with age.Encryptor(sink, [recipient]) as encryptor:
        encryptor.write(secret)
    return LinkKey(
        sealed=base64.b64encode(sink.getvalue()).decode("ascii"),
        memory_kib=memory_kib,
        time_cost=time_cost,
    )


def open_key(key: LinkKey, identity: age.AgeIdentity) -> bytes:
    sink = io.BytesIO()
    age.decrypt_stream(io.BytesIO(base64.b64decode(key.sealed)), sink, [identity])
    return sink.getvalue()


def _name(text: str) -> str:
    """NFKC, case folded, without spaces, dots, hyphens or middle dots: "Kim Sun-hui",
    "kim sunhui" and "김 순희" / "김순희" each agree with themselves."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if not (c.isspace() or c in "-.·‐_'"))


def link(secret: bytes, key: LinkKey, data: IdentityData) -> str | None:
    """The witness link of `data`, or None without a real name and a year of birth."""
    name = _name(data.real_name or "")
    if not name or data.birth_date is None:
        return None
    stable = f"sillok-witness-link-v1\0{name}\0{data.birth_date.earliest.year}".encode()
    keyed = hmac.new(secret, stable, hashlib.sha256).digest()
    salt = hashlib.sha256(b"sillok-witness-link-salt\0" + secret).digest()[:16]
    hardened = hash_secret_raw(
        secret=keyed,
        salt=salt,
        time_cost=key.time_cost,
        memory_cost=key.memory_kib,
        parallelism=1,
        hash_len=20,
        type=Type.ID,
    )
    return LINK_PREFIX + base64.b32encode(hardened).decode("ascii").rstrip("=")


def on_device(connection: Connection, key: LinkKey | None, data: IdentityData) -> str | None:
    """The link of `data` on this device, with the key of its trust bundle in force (None
    when the bundle carries none, or `data` has no name or year of birth)."""
    keys = device_keys(connection)
    if key is None or keys is None:
        return None
    return link(open_key(key, keys.identity), key, data)
