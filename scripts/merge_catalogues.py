"""Resolve a git merge conflict in the message catalogues by taking both sides' entries.

Branches that add strings next to each other in the sorted catalogues conflict in git.
This reads both sides of each conflicted catalogue (git's stages 2 and 3), keeps every
message of either side (a translation from our side wins when both translated the same
message differently, and any translation beats an empty one), writes the catalogue, and
then `scripts/extract_strings.sh` brings template and catalogues in line with the code.

    .venv/bin/python scripts/merge_catalogues.py && git add translations
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
FILES = (
    "translations/messages.pot",
    "translations/ko/LC_MESSAGES/messages.po",
    "translations/en/LC_MESSAGES/messages.po",
)


def _stage(stage: int, path: str) -> Catalog | None:
    shown = subprocess.run(
        ["git", "show", f":{stage}:{path}"], cwd=ROOT, capture_output=True, check=False
    )
    if shown.returncode != 0:
        return None
    locale = Path(path).parts[1] if path.endswith(".po") else None
    return read_po(io.BytesIO(shown.stdout), locale=locale)


def merged(ours: Catalog, theirs: Catalog) -> Catalog:
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours[message.id] = message
        elif not _translated(mine) and _translated(message):
            mine.string = message.string
    return ours


def _translated(message: object) -> bool:
    string = getattr(message, "string", "")
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def main() -> int:
    for path in FILES:
        ours, theirs = _stage(2, path), _stage(3, path)
        if ours is None or theirs is None:
            continue  # not in conflict
        with (ROOT / path).open("wb") as out:
            write_po(out, merged(ours, theirs), width=0, sort_output=True, omit_header=False)
        print(f"merged {path}")
    subprocess.run(["bash", "scripts/extract_strings.sh"], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
