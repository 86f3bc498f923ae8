"""Field types shared by the domain records.

Text a witness or an interviewer typed is kept exactly as typed: nothing is stripped,
folded or normalised (Korean, Chinese characters and line breaks included). A required
text only has to contain something other than whitespace.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, StringConstraints


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


NonBlankStr = Annotated[str, AfterValidator(_not_blank)]
"""A required text: anything but an empty or whitespace-only string, stored as typed."""

UtcDateTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A moment in time: a naive datetime is rejected, an aware one is converted to UTC."""

PSEUDONYMOUS_CODE_PATTERN = r"^[A-Z0-9-]{6,32}$"
PseudonymousCode = Annotated[str, StringConstraints(pattern=PSEUDONYMOUS_CODE_PATTERN)]
"""The code that stands for a witness or an interview wherever a name would identify them."""

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""A machine key such as `resettlement_centre` (lower case, digits, underscores)."""

LanguageTag = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)
]
"""A BCP 47 language tag such as `ko`, `en` or `ko-KP`."""

SemVer = Annotated[
    str,
    StringConstraints(
        pattern=r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
        r"(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"
    ),
]
"""A semantic version such as `1.2.0` (questionnaire versions)."""
