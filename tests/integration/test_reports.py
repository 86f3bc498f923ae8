"""The PDF documents of a synthetic interview made through the real services, read back
with poppler's own tools: the Hangul font embedded, every word of the testimony there
exactly, "confidential" and "n of m" on every page, identity only where allowed, and no
file left behind when the caller cancels."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.domain import ConsentScope, IdentityRecord, TextValue
from app.i18n import build, translator
from app.reports import render_matrix, render_session_log, render_statement
from app.reports.data import load_interview
from app.reports.synthetic import create_sample_interview

# The body frame of every page, in points (A4, 22 mm top and 24 mm bottom margins).
BODY = ("-x", "0", "-y", "63", "-W", "595", "-H", "711")


@pytest.fixture(scope="module", autouse=True)
def _compiled() -> None:
    build.compile_all()
    translator.cache_clear()


@pytest.fixture
def interview(services: Any) -> Any:
    return create_sample_interview(services)


def text_of(pdf: Path, *crop: str) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *crop, str(pdf), "-"], check=True, capture_output=True
    )
    return done.stdout.decode("utf-8")


def joined(text: str) -> str:
    """Lines joined with single spaces, as a reader would read across line breaks."""
    return " ".join(text.split())


def fonts_of(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


def pages_of(pdf: Path) -> list[str]:
    return text_of(pdf).split("\f")[:-1]


def assert_hangul_font_embedded(pdf: Path) -> None:
    rows = fonts_of(pdf)
    nanum = [row for row in rows if "Nanum" in row[0]]
    assert nanum, rows
    for row in rows:  # every font is embedded (emb column), subset, with a ToUnicode map
        assert row[-5:-2] == ["yes", "yes", "yes"], row


@pytest.mark.parametrize("language", ["both", "ko", "en"])
def test_statement_gives_back_every_word_exactly(
    database: Any, services: Any, interview: Any, tmp_path: Path, language: str
) -> None:
    out = render_statement(database, interview.id, tmp_path / "statement.pdf", language=language)
    assert_hangul_font_embedded(out)
    body = joined(text_of(out, *BODY))
    data = load_interview(database, interview.id)
    for segment in data.segments:
        assert joined(segment.text) in body, segment.text
    for answer in data.answers:
        if isinstance(answer.value, TextValue):
            assert joined(answer.value.text) in body, answer.value.text
    for incident in data.incidents:
        assert incident.title in body
    # the questions in the chosen languages, answers in words
    if language in ("both", "ko"):
        assert "증인 진술서" in body
        assert "주체 103년 봄 (2014년 봄)" in body  # a Juche season as told
        assert "음력 2014년 8월 15일 (= 2014년 9월 8일)" in body  # a lunar date as told
        assert "정착지원시설" in body
    if language in ("both", "en"):
        assert "Witness statement" in body
        assert "winter 2013 (season)" in body
        assert "Did you leave the DPRK, crossing into China or elsewhere?" in body
    speaker = {"both": "증인 · Witness:", "ko": "증인:", "en": "Witness:"}[language]
    assert f"{speaker} 저는 2013년 겨울에" in body
    if language == "en":
        assert not re.search(r"증인 진술서|면담 코드", body)


def test_every_page_is_confidential_numbered_and_fingerprinted(
    database: Any, interview: Any, tmp_path: Path
) -> None:
    out = render_statement(database, interview.id, tmp_path / "s.pdf", language="both")
    digest = load_interview(database, interview.id).content_hash()
    pages = pages_of(out)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "대외비" in page and "CONFIDENTIAL" in page
        assert f"{number} / {len(pages)} 쪽" in page
        assert f"Page {number} of {len(pages)}" in page
        assert f"SHA-256 {digest}" in page
        assert interview.code in page


def test_the_fingerprint_does_not_depend_on_the_language_but_on_the_content(
    database: Any, services: Any, interview: Any, tmp_path: Path
) -> None:
    before = load_interview(database, interview.id).content_hash()
    services.answers.save(interview.id, "background.occupation", TextValue(text="광부"))
    assert load_interview(database, interview.id).content_hash() != before


def test_identity_is_shown_only_when_given_and_consented(
    database: Any, services: Any, interview: Any, tmp_path: Path
) -> None:
    # The device keeps identity sealed for Geneva; where it can be read (in Geneva, after
    # unsealing), the statement gets it from a provider like this one.
    identity = IdentityRecord(
        interviewee_id=interview.interviewee_id,
        real_name="가상인 (invented)",
        hometown="무산군 (invented)",
    )

    def provider(interviewee_id: Any) -> IdentityRecord | None:
        return identity if interviewee_id == identity.interviewee_id else None

    withheld = render_statement(
        database, interview.id, tmp_path / "a.pdf", language="en", identity=provider
    )
    text = joined(text_of(withheld))
    assert identity.real_name not in text and identity.hometown not in text
    assert "has not consented to the use of their identity" in text

    consent = services.consents.find(interview_id=interview.id)[0]
    services.consents.update(
        consent.replace(granted=consent.granted | {ConsentScope.USE_OF_IDENTITY})
    )
    sealed = render_statement(database, interview.id, tmp_path / "b.pdf", language="en")
    text = joined(text_of(sealed))
    assert identity.real_name not in text
    assert "kept sealed apart from the testimony" in text

    shown = render_statement(
        database, interview.id, tmp_path / "c.pdf", language="en", identity=provider
    )
    assert identity.real_name in joined(text_of(shown))


def test_cancelling_leaves_no_file(database: Any, interview: Any, tmp_path: Path) -> None:
    calls: list[tuple[int, int | None, str]] = []

    class Cancelled(Exception):
        pass

    def progress(done: int, total: int | None, label: str) -> None:
        calls.append((done, total, label))
        if done >= 25:
            raise Cancelled

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        render_statement(database, interview.id, folder / "s.pdf", language="ko", progress=progress)
    assert list(folder.iterdir()) == []
    assert calls[0] == (0, None, "진술서를 만드는 중")
    assert calls[-1][0] == 25 and calls[-1][1] is not None and calls[-1][1] > 25


def test_an_existing_file_is_replaced_whole(database: Any, interview: Any, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "statement.pdf"
    target.write_bytes(b"old")
    render_statement(database, interview.id, target, language="en")
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in folder.iterdir()] == ["statement.pdf"]


def test_a_long_korean_word_is_broken_between_syllables(
    database: Any, services: Any, interview: Any, tmp_path: Path
) -> None:
    from app.domain import Speaker, TranscriptSegment

    session = services.sessions.find(interview_id=interview.id)[0]
    word = "보위부구류장에서조사를받았습니다" * 8
    services.transcripts.create(
        TranscriptSegment(
            interview_id=interview.id,
            session_id=session.id,
            ordinal=99,
            speaker=Speaker.INTERVIEWEE,
            text=f"그때 {word} 끝",
        )
    )
    out = render_statement(database, interview.id, tmp_path / "s.pdf", language="ko")
    lines = [line.strip() for line in text_of(out, *BODY).splitlines()]
    start = next(i for i, line in enumerate(lines) if line.endswith("그때"))
    pieces = []
    for line in lines[start + 1 :]:
        pieces.append(line)
        if line.endswith("끝"):
            break
    rebuilt = "".join(pieces)
    assert rebuilt == word + " 끝"
    assert len(pieces) >= 3  # wrapped over several lines, each of whole syllables


def test_matrix_shows_coverage_and_source_of_knowledge(
    database: Any, services: Any, interview: Any, tmp_path: Path
) -> None:
    other = create_sample_interview(services, code="SLK-DEMO-0002")
    out = render_matrix(database, None, tmp_path / "m.pdf", language="ko")
    assert_hangul_font_embedded(out)
    text = joined(text_of(out))
    assert interview.code in text and other.code in text
    assert "CAH.7.1.f.1" in text and "입증" in text and "공백" in text
    assert "직접" in text  # the interrogation, experienced
    assert "재면담에서 확인할 공백" in text
    one = render_matrix(database, [other.id], tmp_path / "one.pdf", language="en")
    text = joined(text_of(one))
    assert other.code in text and interview.code not in text


def test_session_log_lists_sessions_breaks_and_who_was_present(
    database: Any, interview: Any, tmp_path: Path
) -> None:
    out = render_session_log(database, interview.id, tmp_path / "log.pdf", language="ko")
    assert_hangul_font_embedded(out)
    text = joined(text_of(out))
    assert "2회" in text and "1회차" in text and "2회차" in text
    assert "1시간 41분" in text  # 118 minutes less 17 of breaks
    assert "휴식" in text and "증인에게 시간이 필요함" in text  # as chosen, not "distress"
    assert "상담사 (support person)" in text
