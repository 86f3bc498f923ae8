"""How strong a new passphrase is, with a hint a person can act on (zxcvbn)."""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from app.i18n import N_, _

MIN_SCORE = 3
"""zxcvbn's 'safely unguessable' (about 10^8 guesses and more); below it a stolen laptop's
key file could be attacked offline in reasonable time even with Argon2id."""

MAX_CHECKED_LENGTH = 72
"""zxcvbn refuses longer input; the first 72 characters tell enough."""

_LABELS = (
    N_("very weak"),
    N_("weak"),
    N_("fair"),
    N_("strong"),
    N_("very strong"),
)


@dataclass(frozen=True)
class Strength:
    score: int
    """0 (very weak) to 4 (very strong)."""
    acceptable: bool
    label: str
    hint: str


def assess(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, False, _(_LABELS[0]), _("Enter a passphrase."))
    result = zxcvbn(passphrase[:MAX_CHECKED_LENGTH])
    score = int(result["score"])
    if len(passphrase) < 10:
        score = min(score, 2)
    if score >= 4:
        hint = _("Good. Write it down and keep it somewhere safe, away from the laptop.")
    elif score == MIN_SCORE:
        hint = _("Acceptable. A few more words would make it stronger.")
    else:
        hint = _(
            "Too easy to guess. Use four or more unrelated words, in Korean or English, "
            "or a long sentence only you know."
        )
    return Strength(score, score >= MIN_SCORE, _(_LABELS[score]), hint)
