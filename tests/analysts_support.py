"""A Geneva repository for the analysts' desk tests: two laptops record interviews
through the real services and ship real packages; one witness is interviewed on both
(a possible earlier statement), one interview's consent forbids sharing, one element
rests on hearsay only. `desk_scene` closes the repository and gives its folder, as the
desk finds it on disk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain import (
    ApproximateDate,
    ConsentScope,
    ElementTag,
    Interviewee,
    KnowledgeSource,
    Precision,
    Session,
    Speaker,
    TranscriptSegment,
)
from app.domain import new_pseudonymous_code as new_code
from tests.repository_support import Laptop, facility, interview, laptop, ship
from tests.sync_support import new_repository

IMPRISONMENT, TORTURE, INHUMANE = "CAH.7.1.e.1", "CAH.7.1.f.1", "CAH.7.1.k.1"
PERPETRATOR = ("박철호", "보위부", "회령시 보위부 예심과")
HEARD_SAID = "보위부원이 그렇게 말하는 것을 들었습니다"
HEARD_SPAN = (0, 5)
"""The span of HEARD_SAID tagged with the hearsay element: "보위부원이"."""
NO_SHARING = frozenset(ConsentScope) - {ConsentScope.SHARE_ACCOUNTABILITY}


def _sealed(field: Laptop, name: str, born: int) -> dict[str, Any]:
    return {
        "interviewee": field.services.interviewees.create(Interviewee(code=new_code())),
        "identity": {
            "real_name": name,
            "birth_date": ApproximateDate(precision=Precision.YEAR, year=born),
        },
    }


def _transcript_tag(field: Laptop, made: dict[str, Any]) -> TranscriptSegment:
    """A transcript passage of the interview, a span of it tagged with its element."""
    services, interview_id = field.services, made["interview"].id
    session = services.sessions.create(
        Session(interview_id=interview_id, number=1, started_at=datetime.now(UTC))
    )
    segment: TranscriptSegment = services.transcripts.create(
        TranscriptSegment(
            interview_id=interview_id,
            session_id=session.id,
            ordinal=0,
            speaker=Speaker.INTERVIEWEE,
            text=HEARD_SAID,
        )
    )
    services.tags.create(
        ElementTag(
            interview_id=interview_id,
            element_id=INHUMANE,
            segment_id=segment.id,
            start=HEARD_SPAN[0],
            end=HEARD_SPAN[1],
            incident_id=made["incident"].id,
        )
    )
    return segment


def desk_scene(tmp_path: Path) -> dict[str, Any]:
    geneva = new_repository(tmp_path / "geneva")
    seoul, busan = laptop(tmp_path, geneva, "seoul"), laptop(tmp_path, geneva, "busan")
    made = {
        "first": interview(
            seoul, element=IMPRISONMENT, facility=facility(seoul), **_sealed(seoul, "김순희", 1975)
        ),
        "again": interview(
            busan,
            element=IMPRISONMENT,
            facility=facility(busan),
            year=2016,
            **_sealed(busan, "김 순희", 1975),
        ),
        "torture": interview(seoul, element=TORTURE, perpetrator=PERPETRATOR),
        "kept_back": interview(busan, element=TORTURE, scopes=NO_SHARING),
        "heard": interview(busan, element=INHUMANE, source=KnowledgeSource.HEARD),
    }
    made["heard"]["segment"] = _transcript_tag(busan, made["heard"])
    ship(seoul, geneva)
    ship(busan, geneva)
    folder = geneva.folder
    geneva.close()
    codes = {name: str(value["interview"].code) for name, value in made.items()}
    return {"folder": folder, "made": made, "codes": codes, "tmp": tmp_path}
