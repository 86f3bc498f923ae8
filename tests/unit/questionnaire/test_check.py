"""`check` finds each class of problem of docs/questionnaire-format.md, with its line
and the id of the item it belongs to, on small broken questionnaires."""

from __future__ import annotations

from .conftest import HEADER, line_of

VALID = (
    HEADER
    + """\
sections:
  - id: path
    title: {ko: "경로", en: "Path"}
    items:
      - id: path.held
        type: multi_choice
        text: {ko: "어디에 구금되었습니까?", en: "Where were you held?"}
        choices:
          - {id: kyohwaso, text: {ko: "교화소", en: "Ordinary prison camp"}}
          - {id: none, text: {ko: "없음", en: "Nowhere"}}
      - id: path.returned
        type: yes_no
        text: {ko: "송환되었습니까?", en: "Were you sent back?"}
  - id: camp
    title: {ko: "수용소", en: "Camp"}
    relevant: "'kyohwaso' in path.held"
    items:
      - id: camp.stay
        type: group
        repeat: true
        label: camp.name
        title: {ko: "시설", en: "Facility"}
        items:
          - id: camp.name
            type: short_text
            text: {ko: "시설 이름", en: "Name of the facility"}
          - id: camp.beaten
            type: yes_no
            text: {ko: "맞았습니까?", en: "Were you beaten?"}
            elements: [CAH.7.1.f.1]
          - id: camp.how
            type: long_text
            text: {ko: "설명해 주십시오.", en: "Please describe it."}
            relevant: "camp.beaten == 'yes'"
            elements: [CAH.7.1.f.1, CAH.7.1.f.2]
"""
)


def codes(result) -> list[str]:
    return [problem.code for problem in result.problems]


def only(result, code: str):
    assert codes(result) == [code], [str(p) for p in result.problems]
    return result.problems[0]


def test_the_valid_example_passes(check) -> None:
    result = check(VALID)
    assert result.ok, [str(p) for p in result.problems]
    assert result.questionnaire is not None
    assert result.questionnaire.version == "1.0.0"


def test_yaml_syntax_error_has_its_line(check) -> None:
    text = VALID.replace('title: {ko: "시설"', 'title: {ko: "시설" [')
    problem = only(check(text), "yaml")
    assert problem.line == line_of(text, '"시설" [')


def test_a_key_written_twice_is_refused(check) -> None:
    text = VALID.replace(
        '            text: {ko: "시설 이름", en: "Name of the facility"}\n',
        '            text: {ko: "시설 이름", en: "Name of the facility"}\n'
        '            text: {ko: "다른 이름", en: "Another name"}\n',
    )
    problem = only(check(text), "yaml")
    assert "written twice" in problem.message
    assert problem.line == line_of(text, "다른 이름")


def test_missing_english_is_a_translation_problem(check) -> None:
    text = VALID.replace('{ko: "맞았습니까?", en: "Were you beaten?"}', '{ko: "맞았습니까?"}')
    problem = only(check(text), "translation")
    assert problem.item == "camp.beaten"
    assert problem.line == line_of(text, "맞았습니까?")
    assert "English" in problem.message


def test_korean_without_hangul_is_a_translation_problem(check) -> None:
    text = VALID.replace('{id: none, text: {ko: "없음"', '{id: none, text: {ko: "none"')
    problem = only(check(text), "translation")
    assert problem.item == "path.held"
    assert problem.line == line_of(text, "{id: none")


def test_unknown_field_is_a_schema_problem(check) -> None:
    text = VALID.replace(
        '        type: yes_no\n        text: {ko: "송환',
        '        type: yes_no\n        mandatory: true\n        text: {ko: "송환',
    )
    problem = only(check(text), "schema")
    assert problem.item == "path.returned"
    assert problem.line == line_of(text, "mandatory")


def test_duplicate_id_names_both_lines(check) -> None:
    text = VALID.replace("- id: camp.how", "- id: camp.beaten")
    problem = only(check(text), "duplicate-id")
    assert problem.item == "camp.beaten"
    assert problem.line == line_of(text, "- id: camp.beaten") + 4
    assert f"line {line_of(text, '- id: camp.beaten')}" in problem.message


def test_unknown_element_id(check) -> None:
    text = VALID.replace("elements: [CAH.7.1.f.1]", "elements: [CAH.7.1.f.9]")
    problem = only(check(text), "unknown-element")
    assert problem.item == "camp.beaten"
    assert "CAH.7.1.f.9" in problem.message


def test_unparsable_condition(check) -> None:
    text = VALID.replace("\"camp.beaten == 'yes'\"", '"camp.beaten == "')
    problem = only(check(text), "expression")
    assert problem.item == "camp.how"
    assert problem.line == line_of(text, 'relevant: "camp.beaten ==')


def test_condition_naming_an_unknown_question(check) -> None:
    text = VALID.replace("camp.beaten == 'yes'", "camp.beeten == 'yes'")
    problem = only(check(text), "unknown-question")
    assert "camp.beeten" in problem.message and problem.item == "camp.how"


def test_condition_naming_an_unknown_choice(check) -> None:
    text = VALID.replace("'kyohwaso' in path.held", "'kyohwasso' in path.held")
    problem = only(check(text), "unknown-choice")
    assert problem.item == "camp"
    assert problem.line == line_of(text, "kyohwasso")


