"""A file that is not a signed document of the kind expected (a receipt, a trust bundle,
an enrolment request) is refused with a message wholly in the reader's language: seen in
Korean, "(not a signed Sillok document)" stood in English inside the Korean sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import SillokError
from app.i18n import set_language
from app.store.database import Database
from app.sync.enrolment import read_request
from app.sync.receipts import accept_receipt

NAMES = ("Sillok", "JSON")
"""Names, not English: kept as they are in Korean too."""

NOT_SIGNED = {
    "not JSON": b"\x89PNG not a receipt",
    "no envelope": b'{"receipt": 1}',
    "not signed": b'{"signed": [], "minisig": "x"}',
    "another kind": b'{"signed": {"what": "else"}, "minisig": "untrusted comment"}',
}


@pytest.fixture
def korean() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("content", NOT_SIGNED.values(), ids=NOT_SIGNED.keys())
def test_a_receipt_that_is_not_one_is_refused_in_korean_only(
    database: Database, tmp_path: Path, korean: None, content: bytes
) -> None:
    path = tmp_path / "receipt"
    path.write_bytes(content)
    with pytest.raises(SillokError) as raised:
        accept_receipt(database, path)
    assert raised.value.exit_code == 36
    text = raised.value.message().replace(str(path), "")
    assert [w for w in re.findall("[A-Za-z]{2,}", text) if w not in NAMES] == [], text
    assert "수령증" in text


@pytest.mark.parametrize("content", NOT_SIGNED.values(), ids=NOT_SIGNED.keys())
def test_an_enrolment_request_that_is_not_one_is_refused_in_korean_only(
    tmp_path: Path, korean: None, content: bytes
) -> None:
    path = tmp_path / "request"
    path.write_bytes(content)
    with pytest.raises(SillokError) as raised:
        read_request(path)
    text = raised.value.message().replace(str(path), "")
    assert [w for w in re.findall("[A-Za-z]{2,}", text) if w not in NAMES] == [], text


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_a_receipt_that_cannot_be_read_is_refused_in_korean_only(
    database: Database, tmp_path: Path, korean: None, kind: str
) -> None:
    """The operating system's reason ("No such file or directory") stood in English too."""
    path = tmp_path / "receipt"
    if kind == "folder":
        path.mkdir()
    with pytest.raises(SillokError) as raised:
        accept_receipt(database, path)
    assert raised.value.exit_code == 36
    text = raised.value.message().replace(str(path), "")
    assert [w for w in re.findall("[A-Za-z]{2,}", text) if w not in NAMES] == [], text
