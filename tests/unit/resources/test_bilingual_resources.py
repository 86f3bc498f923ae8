"""Every text a person reads in the shipped data files (questionnaires, the legal
catalogue, the reference data) is given in Korean and in English.

This walks the YAML itself rather than the models, so a text that some model forgot to
declare as bilingual is caught too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.domain.bilingual import HANGUL
from app.paths import resources_dir

TEXT_FIELDS = frozenset(
    {
        "text",
        "title",
        "hint",
        "guidance",
        "description",
        "summary",
        "reason",
        "constraint_message",
        "name",
        "unit",
    }
)
FILES = sorted(
    path
    for folder in ("questionnaires", "legal", "reference")
    for path in (resources_dir() / folder).glob("*.yaml")
    if not path.name.startswith("_")
)


def _problems(value: Any, where: str) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        if "ko" in value or "en" in value:
            ko, en = value.get("ko"), value.get("en")
            if not isinstance(en, str) or not en.strip():
                found.append(f"{where}: English missing")
            if not isinstance(ko, str) or not HANGUL.search(ko):
                found.append(f"{where}: Korean missing or not in Hangul")
            return found
        for key, child in value.items():
            if key in TEXT_FIELDS and not isinstance(child, dict):
                found.append(f"{where}.{key}: a text must be {{ko: …, en: …}}, not {child!r:.40}")
            found.extend(_problems(child, f"{where}.{key}"))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            label = child.get("id", index) if isinstance(child, dict) else index
            found.extend(_problems(child, f"{where}[{label}]"))
    return found


def test_the_data_files_are_there() -> None:
    names = {path.relative_to(resources_dir()).as_posix() for path in FILES}
    assert "questionnaires/default.yaml" in names
    assert {"legal/crimes-against-humanity.yaml", "legal/modes-of-liability.yaml"} <= names
    assert {f"reference/{n}.yaml" for n in ("places", "facility-types", "facilities")} <= names
    assert {"reference/agencies.yaml", "reference/ranks.yaml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_text_has_korean_and_english(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _problems(data, path.name) == []


def test_the_walk_catches_a_missing_translation() -> None:
    data = {"items": [{"id": "q", "text": {"en": "Where?"}}, {"id": "r", "title": "Plain"}]}
    assert _problems(data, "f") == [
        "f.items[q].text: Korean missing or not in Hangul",
        "f.items[r].title: a text must be {ko: …, en: …}, not 'Plain'",
    ]
