"""Questionnaire engine benchmark: how long one re-evaluation takes after an answer is
saved (visibility, progress, constraints, evidence, then element coverage).

    .venv/bin/python benchmarks/questionnaire_benchmark.py            # 300 questions × 20
    .venv/bin/python benchmarks/questionnaire_benchmark.py --runs 50  # a quick run

Two cases: a generated questionnaire of `--questions` questions, one repeat group of
`--group-size` questions opened `--instances` times, about half answered, conditions on
most questions; and the largest shipped questionnaire (1.x, 308 questions, which earlier
interviews keep) on a realistic answered path: the worst case the desk re-evaluates.
Writes JSON (default benchmarks/results/questionnaire.json). Target (issue 3): < 5 ms to
re-evaluate 300 questions with 20 repeat instances.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain import Answer, ApproximateDate, KnowledgeSource
from app.domain.answers import (
    AnswerValue,
    ChoiceValue,
    DateValue,
    MultiChoiceValue,
    NumberValue,
    SourceValue,
    TextValue,
    TriState,
    TriStateValue,
)
from app.legal import default_catalogue
from app.questionnaire import check_file, coverage, evaluate, legacy_questionnaire, suggest
from app.questionnaire.model import Question, QuestionType
from app.questionnaire.prepared import Questionnaire

ELEMENTS = ("CAH.7.1.e.1", "CAH.7.1.e.2", "CAH.7.1.f.1", "CAH.7.1.f.2", "CAH.7.1.k.1")


def _question(qid: str, index: int, relevant: str | None) -> str:
    kind = ("yes_no", "single_choice", "long_text")[index % 3]
    lines = [
        f"- id: {qid}",
        f"  type: {kind}",
        f'  text: {{ko: "질문 {index}", en: "Question {index}"}}',
        f"  elements: [{ELEMENTS[index % len(ELEMENTS)]}]",
    ]
    if kind == "single_choice":
        lines.append("  choices:")
        for choice in ("a", "b", "c"):
            lines.append(
                f'    - {{id: {choice}, text: {{ko: "선택 {choice}", en: "Choice {choice}"}}}}'
            )
    if relevant:
        lines.append(f'  relevant: "{relevant}"')
    return "\n".join(lines)


def generated_text(questions: int, group_size: int, sections: int = 10) -> str:
    """A questionnaire of `questions` questions in `sections` sections, the last section
    holding a repeat group of `group_size` questions; each question after the first of a
    section depends on the one before it."""
    plain = questions - group_size
    per_section = plain // sections
    out = [
        "questionnaire: bench.generated",
        "version: 1.0.0",
        'title: {ko: "벤치마크", en: "Benchmark"}',
        "sections:",
    ]
    number = 0
    for s in range(sections):
        out.append(f"  - id: s{s}")
        out.append(f'    title: {{ko: "부분 {s}", en: "Section {s}"}}')
        if s > 0:
            out.append("    relevant: \"s0.q0 != 'no'\"")
        out.append("    items:")
        count = per_section + (plain - per_section * sections if s == sections - 1 else 0)
        previous: str | None = None
        for q in range(count):
            qid = f"s{s}.q{q}"
            relevant = _depends_on(previous, number) if previous else None
            out.append(_indent(_question(qid, number, relevant), 6))
            previous, number = (qid, number), number + 1
    out.append("  - id: g")
    out.append('    title: {ko: "반복", en: "Repeated"}')
    out.append("    items:")
    out.append("      - id: g.each")
    out.append("        type: group")
    out.append("        repeat: true")
    out.append('        title: {ko: "각각", en: "Each"}')
    out.append("        items:")
    previous = None
    for q in range(group_size):
        qid = f"g.each.q{q}"
        relevant = _depends_on(previous, number) if previous else None
        out.append(_indent(_question(qid, number, relevant), 10))
        previous, number = (qid, number), number + 1
    return "\n".join(out) + "\n"


def _depends_on(previous: tuple[str, int] | None, number: int) -> str | None:
    assert previous is not None
    qid, index = previous
    kind = index % 3
    if kind == 0:
        return f"{qid} != 'no'"
    if kind == 1:
        return f"{qid} in ['a', 'b'] or not answered({qid})"
    return f"answered({qid}) or {qid} == null"


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


def _value_for(question: Question, rng: random.Random) -> AnswerValue | None:
    kind = question.type
    if kind is QuestionType.YES_NO:
        return TriStateValue(value=rng.choice([TriState.YES, TriState.NO]))
    if kind is QuestionType.SINGLE_CHOICE and question.choices:
        return ChoiceValue(choice=rng.choice(question.choices).id)
    if kind is QuestionType.MULTI_CHOICE and question.choices:
        ids = [choice.id for choice in question.choices if choice.id != "none"]
        return MultiChoiceValue(choices=rng.sample(ids, k=min(2, len(ids))))
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        return TextValue(text="기록된 진술 recorded statement")
    if kind is QuestionType.NUMBER:
        return NumberValue(value=Decimal(rng.randint(1, 30)))
    if kind is QuestionType.SOURCE:
        return SourceValue(source=KnowledgeSource.SAW)
    if kind is QuestionType.DATE:
        return DateValue(date=ApproximateDate.year_of(rng.randint(1995, 2020)))
    return None


def _answers_for(questionnaire: Questionnaire, instances: int, rng: random.Random) -> list[Answer]:
    """About half of the questions answered, in every instance of the outer repeat groups."""
    interview = uuid.uuid4()
    answers: list[Answer] = []
    for node in questionnaire.structure.questions():
        if len(node.scope) > 1:
            continue
        positions = [f"{node.scope[0]}#{i}" for i in range(instances)] if node.scope else [""]
        for position in positions:
            value = _value_for(node.question, rng)
            if value is None or rng.random() < 0.5:
                continue
            answers.append(
                Answer(interview_id=interview, question_id=node.id, position=position, value=value)
            )
    return answers


def _opened(questionnaire: Questionnaire, instances: int) -> dict[tuple[str, str], int]:
    """Every outer repeat group opened `instances` times, answered or not."""
    return {
        (node.id, ""): instances
        for node in questionnaire.structure.nodes.values()
        if node.is_repeat and not node.scope
    }


def _timed(runs: int, work: Callable[[], object]) -> dict[str, float]:
    for _ in range(5):
        work()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        "max_ms": round(samples[-1], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--group-size", type=int, default=15)
    parser.add_argument("--instances", type=int, default=20)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/questionnaire.json"))
    args = parser.parse_args()
    rng = random.Random(7)
    catalogue = default_catalogue()
    elements = list(catalogue.elements.values())
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "generated.yaml"
        path.write_text(generated_text(args.questions, args.group_size), encoding="utf-8")
        checked = check_file(path, catalogue)
        start = time.perf_counter()
        checked = check_file(path, catalogue)
        check_ms = (time.perf_counter() - start) * 1000
    generated = checked.questionnaire
    assert generated is not None, [str(p) for p in checked.problems]
    answers = _answers_for(generated, args.instances, rng)
    opened = _opened(generated, args.instances)
    evaluation = evaluate(generated, answers, opened)
    slots = sum(1 for _ in evaluation.visible_questions())

    def generated_round() -> None:
        coverage(evaluate(generated, answers, opened), elements)

    # The largest shipped file (1.x) rather than the 120-question 2.0: the worst case.
    default = legacy_questionnaire()
    default_answers = _answers_for(default, 3, rng)
    default_opened = _opened(default, 3)

    def default_round() -> None:
        result = evaluate(default, default_answers, default_opened)
        suggest(result, coverage(result, elements), minutes_left=30)

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "generated": {
            "questions": args.questions,
            "repeat_group_questions": args.group_size,
            "instances": args.instances,
            "answers": len(answers),
            "visible_question_slots": slots,
            "check_ms": round(check_ms, 1),
            "evaluate_and_coverage": _timed(args.runs, generated_round),
        },
        "default_questionnaire": {
            "version": default.version,
            "questions": sum(1 for _ in default.structure.questions()),
            "answers": len(default_answers),
            "evaluate_coverage_suggest": _timed(args.runs, default_round),
        },
        "target_ms": 5,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
