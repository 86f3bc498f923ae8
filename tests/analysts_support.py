"""A Geneva repository for the analysts' desk tests: two laptops record interviews
through the real services and ship real packages; one witness is interviewed on both
(a possible earlier statement), one interview's consent forbids sharing, one element
rests on hearsay only. `desk_scene` closes the repository and gives its folder, as the
desk finds it on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.domain import ApproximateDate, ConsentScope, Interviewee, KnowledgeSource, Precision
from app.domain import new_pseudonymous_code as new_code
from tests.repository_support import Laptop, facility, interview, laptop, ship
from tests.sync_support import new_repository

IMPRISONMENT, TORTURE, INHUMANE = "CAH.7.1.e.1", "CAH.7.1.f.1", "CAH.7.1.k.1"
PERPETRATOR = ("박철호", "보위부", "회령시 보위부 예심과")
NO_SHARING = frozenset(ConsentScope) - {ConsentScope.SHARE_ACCOUNTABILITY}


def _sealed(field: Laptop, name: str, born: int) -> dict[str, Any]:
    return {
        "interviewee": field.services.interviewees.create(Interviewee(code=new_code())),
        "identity": {
            "real_name": name,
            "birth_date": ApproximateDate(precision=Precision.YEAR, year=born),
        },
    }


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
    ship(seoul, geneva)
    ship(busan, geneva)
    folder = geneva.folder
    geneva.close()
    codes = {name: str(value["interview"].code) for name, value in made.items()}
    return {"folder": folder, "made": made, "codes": codes, "tmp": tmp_path}
