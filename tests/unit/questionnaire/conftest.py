"""Small questionnaires written inline, and a catalogue that knows a few element ids."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from app.questionnaire.check import CheckResult, check_file

KNOWN_ELEMENTS = frozenset(
    {"CAH.7.1.e.1", "CAH.7.1.e.2", "CAH.7.1.f.1", "CAH.7.1.f.2", "CAH.7.1.a.1", "MOL.28.b.3"}
)


class FewElements:
    def is_known(self, element_id: str) -> bool:
        return element_id in KNOWN_ELEMENTS


HEADER = """\
questionnaire: test.small
version: 1.0.0
title: {ko: "시험 질문지", en: "Test questionnaire"}
"""


@pytest.fixture
def check(tmp_path: Path):
    """check(yaml_text) → CheckResult of that text written to a file."""

    def run(text: str) -> CheckResult:
        path = tmp_path / "q.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return check_file(path, FewElements())

    return run


def line_of(text: str, marker: str) -> int:
    """The 1-based line of the first line of `text` that contains `marker`."""
    for number, line in enumerate(textwrap.dedent(text).splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in the text")
