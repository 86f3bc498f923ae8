"""Redaction by category takes out the same kinds of answers whatever questionnaire the
interview was recorded under (1.0.0 has no `safety.` section: its family questions are
under `background.`; its disappeared relatives are `disappeared.*`, its camp family
`detention.kwanliso.family_*`), and the persons only those answers name go with them."""

from __future__ import annotations

from uuid import uuid4

import pytest

from app.domain import Interview, Person, PersonRole, TextValue
from app.domain.answers import Answer, PersonValue
from app.reports.data import InterviewData
from app.sync.repository.redaction import redact

INTERVIEW = Interview(
    interviewee_id=uuid4(), code="SLK-TEST-0001", interviewer="officer", location_kind="other"
)


def _answer(question_id: str, value: object | None = None) -> Answer:
    return Answer(
        interview_id=INTERVIEW.id,
        question_id=question_id,
        value=value if value is not None else TextValue(text=f"said for {question_id}"),
    )


def _data(answers: list[Answer], persons: list[Person]) -> InterviewData:
    return InterviewData(
        interview=INTERVIEW, consents=[], sessions=[], segments=[], answers=answers,
        incidents=[], tags=[], persons={person.id: person for person in persons},
    )  # fmt: skip


SAFETY = [
    "safety.family_in_dprk", "safety.contact_dprk", "safety.threats",  # 2.0
    "background.family_in_dprk", "background.family_situation",  # 1.0.0
    "background.family_reprisals", "background.family_reprisals_account",
]  # fmt: skip
RELATIVES = [
    "disappeared.relative.account", "disappeared.relative.relationship", "kwanliso.family",  # 2.0
    "disappeared.relation", "disappeared.fate", "disappeared.date_taken",  # 1.0.0
    "trajectory.relative_disappeared", "detention.kwanliso.family_sent",
    "detention.kwanliso.family_account",
]  # fmt: skip
KEPT = ["account.narrative", "background.occupation", "detention.kwanliso.name", "trial.how"]


@pytest.mark.parametrize(("category", "ids"), [("safety", SAFETY), ("relatives", RELATIVES)])
def test_every_questionnaire_version_loses_the_same_answers(category: str, ids: list[str]) -> None:
    data = _data([_answer(q) for q in ids + KEPT], [])
    log = redact(data, [category])
    assert sorted(a.question_id for a in data.answers) == sorted(KEPT)
    assert sorted(item["field"] for item in log) == sorted(ids)


def test_a_relative_named_only_by_a_withheld_answer_goes_with_it() -> None:
    relative = Person(role=PersonRole.VICTIM, interview_id=INTERVIEW.id, name="큰언니")
    officer = Person(role=PersonRole.PERPETRATOR, interview_id=INTERVIEW.id, name="박철호")
    data = _data(
        [
            _answer("disappeared.person", PersonValue(person_id=relative.id)),
            _answer("interrogation.interrogator.person", PersonValue(person_id=officer.id)),
        ],
        [relative, officer],
    )
    log = redact(data, ["relatives"])
    assert list(data.persons) == [officer.id]
    assert {(item["kind"], item["id"]) for item in log} >= {("person", str(relative.id))}