def test_condition_reaching_into_a_repeat_group(check) -> None:
    text = (
        VALID
        + """\
  - id: closing
    title: {ko: "마무리", en: "Closing"}
    relevant: "camp.beaten == 'no'"
    items:
      - id: closing.more
        type: long_text
        text: {ko: "더 하실 말씀", en: "Anything to add"}
"""
    )
    problem = only(check(text), "scope")
    assert problem.item == "closing" and "any(" in problem.message
    fixed = text.replace("\"camp.beaten == 'no'\"", "\"any(camp.beaten == 'no')\"")
    assert check(fixed).ok


def test_equality_on_a_multiple_choice_is_a_type_error(check) -> None:
    text = VALID.replace("'kyohwaso' in path.held", "path.held == 'kyohwaso'")
    problem = only(check(text), "type")
    assert problem.item == "camp"


def test_conditions_in_a_circle(check) -> None:
    text = VALID.replace(
        '        type: yes_no\n        text: {ko: "송환',
        '        type: yes_no\n        relevant: "\'none\' in path.held"\n        text: {ko: "송환',
    ).replace(
        "        type: multi_choice\n",
        "        type: multi_choice\n        relevant: \"path.returned != 'no'\"\n",
    )
    problem = only(check(text), "cycle")
    assert "path.held" in problem.message and "path.returned" in problem.message


def test_a_condition_on_itself_is_a_cycle(check) -> None:
    text = VALID.replace("camp.beaten == 'yes'", "answered(camp.how)")
    problem = only(check(text), "cycle")
    assert problem.item == "camp.how"


def test_a_contradiction_is_unreachable(check) -> None:
    text = VALID.replace("camp.beaten == 'yes'", "camp.beaten == 'yes' and camp.beaten == 'no'")
    problem = only(check(text), "unreachable")
    assert problem.item == "camp.how"
    assert problem.line == line_of(text, "camp.beaten == 'yes' and")


def test_depending_on_an_unreachable_question_is_unreachable(check) -> None:
    text = (
        VALID.replace(
            '        type: yes_no\n        text: {ko: "송환',
            "        type: yes_no\n"
            "        relevant: \"'none' in path.held and not answered(path.held)\"\n"
            '        text: {ko: "송환',
        )
        + """\
  - id: after
    title: {ko: "송환 후", en: "After return"}
    relevant: "path.returned == 'yes'"
    items:
      - id: after.what
        type: long_text
        text: {ko: "무슨 일이", en: "What happened"}
"""
    )
    result = check(text)
    assert codes(result) == ["unreachable", "unreachable"]
    assert [p.item for p in result.problems] == ["path.returned", "after"]


def test_numbers_out_of_reach(check) -> None:
    text = VALID.replace(
        "          - id: camp.name\n            type: short_text\n",
        "          - id: camp.days\n            type: number\n"
        '            text: {ko: "며칠", en: "How many days"}\n'
        "          - id: camp.name\n            type: short_text\n"
        '            relevant: "camp.days > 10 and camp.days < 5"\n',
    )
    problem = only(check(text), "unreachable")
    assert problem.item == "camp.name"


def test_out_of_scope_element_that_is_also_asked(check) -> None:
    text = VALID.replace(
        "sections:\n",
        "out_of_scope:\n  - element: CAH.7.1.f.1\n"
        '    reason: {ko: "해당 없음", en: "Not relevant"}\nsections:\n',
    )
    problem = only(check(text), "out-of-scope")
    assert problem.line == line_of(text, "- element: CAH.7.1.f.1")


def test_label_and_about_must_name_questions(check) -> None:
    text = VALID.replace("label: camp.name", "label: camp.nam")
    assert only(check(text), "unknown-question").item == "camp.stay"
    text = VALID.replace(
        "            elements: [CAH.7.1.f.1, CAH.7.1.f.2]\n",
        "            elements: [CAH.7.1.f.1, CAH.7.1.f.2]\n"
        "          - id: camp.how_known\n            type: source\n            about: [camp.hw]\n"
        '            text: {ko: "어떻게 아십니까?", en: "How do you know?"}\n',
    )
    assert only(check(text), "unknown-question").item == "camp.how_known"


def test_reserved_words_cannot_be_ids(check) -> None:
    text = VALID.replace("camp.how", "camp.value")
    result = check(text)
    assert "schema" in codes(result)
    assert any("condition language" in p.message for p in result.problems)


def test_every_problem_is_reported_not_only_the_first(check) -> None:
    text = VALID.replace("elements: [CAH.7.1.f.1]", "elements: [CAH.9]").replace(
        "camp.beaten == 'yes'", "camp.beaten == 'maybe'"
    )
    assert sorted(codes(check(text))) == ["unknown-choice", "unknown-element"]


def test_problem_prints_file_line_code_and_id(check, tmp_path) -> None:
    text = VALID.replace("elements: [CAH.7.1.f.1]", "elements: [CAH.7.1.f.9]")
    problem = only(check(text), "unknown-element")
    assert str(problem) == (
        f"{tmp_path / 'q.yaml'}:{line_of(text, 'CAH.7.1.f.9')}: [unknown-element] camp.beaten: "
        "CAH.7.1.f.9 is not in the legal catalogue"
    )
