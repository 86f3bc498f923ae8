"""The keys of a field device and of the Geneva repository, and their fingerprints.

A device has a minisign signing key (it signs every package and audit checkpoint) and a
device-local age identity (its attachments are encrypted to it, so it can show them
again). Both live only inside the device's encrypted database (table `sync_device`).

The Geneva repository has three keys: the package key (age; every package is encrypted
to it), the identity vault key (age; identity data is sealed to it at capture, so only
Geneva can read it) and the signing key (minisign; it signs trust bundles and receipts);
a fourth, the recovery key (age), has each laptop's database key sealed to it in the
laptop's key file (app/sync/recovery_slot.py). Repositories made before it have none until
`sillok repository recovery-key` makes one; a rotated recovery key is kept as retired, so
the slots sealed to it still open.
They live only inside the repository's encrypted store (app/sync/repository/store.py),
whose key file is sealed under the repository passphrase with Argon2id, exactly like the
device database (app/crypto/keyfile.py).

A fingerprint is a short, readable digest of a public key for people to compare by
phone: 20 letters and digits in five groups, from an alphabet without look-alikes.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from app.domain.people import CODE_ALPHABET
from app.formats import age, minisign
from app.store.connection import Connection

FINGERPRINT_GROUPS = 5
FINGERPRINT_GROUP_SIZE = 4


def fingerprint(public_text: str) -> str:
    """e.g. "7K3Q-9XPM-2HCD-EF8W-RT4N": 100 bits of SHA-256 over a public key's text."""
    digest = int.from_bytes(
        hashlib.sha256(b"sillok-fingerprint-v1\0" + public_text.encode()).digest()
    )
    letters = []
    for _ in range(FINGERPRINT_GROUPS * FINGERPRINT_GROUP_SIZE):
        digest, index = divmod(digest, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[index])
    size = FINGERPRINT_GROUP_SIZE
    return "-".join("".join(letters[i : i + size]) for i in range(0, len(letters), size))


def signing_public_text(key: minisign.PublicKey) -> str:
    """The base64 line of a minisign public key (what `minisign -P` takes)."""
    return key.base64()


# -- the device ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceKeys:
    device_id: str
    label: str
    signing: minisign.SigningKey
    identity: age.AgeIdentity
    created_at: str

    @property
    def public_key_text(self) -> str:
        return signing_public_text(self.signing.public_key)

    @property
    def recipient(self) -> age.AgeRecipient:
        return self.identity.recipient

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key_text)


def device_keys(connection: Connection) -> DeviceKeys | None:
    """This device's keys, or None before the first enrolment request."""
    row = connection.execute(
        "SELECT device_id, label, signing_seed, signing_key_id, age_identity, created_at "
        "FROM sync_device"
    ).fetchone()
    if row is None:
        return None
    device_id, label, seed, key_id, identity, created_at = row
    return DeviceKeys(
        device_id=device_id,
        label=label,
        signing=minisign.SigningKey.from_seed(bytes(seed), bytes(key_id)),
        identity=age.AgeIdentity.parse(identity),
        created_at=created_at,
    )


def create_device_keys(connection: Connection, label: str) -> DeviceKeys:
    """New keys for this device (call inside a transaction, only when there are none)."""
    signing = minisign.SigningKey.generate()
    keys = DeviceKeys(
        device_id="dev-" + secrets.token_hex(8),
        label=label,
        signing=signing,
        identity=age.AgeIdentity.generate(),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    connection.execute(
        "INSERT INTO sync_device (singleton, device_id, label, signing_seed, signing_key_id, "
        "age_identity, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
        (
            keys.device_id,
            keys.label,
            signing.seed(),
            signing.public_key.key_id,
            keys.identity.secret_text(),
            keys.created_at,
        ),
    )
    return keys


# -- Geneva -------------------------------------------------------------------------------


class GenevaPublicKeys(BaseModel):
    """What a device needs to know of Geneva (carried in the trust bundle)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    package_recipient: str
    """age1…: every package is encrypted to it."""
    identity_recipient: str
    """age1…: identity data is sealed to it at capture."""
    signing_public_key: str
    """minisign public key (base64 line): trust bundles and receipts are signed by it."""
    recovery_recipient: str | None = None
    """age1…: the laptop's database key is sealed to it in a recovery slot. Absent (not
    null) from bundles that carry none, so those stay byte for byte as before."""

    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("recovery_recipient") is None:
            data.pop("recovery_recipient", None)
        return data

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_public_key)

    def package(self) -> age.AgeRecipient:
        return age.AgeRecipient.parse(self.package_recipient)

    def identity(self) -> age.AgeRecipient:
        return age.AgeRecipient.parse(self.identity_recipient)

    def signing(self) -> minisign.PublicKey:
        return minisign.PublicKey.parse(self.signing_public_key)


RECOVERY = "recovery"
RETIRED_RECOVERY = "recovery-retired-"


@dataclass(frozen=True)
class GenevaKeys:
    package: age.AgeIdentity
    identity_vault: age.AgeIdentity
    signing: minisign.SigningKey
    recovery: age.AgeIdentity | None = None
    retired_recovery: tuple[age.AgeIdentity, ...] = ()
    """Earlier recovery keys, newest first: slots sealed to them still open."""

    @classmethod
    def generate(cls) -> GenevaKeys:
        return cls(
            package=age.AgeIdentity.generate(),
            identity_vault=age.AgeIdentity.generate(),
            signing=minisign.SigningKey.generate(),
            recovery=age.AgeIdentity.generate(),
        )

    def public(self) -> GenevaPublicKeys:
        return GenevaPublicKeys(
            package_recipient=str(self.package.recipient),
            identity_recipient=str(self.identity_vault.recipient),
            signing_public_key=signing_public_text(self.signing.public_key),
            recovery_recipient=str(self.recovery.recipient) if self.recovery else None,
        )

    def to_rows(self) -> list[tuple[str, bytes]]:
        """(name, secret) pairs for the repository store."""
        rows = [
            ("package", self.package.secret_text().encode()),
            ("identity_vault", self.identity_vault.secret_text().encode()),
            ("signing_seed", self.signing.seed()),
            ("signing_key_id", self.signing.public_key.key_id),
        ]
        if self.recovery is not None:
            rows.append((RECOVERY, self.recovery.secret_text().encode()))
        return rows

    @classmethod
    def from_rows(cls, rows: dict[str, bytes]) -> GenevaKeys:
        recovery = rows.get(RECOVERY)
        retired = sorted((n for n in rows if n.startswith(RETIRED_RECOVERY)), reverse=True)
        return cls(
            package=age.AgeIdentity.parse(rows["package"].decode()),
            identity_vault=age.AgeIdentity.parse(rows["identity_vault"].decode()),
            signing=minisign.SigningKey.from_seed(rows["signing_seed"], rows["signing_key_id"]),
            recovery=age.AgeIdentity.parse(recovery.decode()) if recovery else None,
            retired_recovery=tuple(age.AgeIdentity.parse(rows[n].decode()) for n in retired),
        )
