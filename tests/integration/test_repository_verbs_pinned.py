"""The analysis verbs' whole answers, pinned (issue 17: the verbs made to scale must say
exactly what they said before): on a realistic, deterministic repository
(tests/verbs_pinned_support.py), on the SQLCipher file and on PostgreSQL, the interviews
(the list, and four shown with every version), the matrix and its statements, a matrix
cell's passages, gaps, re-interview candidates, corroboration and every register are,
value for value and in order, those recorded in tests/vectors/repository_verbs.json by
the verbs as they were before they read lifted facts (recorded at d54ec80, and again at
2bef676 with that code, once main's corroborations gained their decisions and the
interview list the witness's withdrawal; the merged facts-reading verbs then answered the
same on both stores).

To record them again after a change the analysts asked for (never to make this pass):
`SILLOK_PIN_VERBS=1 .venv/bin/pytest tests/integration/test_repository_verbs_pinned.py`.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from app.sync.repository import desk, matrix, registers
from tests.sync_support import new_repository
from tests.verbs_pinned_support import fill

pytestmark = pytest.mark.usefixtures("repository_backend")

PINNED = Path(__file__).resolve().parents[1] / "vectors" / "repository_verbs.json"


def _answers(tmp_path: Path) -> dict[str, Any]:
    repository = new_repository(tmp_path / "geneva")
    try:
        with repository.transaction() as connection:
            fill(connection)
        with repository.reading() as connection:
            answers: dict[str, Any] = {
                "interviews": registers.interviews(connection),
                "statements": [asdict(s) for s in matrix.statements(connection)],
                "matrix": matrix.matrix(connection),
                "gaps": matrix.gaps(connection),
                "reinterview": matrix.reinterview(connection),
                "corroborations": registers.corroborations(connection),
                "recontact": matrix.recontact(connection),
            }
            for name in registers.REGISTERS:
                answers[f"register_{name}"] = registers.register(connection, name)
            answers["show"] = [
                registers.show(connection, code)
                for code in ("INT-0000", "INT-0003", "INT-0004", "INT-0011")
            ]
        answers["cell_facility"] = [
            desk.cell(repository, row["element"], "facility", cell["id"])
            for row in answers["matrix"]
            for cell in row["facility"][:2]
        ]
        answers["cell_whole"] = desk.cell(repository, answers["matrix"][0]["element"])
        answers["gaps_desk"] = desk.gaps(repository)
        answers["devices_asked"] = desk.devices_asked(repository)
        answers["interview_rows"] = desk.interview_rows(repository)
    finally:
        repository.close()
    # As JSON reads them (tuples become lists), the form the command line prints.
    loaded: dict[str, Any] = json.loads(json.dumps(answers, ensure_ascii=False, default=str))
    return loaded


def test_the_verbs_answer_exactly_as_pinned(tmp_path: Path) -> None:
    answers = _answers(tmp_path)
    if os.environ.get("SILLOK_PIN_VERBS") == "1":
        PINNED.write_text(json.dumps(answers, ensure_ascii=False, indent=1) + "\n")
    pinned = json.loads(PINNED.read_text())
    # The repository is not trivial: every verb has something to say.
    assert len(answers["interviews"]) == 70
    assert all(answers[name] for name in pinned)
    assert answers["corroborations"]["contradictions"]
    assert {r["reason"] for g in answers["reinterview"] for r in g["reasons"]} >= {
        "single_witness",
        "hearsay_only",
    }
    for name in pinned:
        assert answers[name] == pinned[name], name
    assert set(answers) == set(pinned)
