"""A questionnaire ready to use: its file, its index, its compiled conditions and the
order in which the engine evaluates its items (each after everything it depends on)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.questionnaire.compile import Compiled
from app.questionnaire.model import QuestionnaireFile
from app.questionnaire.structure import Node, Structure


@dataclass
class Questionnaire:
    file: QuestionnaireFile
    structure: Structure
    path: Path
    relevant: dict[str, Compiled] = field(default_factory=dict)
    constraints: dict[str, Compiled] = field(default_factory=dict)
    evidence: dict[str, Compiled] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    """Every node id, each after the nodes its visibility depends on."""

    @property
    def id(self) -> str:
        return self.file.questionnaire

    @property
    def version(self) -> str:
        return self.file.version

    def node(self, node_id: str) -> Node:
        return self.structure.nodes[node_id]

    def element_ids(self) -> set[str]:
        """Every legal element some question of this questionnaire can give evidence for."""
        return {
            element for node in self.structure.questions() for element in node.question.elements
        }


def dependencies(structure: Structure, relevant: Mapping[str, Compiled]) -> dict[str, set[str]]:
    """For each node, the nodes its visibility depends on: its parent and what its
    `relevant` condition reads."""
    graph: dict[str, set[str]] = {}
    for node_id, node in structure.nodes.items():
        needs = set(relevant[node_id].depends_on) if node_id in relevant else set()
        if node.parent is not None:
            needs.add(node.parent)
        graph[node_id] = needs
    return graph


def evaluation_order(
    structure: Structure, graph: Mapping[str, set[str]]
) -> tuple[list[str], list[list[str]]]:
    """Nodes in dependency order (file order where free), and the cycles that prevent it."""
    waiting = {node_id: len(needs) for node_id, needs in graph.items()}
    needed_by: dict[str, list[str]] = {node_id: [] for node_id in graph}
    for node_id, needs in graph.items():
        for need in needs:
            needed_by[need].append(node_id)
    ready = [(structure.nodes[n].order, n) for n, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, node_id = heapq.heappop(ready)
        order.append(node_id)
        for dependant in needed_by[node_id]:
            waiting[dependant] -= 1
            if waiting[dependant] == 0:
                heapq.heappush(ready, (structure.nodes[dependant].order, dependant))
    stuck = {node_id for node_id, count in waiting.items() if count > 0}
    return order, _cycles(graph, stuck)


def _cycles(graph: Mapping[str, set[str]], stuck: set[str]) -> list[list[str]]:
    """One cycle through each group of nodes stuck waiting on each other."""
    cycles: list[list[str]] = []
    seen: set[str] = set()
    for start in sorted(stuck):
        if start in seen:
            continue
        path: list[str] = [start]
        position = {start: 0}
        current = start
        while True:
            following = sorted(n for n in graph[current] if n in stuck)
            if not following:  # pragma: no cover - a stuck node always waits on a stuck one
                break
            current = following[0]
            if current in position:
                cycle = path[position[current] :]
                if not seen.intersection(cycle):
                    cycles.append(cycle)
                break
            position[current] = len(path)
            path.append(current)
        seen.update(path)
    return cycles
