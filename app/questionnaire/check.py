"""`sillok questionnaire check`: every problem of a questionnaire file, with its place.

The problems are those of `docs/questionnaire-format.md` ("What check reports"). A file
with none is compiled into a `Questionnaire` the engine can use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from app.datafile import DataPath, SourceFile, data_path, owner_id, path_is_tag, read_source
from app.questionnaire.compile import Compiled, CompileError, compile_condition
from app.questionnaire.expression import ExpressionError, parse
from app.questionnaire.instrument import instrument_findings
from app.questionnaire.model import Group, Question, QuestionnaireFile
from app.questionnaire.prepared import Questionnaire, dependencies, evaluation_order
from app.questionnaire.reach import unreachable
from app.questionnaire.structure import Node, NodeKind, Structure, build_structure


class ElementCatalogue(Protocol):
    def is_known(self, element_id: str) -> bool: ...


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    code: str
    item: str | None
    message: str

    def __str__(self) -> str:
        item = f" {self.item}:" if self.item else ""
        return f"{self.file}:{self.line}: [{self.code}]{item} {self.message}"


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    questionnaire: Questionnaire | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.questionnaire is not None


def check_file(path: Path, catalogue: ElementCatalogue, text: str | None = None) -> CheckResult:
    """Check the questionnaire at `path` (or `text`, reported as `path`)."""
    source = read_source(path, text)
    checker = _Checker(source, catalogue)
    return checker.run()


class _Checker:
    def __init__(self, source: SourceFile, catalogue: ElementCatalogue) -> None:
        self.source = source
        self.catalogue = catalogue
        self.result = CheckResult()
        self.structure = Structure()

    def report(self, code: str, path: DataPath, message: str, item: str | None = None) -> None:
        line = self.source.line_of(path)
        if item is None:
            item = owner_id(self.source.data, path)
        self.result.problems.append(Problem(str(self.source.path), line, code, item, message))

    def run(self) -> CheckResult:
        for problem in self.source.problems:
            self.result.problems.append(
                Problem(str(self.source.path), problem.line, "yaml", None, problem.message)
            )
        if self.source.data is None and not self.source.problems:
            self.report("schema", (), "the file is empty")
        if self.result.problems:
            return self.result
        try:
            model = QuestionnaireFile.model_validate(self.source.data)
        except ValidationError as error:
            self._schema_problems(error)
            return self.result
        self._analyse(model)
        return self.result

    def _schema_problems(self, error: ValidationError) -> None:
        for detail in error.errors():
            path = data_path(detail["loc"], self.source.data)
            last = str(detail["loc"][-1]) if detail["loc"] else ""
            message = str(detail["msg"]).removeprefix("Value error, ")
            if last in ("ko", "en"):
                language = "Korean" if last == "ko" else "English"
                if detail["type"] == "missing":
                    message = f"the {language} text is missing"
                self.report("translation", path, message)
            else:
                self.report("schema", path, f"{_field(detail['loc'])}: {message}")

    def _analyse(self, model: QuestionnaireFile) -> None:
        structure = self.structure = build_structure(model)
        prepared = Questionnaire(model, structure, self.source.path)
        for duplicate in structure.duplicates:
            first = self.source.line_of(duplicate.first)
            self.report(
                "duplicate-id",
                duplicate.path,
                f"the id is already used on line {first}",
                duplicate.id,
            )
        for node in structure.nodes.values():
            self._check_node(node, prepared)
        self._check_out_of_scope(prepared)
        for finding in instrument_findings(prepared):
            self.report(finding.code, finding.path, finding.message, finding.item)
        graph = dependencies(structure, prepared.relevant)
        prepared.order, cycles = evaluation_order(structure, graph)
        for cycle in cycles:
            head = structure.nodes[cycle[0]]
            ring = " → ".join([*cycle, cycle[0]])
            self.report("cycle", head.path, f"conditions depend on each other: {ring}", head.id)
        if self.result.problems:
            return
        for node_id in unreachable(prepared):
            node = structure.nodes[node_id]
            self.report(
                "unreachable",
                (*node.path, "relevant"),
                "this condition can never be true, so the item is never shown",
                node_id,
            )
        if not self.result.problems:
            self.result.questionnaire = prepared

    def _check_node(self, node: Node, prepared: Questionnaire) -> None:
        item = node.item
        relevant = self._compile(node, "relevant", item.relevant, node.scope, None)
        if relevant is not None:
            prepared.relevant[node.id] = relevant
        if isinstance(item, Group) and item.label is not None:
            self._check_label(node, item.label, prepared)
        if not isinstance(item, Question):
            return
        self._check_choices(node, item)
        for index, element in enumerate(item.elements):
            if not self.catalogue.is_known(element):
                self.report(
                    "unknown-element",
                    (*node.path, "elements", index),
                    f"{element} is not in the legal catalogue",
                )
        for index, about in enumerate(item.about or []):
            if prepared.structure.nodes.get(about) is None:
                self.report(
                    "unknown-question", (*node.path, "about", index), f"no question {about!r}"
                )
        constraint = self._compile(node, "constraint", item.constraint, node.scope, item)
        if constraint is not None:
            prepared.constraints[node.id] = constraint
        evidence = self._compile(node, "evidence_when", item.evidence_when, node.scope, item)
        if evidence is not None:
            prepared.evidence[node.id] = evidence

    def _check_label(self, node: Node, label: str, prepared: Questionnaire) -> None:
        target = prepared.structure.nodes.get(label)
        if target is None or target.kind is not NodeKind.QUESTION:
            self.report("unknown-question", (*node.path, "label"), f"no question {label!r}")
        elif target.scope != node.inner_scope:
            self.report("scope", (*node.path, "label"), f"{label!r} is not directly in this group")

    def _check_choices(self, node: Node, question: Question) -> None:
        seen: set[str] = set()
        for index, choice in enumerate(question.choices or []):
            if choice.id in seen:
                self.report(
                    "duplicate-id",
                    (*node.path, "choices", index),
                    f"the choice {choice.id!r} is listed twice",
                )
            seen.add(choice.id)

    def _compile(
        self,
        node: Node,
        field_name: str,
        text: str | None,
        scope: tuple[str, ...],
        own: Question | None,
    ) -> Compiled | None:
        if text is None:
            return None
        path = (*node.path, field_name)
        try:
            return compile_condition(parse(text), self.structure, scope, own)
        except ExpressionError as error:
            self.report("expression", path, f"{field_name}: {error} (column {error.column})")
        except CompileError as error:
            self.report(error.code, path, f"{field_name}: {error} (column {error.column})")
        return None

    def _check_out_of_scope(self, prepared: Questionnaire) -> None:
        asked = prepared.element_ids()
        for index, entry in enumerate(prepared.file.out_of_scope):
            path = ("out_of_scope", index, "element")
            if not self.catalogue.is_known(entry.element):
                self.report("out-of-scope", path, f"{entry.element} is not in the legal catalogue")
            elif entry.element in asked:
                self.report(
                    "out-of-scope",
                    path,
                    f"{entry.element} is listed as out of scope but a question asks about it",
                )


def _field(loc: Iterable[Any]) -> str:
    parts = [str(part) for part in loc if not isinstance(part, int)]
    named = [part for part in parts if not path_is_tag(part)]
    return named[-1] if named else "file"
