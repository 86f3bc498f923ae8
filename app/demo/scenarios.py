"""Three invented accounts for the demo database, in Korean, as an interviewer records them.

Every name, place of detention and event here is made up for practice. Places are called
"연습군" ("practice county") or marked "(가상)" ("fictional") so nobody can take them for
a real account. The accounts follow the paths the reports describe (forced return and a
labour training camp; a political case ending in a political prison camp; a public
execution seen on the way to a prison camp), so the questionnaire shows its usual branches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.domain import (
    ChoiceValue,
    ConsentScope,
    FacilityType,
    MultiChoiceValue,
    NumberValue,
    PersonRole,
    Speaker,
    TriState,
    TriStateValue,
)
from app.domain.answers import AnswerValue
from app.domain.sources import KnowledgeSource

Q, W = Speaker.INTERVIEWER, Speaker.INTERVIEWEE


@dataclass(frozen=True)
class Line:
    """One turn of speech; each tag is (a phrase of `text`, the legal element it may prove)."""

    speaker: Speaker
    text: str
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FacilitySketch:
    key: str
    name: str
    facility_type: FacilityType
    place: str
    agency: str


@dataclass(frozen=True)
class PersonSketch:
    key: str
    role: PersonRole
    alias: str
    agency: str | None = None
    rank: str | None = None
    position: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class IncidentSketch:
    title: str
    summary: str
    year: int
    season: str
    facility: str
    persons: tuple[str, ...]
    source: KnowledgeSource
    exculpatory: bool = False


@dataclass(frozen=True)
class Scenario:
    title: str
    sex: str
    birth_decade: str
    consent: frozenset[ConsentScope]
    withdrawn: frozenset[ConsentScope]
    answers: tuple[tuple[str, str, AnswerValue], ...]
    """(question id, repeat position, value): the answers that choose the account's path."""
    sessions: tuple[tuple[Line, ...], ...]
    facilities: tuple[FacilitySketch, ...]
    persons: tuple[PersonSketch, ...]
    incidents: tuple[IncidentSketch, ...]
    relatives: tuple[tuple[str, str], ...] = field(default=())


def _yes() -> TriStateValue:
    return TriStateValue(value=TriState.YES)


def _no() -> TriStateValue:
    return TriStateValue(value=TriState.NO)


def _choice(choice: str) -> ChoiceValue:
    return ChoiceValue(choice=choice)


def _choices(*choices: str) -> MultiChoiceValue:
    return MultiChoiceValue(choices=list(choices))


RETURNEE = Scenario(
    title="강제송환 후 노동단련대 (연습용 가상 사례)",
    sex="female",
    birth_decade="1980s",
    consent=frozenset(
        {ConsentScope.RECORDING, ConsentScope.TRANSFER_GENEVA, ConsentScope.SHARE_ACCOUNTABILITY}
    ),
    withdrawn=frozenset(),
    answers=(
        ("trajectory.left_country", "", _yes()),
        ("trajectory.forced_return", "", _yes()),
        ("trajectory.times_returned", "", NumberValue(value=Decimal(1))),
        ("trajectory.arrested_in_dprk", "", _no()),
        ("trajectory.places_held", "", _choices("jipkyulso", "rodong_danryeondae")),
        ("trajectory.political_accusation", "", _no()),
        ("trajectory.witnessed_killing", "", _no()),
        ("trajectory.relative_disappeared", "", _no()),
        ("trajectory.knows_officials", "", _yes()),
        ("return.received_by", "", _choice("bowibu")),
        ("trial.sentence", "", _choice("rodong_danryeondae")),
        ("detention.type", "detention.stay#0", _choice("rodong_danryeondae")),
    ),
    sessions=(
        (
            Line(Q, "오늘 말씀하시는 내용은 연습용 가상 사례입니다. 편하게 시작해 주십시오."),
            Line(W, "중국에서 일하다가 공안에 잡혀서 연습군 보위부로 넘겨졌습니다."),
            Line(Q, "보위부에서는 어떤 일이 있었습니까?"),
            Line(
                W,
                "예심원이 밤마다 불러내서 무릎을 꿇게 하고 때렸습니다. "
                "좁은 감방에 스무 명이 넘게 있었습니다.",
                (("밤마다 불러내서 무릎을 꿇게 하고 때렸습니다", "CAH.7.1.f.1"),),
            ),
            Line(Q, "그 뒤에는 어디로 가셨습니까?"),
            Line(
                W,
                "재판 없이 노동단련대 여섯 달을 받았고, 새벽부터 밤까지 벽돌을 날랐습니다.",
                (
                    ("재판 없이 노동단련대 여섯 달을 받았고", "CAH.7.1.e.1"),
                    ("새벽부터 밤까지 벽돌을 날랐습니다", "CAH.7.1.c.1"),
                ),
            ),
            Line(W, "담당 보안원 한 명은 아픈 사람을 작업에서 빼 주기도 했습니다."),
        ),
    ),
    facilities=(
        FacilitySketch(
            "bowibu",
            "연습군 보위부 구류장 (가상)",
            FacilityType.KURYUJANG,
            "연습군 (가상 지명)",
            "국가보위성",
        ),
        FacilitySketch(
            "camp",
            "연습군 노동단련대 (가상)",
            FacilityType.RODONG_DANRYEONDAE,
            "연습군 (가상 지명)",
            "사회안전성",
        ),
    ),
    persons=(
        PersonSketch(
            "examiner",
            PersonRole.PERPETRATOR,
            "가상 예심원 갑",
            "국가보위성",
            "소좌",
            "예심원",
            "마흔 살쯤, 안경을 씀 (가상 인물)",
        ),
        PersonSketch(
            "guard",
            PersonRole.OTHER,
            "가상 보안원 을",
            "사회안전성",
            None,
            "노동단련대 담당 보안원",
            "아픈 사람을 작업에서 빼 줌 (가상 인물)",
        ),
    ),
    incidents=(
        IncidentSketch(
            "보위부 구류장 야간 조사 (연습용)",
            "밤마다 불려 나가 무릎을 꿇은 채 맞았다고 진술함. 가상 사례.",
            2015,
            "winter",
            "bowibu",
            ("examiner",),
            KnowledgeSource.EXPERIENCED,
        ),
        IncidentSketch(
            "노동단련대에서 아픈 사람을 작업에서 뺌 (연습용)",
            "담당 보안원이 아픈 사람을 작업에서 빼 주었다고 진술함(면책 정보). 가상 사례.",
            2016,
            "spring",
            "camp",
            ("guard",),
            KnowledgeSource.SAW,
            exculpatory=True,
        ),
    ),
)

