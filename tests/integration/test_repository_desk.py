"""The analysts' desk's façade on a real repository (app/sync/repository/desk.py): the
drill-down behind a matrix cell names the answer each statement rests on; the preview a
disclosure shows before writing counts exactly what `disclosure.disclose` then leaves
out; the list rows carry each interview's consent; `sillok --repository FOLDER` opens
the analysts' desk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.cli import main as cli_main
from app.errors import NotFound
from app.sync.repository import desk
from app.sync.repository.disclosure import Selection, disclose
from app.sync.repository.store import Repository
from tests.analysts_support import (
    HEARD_SAID,
    HEARD_SPAN,
    IMPRISONMENT,
    INHUMANE,
    TORTURE,
    desk_scene,
)
from tests.sync_support import GENEVA_PASSPHRASE, run_tool


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return desk_scene(tmp_path_factory.mktemp("scene"))


@pytest.fixture
def geneva(scene: dict[str, Any]) -> Any:
    with Repository.open(scene["folder"], GENEVA_PASSPHRASE) as repository:
        yield repository


def test_a_cell_lists_the_statements_and_passages_behind_it(
    geneva: Repository, scene: dict[str, Any]
) -> None:
    whole = desk.cell(geneva, IMPRISONMENT)
    first, again = scene["made"]["first"], scene["made"]["again"]
    assert {s["interview"] for s in whole} == {scene["codes"]["first"], scene["codes"]["again"]}
    assert {s["passage"]["id"] for s in whole} == {str(first["answer"].id), str(again["answer"].id)}
    assert {s["passage"]["text"] for s in whole} == {"조사를 받았습니다"}
    assert len({s["witness"] for s in whole}) == 1  # the same person seen on both laptops
    one = desk.cell(geneva, IMPRISONMENT, "incident", str(first["incident"].id))
    assert [s["tag"] for s in one] == [str(first["tag"].id)]
    assert desk.cell(geneva, IMPRISONMENT, "incident", "no-such-incident") == []
    with pytest.raises(NotFound):
        desk.cell(geneva, IMPRISONMENT, "colour", "x")


def test_a_cell_names_the_transcript_passage_a_tag_spans(
    geneva: Repository, scene: dict[str, Any]
) -> None:
    statements = desk.cell(geneva, INHUMANE)
    passages = {s["passage"]["kind"]: s["passage"] for s in statements}
    assert passages["transcript_segment"] == {
        "kind": "transcript_segment",
        "id": str(scene["made"]["heard"]["segment"].id),
        "text": HEARD_SAID[HEARD_SPAN[0] : HEARD_SPAN[1]],
    }
    assert passages["answer"]["text"] == "조사를 받았습니다"


def test_the_list_carries_each_interviews_consent(
    geneva: Repository, scene: dict[str, Any]
) -> None:
    rows = {r["code"]: r for r in desk.interview_rows(geneva)}
    assert rows[scene["codes"]["kept_back"]]["consent"]["sharing"] is False
    assert rows[scene["codes"]["torture"]]["consent"] == {
        "held": True, "sharing": True, "recontact": True, "withdrawn": False,
        "witness_withdrew": False,
    }  # fmt: skip
    assert all(r["created_at"] for r in rows.values())


def test_the_preview_counts_what_the_disclosure_then_leaves_out(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    run_tool("age-keygen", "-o", str(tmp_path / "key.txt"))
    recipient = next(
        line.split(": ", 1)[1]
        for line in (tmp_path / "key.txt").read_text().splitlines()
        if line.startswith("# public key: ")
    )
    selection = Selection(elements=(TORTURE,))
    with Repository.open(scene["folder"], GENEVA_PASSPHRASE) as geneva:
        preview = desk.disclosure_preview(geneva, selection, ["person_names", "units"])
        made = disclose(
            geneva,
            recipient=recipient,
            recipient_name="mechanism",
            out=tmp_path / "d.sillok",
            made_by="legal officer",
            selection=selection,
            redactions=["person_names", "units"],
        )
    assert preview["interviews"] == made.interviews == [scene["codes"]["torture"]]
    assert preview["withheld"] == made.withheld == {"consent_refuses_sharing": 1}
    assert sum(preview["redacted"].values()) == made.redacted == 2


def test_the_summary_of_each_kind_of_record() -> None:
    answer = {"question_id": "q.narrative.0", "value": {"type": "text", "text": "조사"}}
    assert desk.summary("answer", answer) == "q.narrative.0: 조사"
    assert desk.summary("transcript_segment", {"speaker": "witness", "text": "네"}) == (
        "witness: 네"
    )
    assert desk.summary("element_tag", {"element_id": TORTURE}) == TORTURE
    assert desk.summary("consent", {"granted": ["recording", "contact"]}) == "contact, recording"


def test_sillok_with_repository_opens_the_analysts_desk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    called: list[tuple[Any, ...]] = []

    def launcher(db: Path, repository: Path | None = None) -> int:
        called.append((db, repository))
        return 0

    monkeypatch.setattr(cli_main, "_desktop", lambda: launcher)
    assert cli_main.main(["--db", str(tmp_path / "x.db"), "--repository", str(tmp_path)]) == 0
    assert called == [(tmp_path / "x.db", tmp_path)]
    assert cli_main.main(["--db", str(tmp_path / "x.db")]) == 0
    assert called[-1] == (tmp_path / "x.db", None)
