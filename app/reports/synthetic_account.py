"""The invented account of the synthetic interview (app/reports/synthetic.py): what the
witness, the interviewer and the interpreter say, filler sentences to grow the transcript,
and the answers given to the default questionnaire. Every person, name and event in it is
invented.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.domain import ApproximateDate, Calendar, KnowledgeSource, PlaceRef, Season, Speaker
from app.domain.answers import (
    AnswerValue,
    ChoiceValue,
    DateValue,
    DurationValue,
    FacilityValue,
    MultiChoiceValue,
    NumberValue,
    PersonValue,
    PlaceValue,
    SourceValue,
    TextValue,
    TriState,
    TriStateValue,
)

ACCOUNT: tuple[tuple[Speaker, str], ...] = (
    (
        Speaker.INTERVIEWER,
        "오늘 말씀하시고 싶은 것부터 편하게 시작해 주십시오. 언제든지 쉬자고 하셔도 됩니다.",
    ),
    (
        Speaker.INTERVIEWEE,
        "저는 2013년 겨울에 두만강을 건너 중국으로 갔습니다. 연길 근처 식당에서 일하다가 "
        "주체103년 봄에 중국 공안에게 잡혔습니다.",
    ),
    (
        Speaker.INTERPRETER,
        "The witness says she crossed the Tumen River in the winter of 2013 and "
        "was arrested by the Chinese police in the spring of Juche 103, that is 2014.",
    ),
    (Speaker.INTERVIEWER, "잡히신 뒤에는 어디로 가셨습니까?"),
    (
        Speaker.INTERVIEWEE,
        "도문 변방대에 한 달쯤 있다가 남양 다리로 넘겨졌습니다. 다리 건너편에서 보위부 "
        "사람들이 기다리고 있었고, 모두 수갑을 채워 회령 보위부 구류장으로 데려갔습니다.",
    ),
    (
        Speaker.INTERVIEWEE,
        "구류장에서는 매일 밤 조사를 받았습니다. 예심원은 한국 사람을 만났는지, 교회에 "
        "다녔는지를 계속 물었고, 대답이 마음에 들지 않으면 각목으로 어깨와 등을 때렸습니다.",
    ),
    (Speaker.INTERVIEWER, "그 예심원에 대해 기억나는 것이 있습니까? 계급이나 생김새 같은 것이요."),
    (
        Speaker.INTERVIEWEE,
        "키가 크고 마른 사람이었고, 다른 사람들이 소좌 동지라고 불렀습니다. 이름은 "
        "모릅니다. 조사가 끝나면 늘 윗사람에게 보고하러 간다고 했습니다.",
    ),
    (
        Speaker.INTERVIEWEE,
        "감방에는 스무 명 넘게 있었는데, 하루 종일 무릎을 꿇고 움직이지 못하게 "
        "했습니다. 옥수수 몇 알이 들어간 소금국이 하루 두 번 나왔습니다.",
    ),
    (
        Speaker.INTERVIEWEE,
        "추석 무렵에 같은 감방에 있던 나이 든 여자가 설사를 하다가 죽었습니다. 계호원에게 "
        "약을 달라고 했지만 주지 않았습니다. 시신은 밤에 담요에 싸서 내갔습니다.",
    ),
    (Speaker.INTERVIEWER, "그분이 돌아가신 것을 직접 보셨습니까?"),
    (Speaker.INTERVIEWEE, "네, 제 옆자리였습니다. 아침에 보니 숨을 쉬지 않았습니다."),
    (
        Speaker.INTERVIEWEE,
        "그래도 한 계호원은 밤에 몰래 삶은 감자를 넣어 주었습니다. 그 사람 덕분에 "
        "살았다고 생각합니다.",
    ),
    (
        Speaker.INTERPRETER,
        "She adds that one guard secretly gave her boiled potatoes at night, and "
        "she believes she survived thanks to him.",
    ),
    (
        Speaker.INTERVIEWEE,
        "석 달 뒤에 재판 없이 전거리 교화소로 가라는 말을 들었습니다. 무슨 죄인지, "
        "몇 년인지 서류를 본 적은 없습니다.",
    ),
    (
        Speaker.INTERVIEWEE,
        "교화소에서는 새벽부터 밤까지 산에서 나무를 베었습니다. 할당량을 못 채우면 밥을 "
        "주지 않았고, 쓰러져도 일을 시켰습니다.",
    ),
    (Speaker.OTHER, "(면담자 메모: 증인이 잠시 울어서 10분 쉬었습니다.)"),
    (Speaker.INTERVIEWEE, "2016년에 풀려나서 다시 강을 건넜고, 2018년에 한국에 왔습니다."),
)

FILLER = (
    "조사 때마다 중국에서 누구를 만났는지 적으라고 했습니다",
    "감방 안에서는 서로 말을 하면 안 되었고 들키면 모두 벌을 받았습니다",
    "겨울에는 창문이 없어 손발이 얼었습니다",
    "새로 들어온 사람들도 대부분 강제로 돌려보내진 사람들이었습니다",
    "계호원들은 보위부에서 시키는 대로 할 뿐이라고 말했습니다",
    "아침 점호 때 숫자를 잘못 세면 한 시간씩 서 있어야 했습니다",
    "The interpreter notes that the witness uses the word 예심 for the pre-trial examination",
    "어머니는 제가 어디에 있는지 끝내 몰랐다고 나중에 들었습니다",
)


def account_answers(ids: dict[str, Any]) -> list[tuple[str, AnswerValue, str]]:
    """The account's answers as (question id, value, position), pointing at the facility
    and the person in `ids` ("holding", "interrogator")."""
    yes, no = TriStateValue(value=TriState.YES), TriStateValue(value=TriState.NO)
    stay = "holding.place#0"
    interrogator = "interrogation.interrogator#0"
    return [
        ("consent.purpose_explained", yes, ""),
        ("consent.voluntary", yes, ""),
        ("consent.recording", yes, ""),
        ("consent.transfer_geneva", yes, ""),
        ("consent.identity_use", no, ""),
        ("background.birth_decade", ChoiceValue(choice="decade_1970s"), ""),
        ("background.sex", ChoiceValue(choice="female"), ""),
        (
            "background.residence",
            PlaceValue(place=PlaceRef(reference_id="kp.hamgyong-north.hoeryong")),
            "",
        ),
        ("background.occupation", TextValue(text="협동농장 작업반원"), ""),
        (
            "background.year_left",
            DateValue(date=ApproximateDate.season_of(2013, Season.WINTER)),
            "",
        ),
        (
            "trajectory.overview",
            TextValue(
                text="중국에서 잡혀 송환된 뒤 회령 보위부 구류장에서 석 달 조사를 받고 재판 없이 "
                "교화소에 보내졌다가 2016년에 풀려났습니다."
            ),
            "",
        ),
        (
            "trajectory.years_covered",
            DateValue(
                date=ApproximateDate.between(
                    ApproximateDate.year_of(2013), ApproximateDate.year_of(2018)
                )
            ),
            "",
        ),
        ("trajectory.left_country", yes, ""),
        ("trajectory.forced_return", yes, ""),
        ("trajectory.times_returned", NumberValue(value=Decimal(1)), ""),
        ("trajectory.places_held", MultiChoiceValue(choices=["kuryujang", "kyohwaso"]), ""),
        ("trajectory.political_accusation", yes, ""),
        ("trajectory.witnessed_killing", no, ""),
        ("return.arrested_by", ChoiceValue(choice="chinese_police"), ""),
        (
            "return.handover_date",
            DateValue(date=ApproximateDate.month_of(103, 4, Calendar.JUCHE, note="진달래가 필 때")),
            "",
        ),
        ("return.received_by", ChoiceValue(choice="bowibu"), ""),
        ("interrogation.by_bowibu", yes, ""),
        ("interrogation.facility", FacilityValue(facility_id=ids["holding"]), ""),
        (
            "interrogation.duration",
            DurationValue(minutes=90 * 24 * 60, approximate=True, text="석 달쯤"),
            "",
        ),
        ("interrogation.topics", MultiChoiceValue(choices=["south_koreans", "religion"]), ""),
        ("interrogation.mistreated", yes, ""),
        (
            "interrogation.methods",
            MultiChoiceValue(choices=["beating", "instrument", "stress_position"]),
            "",
        ),
        (
            "interrogation.mistreatment_account",
            TextValue(
                text="대답이 마음에 들지 않으면 각목으로 어깨와 등을 때렸고, 밤새 무릎을 꿇고 앉아 "
                "있게 했습니다."
            ),
            "",
        ),
        (
            "interrogation.interrogator.person",
            PersonValue(person_id=ids["interrogator"]),
            interrogator,
        ),
        ("interrogation.interrogator.rank", TextValue(text="소좌"), interrogator),
        (
            "interrogation.interrogator.source",
            SourceValue(source=KnowledgeSource.EXPERIENCED),
            interrogator,
        ),
        ("holding.place.facility", FacilityValue(facility_id=ids["holding"]), stay),
        ("holding.place.detainees", NumberValue(value=Decimal(23)), stay),
        ("holding.place.food", ChoiceValue(choice="starvation"), stay),
        ("holding.place.deaths", yes, stay),
        (
            "holding.place.deaths_account",
            TextValue(text="추석 무렵 옆자리의 나이 든 여자가 약을 받지 못하고 죽었습니다."),
            stay,
        ),
        ("holding.place.deaths_source", SourceValue(source=KnowledgeSource.SAW), stay),
        ("trial.was_trial", no, ""),
        ("trial.sentence", ChoiceValue(choice="kyohwaso"), ""),
    ]
