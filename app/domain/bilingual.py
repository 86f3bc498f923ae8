"""Text given in both working languages, as every questionnaire, catalogue and reference
entry must be: Korean for the witness and the interviewer, English for Geneva and courts."""

from __future__ import annotations

import re

from pydantic import field_validator

from app.domain.base import FrozenModel

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


class Bilingual(FrozenModel):
    """`{ko: "…", en: "…"}`: neither blank, and the Korean written in Hangul."""

    ko: str
    en: str

    @field_validator("ko")
    @classmethod
    def _korean(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the Korean text is blank")
        if not HANGUL.search(text):
            raise ValueError(f"the Korean text has no Hangul: {text!r}")
        return text

    @field_validator("en")
    @classmethod
    def _english(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the English text is blank")
        return text

    def get(self, language: str) -> str:
        """The text in `language` ('ko' or 'en'); English for any other language."""
        return self.ko if language == "ko" else self.en
