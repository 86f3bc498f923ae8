"""Argon2id passphrase key derivation, with parameters tuned to this machine."""

from __future__ import annotations

import time
import unicodedata

from argon2.low_level import Type, hash_secret_raw
from pydantic import BaseModel, ConfigDict, Field

from app.errors import PassphraseRejected
from app.i18n import N_

MIN_MEMORY_KIB = 64 * 1024
"""The floor: never less than 64 MiB, whatever the tuning says."""

DEFAULT_MEMORY_KIB = 256 * 1024
DEFAULT_PARALLELISM = 2
TARGET_SECONDS = 0.7
"""Unlock should take about 0.5–1 s; aim at the middle."""

MIN_PASSES = 2
KEY_BYTES = 32
SALT_BYTES = 16


class KdfParams(BaseModel):
    """Argon2id parameters, stored in the key file and bound into its AEAD."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: str = Field(default="argon2id", pattern="^argon2id$")
    argon2_version: int = 19
    memory_kib: int = Field(ge=MIN_MEMORY_KIB, le=4 * 1024 * 1024)
    time_cost: int = Field(ge=1, le=64)
    parallelism: int = Field(ge=1, le=16)


def normalise(passphrase: str) -> bytes:
    """NFC-normalised UTF-8, so a Hangul passphrase typed as composed syllables or as
    separate jamo (some input methods and macOS file dialogs give NFD) unlocks the same."""
    if not passphrase:
        raise PassphraseRejected(detail=N_("it is empty"))
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The 256-bit key-encryption key for `passphrase`."""
    return hash_secret_raw(
        secret=normalise(passphrase),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=params.argon2_version,
    )


def calibrate(
    target_seconds: float = TARGET_SECONDS,
    memory_kib: int = DEFAULT_MEMORY_KIB,
    parallelism: int = DEFAULT_PARALLELISM,
) -> KdfParams:
    """Parameters for which one derivation takes about `target_seconds` on this machine.

    Memory is fixed (memory-hardness is the point); the number of passes is raised from
    the fastest of three timed passes, never fewer than two passes. Costs three one-pass
    derivations.
    """
    probe = KdfParams(memory_kib=memory_kib, time_cost=1, parallelism=parallelism)
    timings = []
    for _ in range(3):  # the fastest of three: a busy moment must not weaken the key file
        started = time.perf_counter()
        derive("calibration", b"\0" * SALT_BYTES, probe)
        timings.append(time.perf_counter() - started)
    one_pass = max(min(timings), 1e-3)
    passes = max(MIN_PASSES, min(64, round(target_seconds / one_pass)))
    return probe.model_copy(update={"time_cost": passes})
