"""End to end at Geneva (issue 17): three laptops record interviews through the real
services, export real packages, Geneva ingests them; the same witness interviewed on two
laptops is linked without their name; the matrix, the gaps and the corroboration across
devices give the expected answers, through the core and through `sillok repository …
--json`; an imported CSV of another organisation's records joins them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.domain import (
    ApproximateDate,
    ConsentScope,
    Interviewee,
    KnowledgeSource,
    Precision,
)
from app.domain import new_pseudonymous_code as new_code
from app.errors import InvalidInput
from app.sync.repository import matrix, registers, witness_decisions
from app.sync.repository.store import Repository
from tests.repository_support import (
    GOOD,
    ORGANISATION,
    Laptop,
    facility,
    interview,
    laptop,
    ship,
    write_csv,
)
from tests.sync_support import GENEVA_PASSPHRASE, new_repository

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""

TORTURE, IMPRISONMENT, INHUMANE = "CAH.7.1.f.1", "CAH.7.1.e.1", "CAH.7.1.k.1"
UNIT = ("보위부", "회령시 보위부 예심과")


def _named(name: str | None, born: int | None = None) -> dict[str, Any]:
    """Identity data: a name and a year of birth."""
    identity: dict[str, Any] = {"real_name": name}
    if born is not None:
        identity["birth_date"] = ApproximateDate(precision=Precision.YEAR, year=born)
    return identity


def _bare(field: Laptop) -> Interviewee:
    return field.services.interviewees.create(Interviewee(code=new_code()))


def _witness(
    field: Laptop,
    name: str | None,
    born: int | None = None,
    scopes: frozenset[ConsentScope] = frozenset(ConsentScope),
) -> Interviewee:
    """A witness interviewed on `field` whose identity (name, year of birth) is sealed
    after a consent of `scopes`."""
    made: Interviewee = interview(
        field, interviewee=_bare(field), identity=_named(name, born), scopes=scopes
    )["interviewee"]
    return made


def _geneva_with_three_laptops(tmp_path: Path) -> tuple[Repository, dict[str, Any]]:
    geneva = new_repository(tmp_path / "geneva")
    one, two, three = (laptop(tmp_path, geneva, n) for n in ("seoul1", "seoul2", "busan"))
    # Witness W1 is interviewed on seoul1, then again on seoul2 (name typed with a space).
    made = {
        "w1_first": interview(
            one,
            element=IMPRISONMENT,
            facility=facility(one),
            interviewee=_bare(one),
            identity=_named("김순희", 1975),
        ),
        "w1_again": interview(
            two,
            element=IMPRISONMENT,
            facility=facility(two),
            interviewee=_bare(two),
            identity=_named("김 순희", 1975),
            year=2016,
        ),
        # Torture: two different witnesses saw it, on two laptops, naming the same interrogator.
        "w3": interview(
            two, element=TORTURE, interviewee=_bare(two),
            identity=_named("이정민", 1980),
            perpetrator=("박철", *UNIT),
        ),
        "w6": interview(
            one, element=TORTURE, interviewee=_bare(one),
            identity=_named("최영호", 1968),
            perpetrator=("박 철", *UNIT),
        ),
        # Inhumane acts: only heard of, by two witnesses on two laptops.
        "w2": interview(one, element=INHUMANE, source=KnowledgeSource.HEARD),
        "w5": interview(three, element=INHUMANE, source=KnowledgeSource.HEARD),
        # Starvation in a labour camp: one witness only (no name sealed: no link).
        "w4": interview(three, element="CAH.7.1.k.2", source=KnowledgeSource.EXPERIENCED),
    }  # fmt: skip
    for field in (one, two, three):
        ship(field, geneva)
    return geneva, made


def _cli(capsys: pytest.CaptureFixture[str], repo: Path, *args: str) -> Any:
    secret = repo.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    code = main(["repository", *args, "--repo", str(repo), "--passphrase-file", str(secret)])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def test_three_laptops_one_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    geneva, made = _geneva_with_three_laptops(tmp_path)
    first, again = made["w1_first"], made["w1_again"]
    with geneva.reading() as connection:
        bodies = [r[0] for r in connection.execute("SELECT body FROM records")]
        interviews = {i["code"]: i for i in registers.interviews(connection)}
        rows = {row["element"]: row for row in matrix.matrix(connection)}
        gaps = {gap["element"]: gap["reasons"] for gap in matrix.gaps(connection)}
        found = registers.corroborations(connection)
        units = registers.register(connection, "units")
        witnesses = registers.register(connection, "witnesses")

    # The same witness seen twice is linked, and no name reached the repository's records.
    assert not any("순희" in (body or "") for body in bodies)
    a, b = interviews[first["interview"].code], interviews[again["interview"].code]
    assert a["witness"] == b["witness"] and a["witness"].startswith("link:")
    assert a["device_id"] != b["device_id"]
    assert a["possible_earlier_statements"] == [str(again["interview"].id)]
    assert interviews[made["w3"]["interview"].code]["witness"] != a["witness"]
    (linked,) = [w for w in witnesses if w["linked"]]
    assert len(linked["interviews"]) == 2 and len(linked["devices"]) == 2
    assert len(witnesses) == 6

    # Matrix: the linked witness counts once; direct and hearsay witnesses are counted.
    assert (rows[IMPRISONMENT]["witnesses"], rows[IMPRISONMENT]["statements"]) == (1, 2)
    assert (rows[TORTURE]["witnesses"], rows[TORTURE]["direct"]) == (2, 2)
    assert (rows[INHUMANE]["direct"], rows[INHUMANE]["hearsay"]) == (0, 2)
    (facility_cell,) = rows[IMPRISONMENT]["facility"]
    assert facility_cell["label"] == "회령 보위부 구류장"
    assert [c["id"] for c in rows[TORTURE]["agency"]] == ["보위부"]
    assert [c["id"] for c in rows[TORTURE]["period"]] == ["2014"]

    # Gaps: imprisonment rests on one witness (seen twice), inhumane acts on hearsay only.
    assert gaps == {
        IMPRISONMENT: ["single_witness"],
        INHUMANE: ["hearsay_only"],
        "CAH.7.1.k.2": ["single_witness"],
    }
    candidates = {row["witness"] for row in matrix.reinterview(geneva.connection)}
    assert a["witness"] in candidates

    # Corroboration: the interrogator named on two laptops by two witnesses; the facility
    # named only by the linked witness corroborates nothing.
    person = [c for c in found["candidates"] if c["reason"] == "person"]
    assert len(person) == 1 and person[0]["across_devices"] and person[0]["witnesses"] == 2
    assert not [c for c in found["candidates"] if c["reason"] == "facility"]
    # ... but their two accounts, on two laptops, put the same detention in 2014 and 2016.
    (contradiction,) = found["contradictions"]
    assert contradiction["witness"] == a["witness"] and contradiction["kind"] == "dates"
    assert len(contradiction["devices"]) == 2
    (unit,) = units
    assert (unit["unit"], len(unit["persons"]), unit["witnesses"]) == (UNIT[1], 2, 2)

    # The command line gives the same answers.
    geneva.close()
    repo = tmp_path / "geneva"
    assert {r["element"]: r["witnesses"] for r in _cli(capsys, repo, "matrix", "--json")} == {
        element: row["witnesses"] for element, row in rows.items()
    }
    assert {g["element"] for g in _cli(capsys, repo, "gaps", "--json")["gaps"]} == set(gaps)
    shown = _cli(capsys, repo, "interviews", first["interview"].code, "--json")
    assert shown["possible_earlier_statements"] == [str(again["interview"].id)]
    corroborated = _cli(capsys, repo, "corroboration", "--json")
    assert [c["reason"] for c in corroborated["candidates"]].count("person") == 1

    # Another organisation's CSV joins them: its witness makes imprisonment corroborated.
    source = write_csv(tmp_path / "cases.csv", [GOOD])
    report = _cli(capsys, repo, "import", str(source), "--organisation", ORGANISATION, "--json")
    assert len(report["accepted"]) == 1 and report["import_id"] == 1
    rows = {r["element"]: r for r in _cli(capsys, repo, "matrix", "--json")}
    assert (rows[IMPRISONMENT]["witnesses"], rows[IMPRISONMENT]["imported"]) == (2, 1)
    (cell,) = rows[IMPRISONMENT]["facility"]
    assert cell["witnesses"] == 2
    gaps_now = {g["element"] for g in _cli(capsys, repo, "gaps", "--json")["gaps"]}
    assert gaps_now == set(gaps) - {IMPRISONMENT}
    candidates = _cli(capsys, repo, "corroboration", "--json")["candidates"]
    (by_facility,) = [c for c in candidates if c["reason"] == "facility"]
    assert by_facility["across_devices"] and by_facility["witnesses"] == 2
    assert [i["imported"] for i in by_facility["incidents"]].count(True) == 1


def test_a_witness_link_leaks_no_name(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    bundle = (tmp_path / "seoul" / "exchange" / "bundle-0.json").read_bytes()
    with geneva.reading() as connection:
        (secret,) = connection.execute(
            "SELECT secret FROM geneva_keys WHERE name = 'witness_link'"
        ).fetchone()
    assert bytes(secret).hex().encode() not in bundle and b'"witness_link"' in bundle
    named = _witness(seoul, "김순희", 1975)
    unnamed = _witness(seoul, None)
    same = seoul.services.interviewees.get(named.id)
    assert same.witness_link and same.witness_link.startswith("WL1-")
    stored = json.loads(same.content_json())
    del stored["created_at"], stored["updated_at"]  # their microseconds may read 1975
    assert "김순희" not in json.dumps(stored, ensure_ascii=False)
    assert "1975" not in json.dumps(stored)
    assert seoul.services.interviewees.get(unnamed.id).witness_link is None
    other_year = seoul.services.interviewees.get(_witness(seoul, "김순희", 1976).id)
    assert other_year.witness_link not in (None, same.witness_link)
    # Another repository (organisation) has another secret: the same person, another link.
    elsewhere = new_repository(tmp_path / "elsewhere")
    busan = laptop(tmp_path, elsewhere, "busan")
    there = busan.services.interviewees.get(_witness(busan, "김순희", 1975).id)
    assert there.witness_link not in (None, same.witness_link)


def test_no_witness_link_without_consent_to_the_use_of_identity(tmp_path: Path) -> None:
    """The link is derived from the identity, and Geneva holds its secret: without that
    consent it is never made, and withdrawing the consent removes it."""
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    without = frozenset(ConsentScope) - {ConsentScope.USE_OF_IDENTITY}
    refused = _witness(seoul, "김순희", 1975, scopes=without)
    assert seoul.services.interviewees.get(refused.id).witness_link is None
    given = _witness(seoul, "이정민", 1980)
    assert seoul.services.interviewees.get(given.id).witness_link is not None
    (consent,) = [
        c
        for i in seoul.services.interviews.find(interviewee_id=given.id)
        for c in seoul.services.consents.find(interview_id=i.id)
    ]
    seoul.services.consents.withdraw(consent, frozenset({ConsentScope.USE_OF_IDENTITY}))
    assert seoul.services.interviewees.get(given.id).witness_link is None


def test_analysts_decide_who_is_one_witness(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    geneva, made = _geneva_with_three_laptops(tmp_path)
    first, again = made["w1_first"]["interview"].code, made["w1_again"]["interview"].code

    def counts() -> tuple[dict[str, int], dict[str, list[str]], int]:
        with geneva.reading() as connection:
            rows = {row["element"]: row["witnesses"] for row in matrix.matrix(connection)}
            gaps = {gap["element"]: gap["reasons"] for gap in matrix.gaps(connection)}
            contradictions = len(registers.corroborations(connection)["contradictions"])
        return rows, gaps, contradictions

    rows, gaps, contradictions = counts()
    assert (rows[IMPRISONMENT], rows[INHUMANE], contradictions) == (1, 2, 1)

    # The linked pair are two people with the same name and year: two witnesses again.
    witness_decisions.decide(
        geneva, first, again, same=False, reasons="different hometowns", analyst="analyst-a"
    )
    # The two hearsay accounts of inhumane acts turn out to be one person, never linked.
    two, five = made["w2"]["interview"].code, made["w5"]["interview"].code
    geneva.close()
    decided = _cli(
        capsys, tmp_path / "geneva", "same-witness", two, five, "--json",
        "--reasons", "same family story, same release date; name spelt differently",
    )  # fmt: skip
    assert decided["same"] is True
    geneva = Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE)
    rows, gaps, contradictions = counts()
    assert (rows[IMPRISONMENT], rows[INHUMANE], contradictions) == (2, 1, 0)
    assert IMPRISONMENT not in gaps and gaps[INHUMANE] == ["single_witness", "hearsay_only"]
    with geneva.reading() as connection:
        assert [d.same for d in witness_decisions.latest(connection).values()] == [False, True]
        shown = registers.show(connection, two)
    assert shown["possible_earlier_statements"] == [str(made["w5"]["interview"].id)]
    with geneva.reading() as connection:
        joined = [w for w in registers.register(connection, "witnesses") if w["decisions"]]
    assert sorted(len(w["interviews"]) for w in joined) == [1, 1, 2]
    assert {d["reasons"] for w in joined for d in w["decisions"]} == {
        "different hometowns",
        "same family story, same release date; name spelt differently",
    }
    with pytest.raises(InvalidInput):
        witness_decisions.decide(geneva, two, two, same=True, reasons="x", analyst="a")
    geneva.close()
