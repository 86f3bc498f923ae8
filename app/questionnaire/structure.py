"""The questionnaire as a flat index of its items: where each one sits, in which section
and inside which repeat groups. Both `check` and the engine work from this index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from app.datafile import DataPath
from app.questionnaire.model import Group, Item, Note, Question, QuestionnaireFile, Section

Scope = tuple[str, ...]
"""The ids of the repeat groups around an item, outermost first."""


class NodeKind(StrEnum):
    SECTION = "section"
    GROUP = "group"
    QUESTION = "question"
    NOTE = "note"


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    item: Section | Group | Question | Note
    path: DataPath
    parent: str | None
    section: str
    scope: Scope
    """The repeat groups around the node. A repeat group's own scope does not include it:
    its `relevant` decides, in the enclosing instance, whether it is shown at all."""
    order: int

    @property
    def inner_scope(self) -> Scope:
        """The scope of the node's children (a repeat group adds itself)."""
        if isinstance(self.item, Group) and self.item.repeat:
            return (*self.scope, self.id)
        return self.scope

    @property
    def is_repeat(self) -> bool:
        return isinstance(self.item, Group) and self.item.repeat

    @property
    def question(self) -> Question:
        assert isinstance(self.item, Question)
        return self.item


@dataclass(frozen=True)
class Duplicate:
    id: str
    path: DataPath
    first: DataPath


@dataclass
class Structure:
    nodes: dict[str, Node] = field(default_factory=dict)
    """Every section, group, question and note, in the order of the file."""
    children: dict[str | None, list[str]] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def questions(self) -> Iterator[Node]:
        return (node for node in self.nodes.values() if node.kind is NodeKind.QUESTION)

    def sections(self) -> list[Node]:
        return [self.nodes[node_id] for node_id in self.children.get(None, [])]

    def ancestors(self, node_id: str) -> Iterator[Node]:
        """The node's parent, its parent's parent… up to its section."""
        parent = self.nodes[node_id].parent
        while parent is not None:
            node = self.nodes[parent]
            yield node
            parent = node.parent


def build_structure(questionnaire: QuestionnaireFile) -> Structure:
    structure = Structure()
    for index, section in enumerate(questionnaire.sections):
        path: DataPath = ("sections", index)
        _add(structure, section, NodeKind.SECTION, path, None, section.id, ())
        _add_items(structure, section.items, (*path, "items"), section.id, section.id, ())
    return structure


def _add_items(
    structure: Structure,
    items: list[Item],
    path: DataPath,
    parent: str,
    section: str,
    scope: Scope,
) -> None:
    for index, item in enumerate(items):
        item_path = (*path, index)
        if isinstance(item, Group):
            node = _add(structure, item, NodeKind.GROUP, item_path, parent, section, scope)
            if node is not None:
                inner = node.inner_scope
                _add_items(structure, item.items, (*item_path, "items"), item.id, section, inner)
        elif isinstance(item, Note):
            _add(structure, item, NodeKind.NOTE, item_path, parent, section, scope)
        else:
            _add(structure, item, NodeKind.QUESTION, item_path, parent, section, scope)


def _add(
    structure: Structure,
    item: Section | Group | Question | Note,
    kind: NodeKind,
    path: DataPath,
    parent: str | None,
    section: str,
    scope: Scope,
) -> Node | None:
    existing = structure.nodes.get(item.id)
    if existing is not None:
        structure.duplicates.append(Duplicate(item.id, path, existing.path))
        return None
    node = Node(item.id, kind, item, path, parent, section, scope, len(structure.nodes))
    structure.nodes[item.id] = node
    structure.children.setdefault(parent, []).append(item.id)
    return node
