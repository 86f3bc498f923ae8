"""The access log and the register of disclosures grow for years: they are read a page at
a time, newest first (review 2026-12-06 m9), on the server and in a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sync.repository import access_log
from app.sync.repository.disclosure import Selection, disclose
from app.sync.repository.disclosure_register import register
from tests.integration.test_repository_server_roles import Team
from tests.integration.test_repository_server_roles import team as team  # the fixture, by its name
from tests.sync_support import new_repository, run_tool


def test_the_access_log_is_read_a_page_at_a_time_newest_first(team: Team) -> None:
    with team.open(team.analyst) as analyst:
        for n in range(5):
            analyst.read_testimony("interviews", f"n{n}")
    with team.open(team.legal) as legal:
        pages = [
            [e.detail for e in access_log.entries(legal, limit=2, offset=offset)]
            for offset in (0, 2, 4, 6)
        ]
        everything = access_log.entries(legal)
    assert pages == [["n4", "n3"], ["n2", "n1"], ["n0"], []]
    assert [e.detail for e in everything] == ["n4", "n3", "n2", "n1", "n0"]
    assert [e.number for e in everything] == sorted((e.number for e in everything), reverse=True)


@pytest.mark.usefixtures("repository_backend")
def test_the_register_of_disclosures_is_read_a_page_at_a_time_newest_first(
    tmp_path: Path,
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    run_tool("age-keygen", "-o", str(tmp_path / "court-key.txt"))
    recipient = next(
        line.split(": ", 1)[1]
        for line in (tmp_path / "court-key.txt").read_text().splitlines()
        if line.startswith("# public key: ")
    )
    for n in range(3):
        disclose(
            geneva,
            recipient=recipient,
            recipient_name=f"mechanism {n + 1}",
            out=tmp_path / f"d{n + 1}.sillok",
            made_by="legal officer 1",
            selection=Selection(interview_codes=("nothing held",)),
        )
    pages = [
        [row["number"] for row in register(geneva, limit=2, offset=offset)] for offset in (0, 2, 4)
    ]
    assert pages == [[3, 2], [1], []]
    assert [row["number"] for row in register(geneva)] == [3, 2, 1]
    assert register(geneva, limit=1)[0]["recipient_name"] == "mechanism 3"
    geneva.close()
