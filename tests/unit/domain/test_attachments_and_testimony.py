"""Attachments, transcript segments and incidents."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from app.domain import AttachmentKind, AttachmentMeta, Incident, Speaker, TranscriptSegment


def attachment(**changes: Any) -> AttachmentMeta:
    data: dict[str, Any] = {
        "interview_id": uuid4(),
        "filename": "지도.jpg",
        "media_type": "image/jpeg",
        "size": 0,
        "sha256": "0123456789abcdef" * 4,
    }
    return AttachmentMeta.model_validate({**data, **changes})


def test_attachment_defaults() -> None:
    value = attachment()
    assert (value.filename, value.attachment_kind) == ("지도.jpg", AttachmentKind.OTHER)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("filename", "../etc/passwd", "must not contain a path"),
        ("filename", "C:\\scan.pdf", "must not contain a path"),
        ("filename", "..", "is not a file name"),
        ("filename", "", "must not be empty"),
        ("media_type", "jpeg", "media_type"),
        ("size", -1, "size"),
        ("sha256", "A" * 64, "sha256"),
        ("sha256", "a" * 63, "sha256"),
        ("attachment_kind", "video", "attachment_kind"),
    ],
)
def test_attachment_refuses(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        attachment(**{field: value})


def test_transcript_segment() -> None:
    segment = TranscriptSegment(
        interview_id=uuid4(), session_id=uuid4(), ordinal=0, speaker="interpreter", text="네"
    )
    assert (segment.speaker, segment.language, segment.offset_seconds) == (
        Speaker.INTERPRETER,
        None,
        None,
    )
    with pytest.raises(ValidationError, match="offset_seconds"):
        segment.replace(offset_seconds=-0.5)
    with pytest.raises(ValidationError, match="ordinal"):
        segment.replace(ordinal=-1)


def test_incident_defaults_and_people_listed_once() -> None:
    incident = Incident(interview_id=uuid4(), title="강제 송환")
    assert (incident.exculpatory, incident.person_ids, incident.date) == (False, [], None)
    person = uuid4()
    with pytest.raises(ValidationError, match="a person is listed twice"):
        incident.replace(person_ids=[person, person])
    with pytest.raises(ValidationError, match="title"):
        Incident(interview_id=uuid4(), title="\n")
