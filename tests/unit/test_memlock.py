"""`app.store.memlock`: the start raises the soft mlock limit to the hard one, and never
fails because of it."""

from __future__ import annotations

import resource
from collections.abc import Iterator

import pytest

from app.store import memlock


@pytest.fixture
def limits() -> Iterator[tuple[int, int]]:
    before, put_back = resource.getrlimit(resource.RLIMIT_MEMLOCK), resource.setrlimit
    yield before
    put_back(resource.RLIMIT_MEMLOCK, before)  # the real one, even if a test replaced it


def test_the_soft_limit_is_raised_to_the_hard_one(limits: tuple[int, int]) -> None:
    _soft, hard = limits
    if hard != resource.RLIM_INFINITY and hard < 4096:
        pytest.skip("the hard limit leaves no room to lower the soft one")
    resource.setrlimit(resource.RLIMIT_MEMLOCK, (4096, hard))  # lowering is always allowed
    assert memlock.raise_memlock_limit() == hard
    assert resource.getrlimit(resource.RLIMIT_MEMLOCK) == (hard, hard)


def test_a_refusal_does_not_stop_the_start(
    limits: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_which: int, _limits: tuple[int, int]) -> None:
        raise ValueError("not allowed")

    resource.setrlimit(resource.RLIMIT_MEMLOCK, (0, limits[1]))
    monkeypatch.setattr(resource, "setrlimit", refuse)
    assert memlock.raise_memlock_limit() is None


def test_the_command_line_raises_it_before_anything_else(
    limits: tuple[int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main

    resource.setrlimit(resource.RLIMIT_MEMLOCK, (0, limits[1]))
    with pytest.raises(SystemExit):
        main(["--version"])
    assert resource.getrlimit(resource.RLIMIT_MEMLOCK)[0] == limits[1]
