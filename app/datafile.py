"""Reading a YAML data file (questionnaire, legal catalogue, reference data) while
remembering where each part of it was written.

`check` tells a legal officer the line of every problem, so the loader keeps a map from
each value's path (`("sections", 2, "items", 0, "text", "ko")`) to its line. It also
refuses a key written twice in one mapping, which plain YAML loading would let the
second silently replace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it (it is 10× faster), the same rules."""

PathPart = str | int
DataPath = tuple[PathPart, ...]


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str


@dataclass
class SourceFile:
    """A parsed file: its data, the line of every path in it, and its YAML problems."""

    path: Path
    data: Any = None
    lines: dict[DataPath, int] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def line_of(self, path: Iterable[PathPart]) -> int:
        """The line of `path`, or of its nearest enclosing part that has one."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), 1)


def read_source(path: Path, text: str | None = None) -> SourceFile:
    """Parse `path` (or `text`, named `path`), collecting problems instead of raising."""
    source = SourceFile(path=path)
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                source.data = loader.construct_document(node)
        finally:
            loader.dispose()
    except OSError as error:
        source.problems.append(YamlProblem(1, f"the file cannot be read ({error.strerror})"))
        return source
    except UnicodeDecodeError as error:
        source.problems.append(YamlProblem(1, f"the file is not UTF-8 text ({error.reason})"))
        return source
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        source.problems.append(YamlProblem(line, str(error.problem or error)))
        return source
    except yaml.YAMLError as error:
        source.problems.append(YamlProblem(1, str(error)))
        return source
    if node is not None:
        _walk(node, (), source)
    return source


def _walk(node: yaml.Node, path: DataPath, source: SourceFile) -> None:
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key in seen:
                source.problems.append(
                    YamlProblem(
                        line, f"duplicate key {key!r}: written twice (first on line {seen[key]})"
                    )
                )
            seen[key] = line
            if isinstance(key, str):
                source.lines.setdefault((*path, key), line)
                _walk(value_node, (*path, key), source)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, (*path, index), source)


def data_path(loc: Iterable[PathPart], data: Any) -> DataPath:
    """The path in `data` of a pydantic error location, without the union tags pydantic
    inserts (`question`, `group`…) that are not part of the file."""
    path: list[PathPart] = []
    current = data
    for part in loc:
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
        elif isinstance(current, dict) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, dict) and isinstance(part, str) and not path_is_tag(part):
            path.append(part)  # a missing field: point at the mapping that lacks it
            current = None
    return tuple(path)


_UNION_TAGS = frozenset({"question", "note", "group"})


def path_is_tag(part: str) -> bool:
    return part in _UNION_TAGS or part.startswith("function-")


def owner_id(data: Any, path: DataPath) -> str | None:
    """The `id` of the innermost section, group or question along `path` (a choice's id
    is not an item id: a problem with a choice belongs to its question)."""
    found: str | None = None
    current = data
    within_choices = False
    for part in (*path, None):
        if isinstance(current, dict) and isinstance(current.get("id"), str) and not within_choices:
            found = current["id"]
        if part is None:
            break
        if isinstance(part, str):
            within_choices = part == "choices"
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
    return found
