"""What the desk refuses, and why, in words an interviewer can act on."""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class ConsentRequired(SillokError):
    exit_code = 16
    template = N_(
        "Nothing can be recorded for interview {code} before the witness's consent is "
        "captured. Open the consent step, go through each scope with the witness, then "
        "continue."
    )
