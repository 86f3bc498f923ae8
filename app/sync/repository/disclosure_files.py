"""The files inside a disclosure package: each interview's records (`records/CODE.jsonl`)
and statement (`statements/CODE.pdf`), a Concordance load file (`loadfile/sillok.dat`) and
an Opticon image load file (`loadfile/sillok.opt`) for e-discovery tools, and the redaction
log (`redaction-log.json`). disclosure.py seals them in the package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from app.reports.data import InterviewData


def records_jsonl(data: InterviewData) -> bytes:
    lines = [
        json.dumps(
            {"kind": record.kind, "body": json.loads(record.content_json())}, ensure_ascii=False
        )
        for record in [*data.hashed_records(), *data.tags]
    ]
    return ("\n".join(lines) + "\n").encode()


def _pages(pdf: bytes) -> int:
    return max(1, len(re.findall(rb"/Type\s*/Page[^s]", pdf)))


def _load_files(documents: list[tuple[str, str, int]]) -> tuple[bytes, bytes]:
    """Concordance DAT (þ quotes, ¶ (0x14) separates; UTF-8 with BOM) and Opticon OPT
    (one line per document's first page, the page count at its break)."""
    quote, separator = "\u00fe", "\u0014"

    def row(values: Iterable[str]) -> str:
        return separator.join(f"{quote}{value}{quote}" for value in values)

    header = ["BEGDOC", "ENDDOC", "INTERVIEW_CODE", "NATIVE_FILE", "PAGES"]
    dat = [row(header)]
    opt = []
    for doc_id, code, pages in documents:
        native = f"statements/{code}.pdf"
        dat.append(row([doc_id, doc_id, code, native, str(pages)]))
        opt.append(f"{doc_id},SILLOK,{native},Y,,,{pages}")
    return ("\ufeff" + "\r\n".join(dat) + "\r\n").encode(), ("\r\n".join(opt) + "\r\n").encode()


def package_files(
    number: int,
    contents: list[tuple[str, bytes, bytes]],
    log: list[dict[str, str]],
    categories: list[str],
) -> dict[str, bytes]:
    """The records, statements, load files and redaction log of disclosure `number`."""
    files: dict[str, bytes] = {}
    documents: list[tuple[str, str, int]] = []
    for code, records, pdf in contents:
        files[f"records/{code}.jsonl"] = records
        files[f"statements/{code}.pdf"] = pdf
        documents.append((f"SILLOK-{number:04d}-{len(documents) + 1:06d}", code, _pages(pdf)))
    dat, opt = _load_files(documents)
    files["loadfile/sillok.dat"] = dat
    files["loadfile/sillok.opt"] = opt
    files["redaction-log.json"] = json_file({"categories": categories, "items": log})
    return files


def json_file(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
