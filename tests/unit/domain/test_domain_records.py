"""Every record kind: canonical JSON round trip, Korean text kept, kind lookup."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.domain import RECORD_TYPES, Interview, Record, record_type

ALL_KINDS = [
    "interviewee",
    "identity",
    "interview",
    "consent",
    "session",
    "answer",
    "transcript_segment",
    "incident",
    "person",
    "facility",
    "element_tag",
    "attachment",
]


def test_record_types_cover_every_kind_once() -> None:
    assert [record.kind for record in RECORD_TYPES] == ALL_KINDS


def test_fixture_has_one_record_of_every_kind(records: dict[str, Record]) -> None:
    assert sorted(records) == sorted(ALL_KINDS)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_json_round_trip(records: dict[str, Record], kind: str) -> None:
    record = records[kind]
    body = record.content_json()
    again = record_type(kind).model_validate_json(body)
    assert again == record
    assert type(again) is type(record)
    assert again.content_json() == body


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_content_json_is_canonical(records: dict[str, Record], kind: str) -> None:
    body = records[kind].content_json()
    parsed = json.loads(body)
    assert body == json.dumps(parsed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert parsed["id"] == str(records[kind].id)
    assert parsed["version"] == 1
    assert parsed["created_at"].endswith("Z")


def test_korean_text_is_kept_as_typed(records: dict[str, Record]) -> None:
    segment_body = records["transcript_segment"].content_json()
    assert "보위부 지도원이 저를 집결소로 넘겼습니다.\\n그해 겨울은 매우 추웠어요." in segment_body
    identity = record_type("identity").model_validate_json(records["identity"].content_json())
    assert identity.model_dump()["other_names"] == ["Kim Yong-hui", "金英姬"]
    assert identity.model_dump()["relatives"][0]["whereabouts"] == "관리소 (추정)"


_CONSENT_SCRIPT = """
import sys
from datetime import UTC, datetime
from uuid import UUID
sys.path.insert(0, sys.argv[1])
from app.domain import Consent, ConsentScope
moment = datetime(2024, 1, 1, tzinfo=UTC)
consent = Consent(
    id=UUID(int=1), interview_id=UUID(int=2), interviewee_id=UUID(int=3),
    granted=frozenset(ConsentScope), method="oral", given_at=moment,
    recorded_by="박", created_at=moment,
).withdraw([ConsentScope.RECONTACT, ConsentScope.RECORDING, ConsentScope.USE_OF_IDENTITY], moment)
print(consent.content_json())
"""


def test_content_json_does_not_depend_on_hash_seed() -> None:
    """Sets (consent scopes) serialise sorted, the same in every process."""
    root = str(Path(__file__).resolve().parents[3])
    bodies = {
        subprocess.run(
            [sys.executable, "-c", _CONSENT_SCRIPT, root],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(bodies) == 1
    parsed = json.loads(bodies.pop())
    assert parsed["granted"] == [
        "recontact",
        "recording",
        "share_accountability",
        "transfer_geneva",
        "use_of_identity",
    ]
    assert parsed["withdrawals"][0]["scopes"] == ["recontact", "recording", "use_of_identity"]


def test_record_type_lookup() -> None:
    assert record_type("interview") is Interview
    with pytest.raises(KeyError, match="unknown record kind: 'nonsense'"):
        record_type("nonsense")


def test_only_identity_holds_identity() -> None:
    assert [r.kind for r in RECORD_TYPES if r.holds_identity] == ["identity"]


def test_unknown_field_is_refused(records: dict[str, Record]) -> None:
    data = json.loads(records["interview"].content_json())
    data["real_name"] = "김영희"
    with pytest.raises(ValidationError, match="real_name"):
        Interview.model_validate(data)