POLITICAL = Scenario(
    title="정치적 혐의로 관리소 (연습용 가상 사례)",
    sex="male",
    birth_decade="1960s",
    consent=frozenset(
        {
            ConsentScope.TRANSFER_GENEVA,
            ConsentScope.USE_OF_IDENTITY,
            ConsentScope.RECONTACT,
        }
    ),
    withdrawn=frozenset({ConsentScope.RECONTACT}),
    answers=(
        ("trajectory.left_country", "", _no()),
        ("trajectory.arrested_in_dprk", "", _yes()),
        ("trajectory.places_held", "", _choices("kuryujang", "kwanliso")),
        ("trajectory.political_accusation", "", _yes()),
        ("trajectory.witnessed_killing", "", _no()),
        ("trajectory.relative_disappeared", "", _yes()),
        ("trajectory.knows_officials", "", _yes()),
        ("trial.sentence", "", _choice("kwanliso")),
        ("detention.type", "detention.stay#0", _choice("kuryujang")),
        ("detention.type", "detention.stay#1", _choice("kwanliso")),
    ),
    sessions=(
        (
            Line(Q, "이것은 연습용 가상 면담입니다. 언제, 어떻게 잡혀가셨는지 말씀해 주십시오."),
            Line(
                W,
                "한국 방송을 들었다는 이유로 보위부에 끌려갔습니다.",
                (("한국 방송을 들었다는 이유로", "CAH.7.1.h.1"),),
            ),
            Line(Q, "조사는 얼마나 계속되었습니까?"),
            Line(
                W,
                "석 달쯤 조사를 받았고, 잠을 재우지 않았습니다.",
                (("잠을 재우지 않았습니다", "CAH.7.1.f.1"),),
            ),
        ),
        (
            Line(Q, "다시 와 주셔서 고맙습니다. 지난번에 관리소 이야기를 하다가 멈추었습니다."),
            Line(
                W,
                "가족에게 알리지도 않고 관리소로 보냈습니다. "
                "아내와 아들도 따로 끌려갔다고 들었습니다.",
                (
                    ("가족에게 알리지도 않고 관리소로 보냈습니다", "CAH.7.1.i.1"),
                    ("아내와 아들도 따로 끌려갔다고 들었습니다", "CAH.7.1.i.1"),
                ),
            ),
            Line(
                W,
                "관리소에서는 하루 옥수수 한 줌으로 탄광 일을 했습니다.",
                (("하루 옥수수 한 줌으로 탄광 일을 했습니다", "CAH.7.1.k.1"),),
            ),
        ),
    ),
    facilities=(
        FacilitySketch(
            "cells",
            "가상시 보위부 구류장 (가상)",
            FacilityType.KURYUJANG,
            "가상시 (가상 지명)",
            "국가보위성",
        ),
        FacilitySketch(
            "kwanliso",
            "연습 관리소 (가상)",
            FacilityType.KWANLISO,
            "연습군 산골 (가상 지명)",
            "국가보위성",
        ),
    ),
    persons=(
        PersonSketch(
            "chief",
            PersonRole.PERPETRATOR,
            "가상 부장 병",
            "국가보위성",
            "상좌",
            "시 보위부 부장",
            "조사를 지시했다고 들음 (가상 인물)",
        ),
        PersonSketch("wife", PersonRole.VICTIM, "가상 인물의 아내", None, None, None, "행방 모름"),
    ),
    incidents=(
        IncidentSketch(
            "보위부 수면 박탈 조사 (연습용)",
            "석 달 동안 잠을 재우지 않고 조사했다고 진술함. 가상 사례.",
            2009,
            "autumn",
            "cells",
            ("chief",),
            KnowledgeSource.EXPERIENCED,
        ),
        IncidentSketch(
            "가족의 실종 (연습용)",
            "아내와 아들이 따로 끌려간 뒤 소식이 없다고 들었다고 진술함. 가상 사례.",
            2010,
            "spring",
            "kwanliso",
            ("wife",),
            KnowledgeSource.HEARD,
        ),
    ),
    relatives=(("wife", "관리소로 끌려갔다고 들음"), ("son", "행방 모름")),
)

