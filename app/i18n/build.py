"""Compile every `translations/<lang>/LC_MESSAGES/messages.po` into its `.mo`.

`python -m app.i18n.build [--quiet]`; run by scripts/setup.sh so that compiled
catalogues are built, never committed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.i18n import DOMAIN, TRANSLATIONS_DIR


def compile_all(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    written = []
    for po_path in sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        # A temporary file renamed over the old one: a process reading the catalogue
        # meanwhile (the app, or a parallel test) sees the old file or the new, never half.
        partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        os.replace(partial, mo_path)
        written.append(mo_path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in compile_all():
        if "--quiet" not in args:
            print(f"compiled {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
