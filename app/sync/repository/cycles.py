"""Python's cycle collector paused while an analysis verb reads the whole repository.

A verb at 10,000 interviews builds some hundred thousand small containers (each
record's facts as a dict, each statement, each cell) that all live until it answers;
every few thousand allocations the collector walks the young ones, and more and more
often the old ones too, finding nothing: none of them is in a cycle. Measured on the
matrix at 10,000 interviews that walk was a third of its CPU time (0.6 → 0.4 s,
docs/benchmarks.md). Reference counting frees everything a verb drops, as before; the
collector runs again as soon as the outermost verb returns.

The desk switches automatic collection off itself before it starts a worker that runs
verbs (ui/collector.py, collected on the UI thread instead): a verb finds it off and
leaves it off. Only a verb that found it on switches it on again.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_depth = 0
_was_enabled = False


def _pause() -> None:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1


def _resume() -> None:
    global _depth
    with _lock:
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()


def paused(verb: Callable[P, R]) -> Callable[P, R]:
    """`verb` run with automatic cycle collection off (nested verbs and verbs on other
    threads share one pause; the state found by the first is restored by the last)."""

    @functools.wraps(verb)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        _pause()
        try:
            return verb(*args, **kwargs)
        finally:
            _resume()

    return run