EXECUTION = Scenario(
    title="공개처형 목격과 교화소 (연습용 가상 사례)",
    sex="female",
    birth_decade="1970s",
    consent=frozenset({ConsentScope.TRANSFER_GENEVA}),
    withdrawn=frozenset(),
    answers=(
        ("trajectory.left_country", "", _yes()),
        ("trajectory.forced_return", "", _yes()),
        ("trajectory.times_returned", "", NumberValue(value=Decimal(2))),
        ("trajectory.arrested_in_dprk", "", _no()),
        ("trajectory.places_held", "", _choices("jipkyulso", "kyohwaso")),
        ("trajectory.political_accusation", "", _no()),
        ("trajectory.witnessed_killing", "", _yes()),
        ("trajectory.relative_disappeared", "", _no()),
        ("trajectory.knows_officials", "", _no()),
        ("return.received_by", "", _choice("bowibu")),
        ("trial.sentence", "", _choice("kyohwaso")),
        ("detention.type", "detention.stay#0", _choice("kyohwaso")),
    ),
    sessions=(
        (
            Line(Q, "연습용 가상 면담입니다. 녹음은 하지 않습니다. 본 것을 말씀해 주십시오."),
            Line(
                W,
                "장마당 옆 강변에서 사람들을 모아 놓고 두 사람을 총살하는 것을 보았습니다.",
                (("두 사람을 총살하는 것을 보았습니다", "CAH.7.1.a.1"),),
            ),
            Line(Q, "그것을 직접 보셨습니까, 아니면 들으셨습니까?"),
            Line(W, "제가 직접 보았습니다. 학생들도 나와서 보게 했습니다."),
            Line(
                W,
                "교화소에서는 병이 나도 일을 해야 했고, 같은 반 사람이 굶어서 죽었습니다.",
                (("같은 반 사람이 굶어서 죽었습니다", "CAH.7.1.k.1"),),
            ),
        ),
    ),
    facilities=(
        FacilitySketch(
            "prison",
            "연습 교화소 (가상)",
            FacilityType.KYOHWASO,
            "연습군 (가상 지명)",
            "사회안전성",
        ),
    ),
    persons=(
        PersonSketch(
            "victims",
            PersonRole.VICTIM,
            "처형된 두 사람 (가상)",
            None,
            None,
            None,
            "이름 모름 (가상 인물)",
        ),
    ),
    incidents=(
        IncidentSketch(
            "강변 공개처형 (연습용)",
            "주민과 학생을 모아 놓고 두 사람을 총살했다고 진술함. 직접 목격. 가상 사례.",
            2012,
            "summer",
            "prison",
            ("victims",),
            KnowledgeSource.SAW,
        ),
    ),
)

SCENARIOS = (RETURNEE, POLITICAL, EXECUTION)

TEXT_ANSWERS = (
    "(연습용 가상 답변) 정확한 날짜는 기억나지 않지만, 그 무렵 같은 방에 여섯 명이 있었습니다.",
    "(연습용 가상 답변) 직접 본 것은 아니고 같은 방 사람에게서 들었습니다.",
    "(연습용 가상 답변) 아침 다섯 시에 일어나 점호를 받고 작업장으로 나갔습니다.",
    "(연습용 가상 답변) 그 사람의 이름은 모르고, 다른 사람들이 '반장'이라고 불렀습니다.",
    "(연습용 가상 답변) 더 자세히는 말씀드리기 어렵습니다.",
    "(연습용 가상 답변) 먹을 것이 모자라 풀을 뜯어 먹기도 했습니다.",
    "(연습용 가상 답변) 가족에게는 아무 연락도 하지 못했습니다.",
    "(연습용 가상 답변) 그때는 무서워서 아무 말도 하지 못했습니다.",
)
"""What the demo fills into open questions it has no scripted answer for."""
