"""The index keys of many texts computed in a second process, while this one writes the
keys of the batch before into the database (app/search/index.py).

Indexing is two kinds of work, one after the other on one core: cutting each text into
keys and finding the names it holds (Python: about 40 % of a rebuild), and writing those
keys into FTS5 and `search_docs` (SQLite under `cipher_memory_security`, which locks and
wipes every block it allocates: the rest). The second core stays idle. SQLite's part must
stay in this process (it holds the database key); the Python part needs only the texts.
A thread would not help: the keys are pure Python and hold the GIL, and a thread that
holds it makes every SQLite call of the writing thread wait for it (5 ms each).

So a large indexing (`PARALLEL_FROM` records or more: a rebuild, the first index after
an update), when a second core is idle (`a_core_is_free`), starts a child: this module's
`serve` in a new interpreter (in the bundle, the `sillok` executable with
`KEY_WORKER_ARG`, packaging/sillok_entry.py). Through its standard input
it gets the name finder once (the same object, so the same keys), then batches of texts;
through its standard output it gives back, batch by batch in the same order, what
`groups.record_keys` gives for each text. The results are the same as computed here: the
child runs the same function on the same texts with the same finder.

What the child holds: the texts of the batches it is given and their keys, in ordinary
memory, as the indexing process's Python objects do; never the database key nor any page
of the database (it opens nothing, writes no file: it only reads its pipe and writes its
pipe). It refuses core dumps. It ends when its input closes: when indexing ends, or when
the process that started it ends in any way (killed too). If it cannot be started, or
fails, or dies, the keys are computed here and nothing is lost (the indexing is one
transaction; a killed one is rolled back and done again at the next search).
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from app.search.groups import Keys, Words, record_keys
from app.search.names import NameFinder

KeysOf = tuple[Keys, str, Words]
"""What `groups.record_keys` gives for one text."""

PARALLEL_FROM = 4000
"""Records queued from which a child computes the keys (below, starting it costs more
than it saves: importing the search code and compiling the name patterns it meets)."""


def a_core_is_free() -> bool:
    """Whether a second core is idle (the load average of the last minute at most the
    cores less one; assumed where the system gives none). On a busy machine the child
    only takes time from this process (the scheduler shares the CPU between a session's
    processes) and costs more in all: measured, a rebuild took 1.5 times as long at a load
    of 7 on 2 cores (docs/benchmarks.md)."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return True
    return load <= cores - 1


KEY_WORKER_ARG = "--search-key-worker"
"""The argument with which the bundled executable runs `serve` instead of the app."""

_HEADER = struct.Struct("!Q")


def _send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message, or raises EOFError when the other side closed."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    # only ever from the process at the other end of our own pipe, running this code
    return pickle.loads(data)  # noqa: S301


def compute(finder: NameFinder, texts: Sequence[str]) -> list[KeysOf]:
    """The keys of each text, as the child computes them."""
    return [record_keys(finder, text) for text in texts]


def _no_core_dumps() -> None:
    """The child holds texts of testimony: no core file, and (Linux) no other process
    of the same user may read its memory through ptrace or /proc."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX
        pass
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_dumpable = 4
        try:
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover
            pass


def serve(source: IO[bytes] | None = None, sink: IO[bytes] | None = None) -> int:
    """The child: the finder, then batches of texts until its input closes. Input is read
    by a thread, so that the parent can always send the next batch while this one sends
    the keys of the last (neither waits for the other to read)."""
    _no_core_dumps()
    if source is None or sink is None:
        source = sys.stdin.buffer
        # nothing but results on the pipe: whatever prints goes to standard error
        sink = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                inbox.put(_receive(source))
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=read, daemon=True).start()
    finder = inbox.get()
    if not isinstance(finder, NameFinder):
        return 0
    while (texts := inbox.get()) is not None:
        try:
            _send(sink, compute(finder, texts))
        except (BrokenPipeError, OSError):
            return 0
    return 0


def _command() -> tuple[list[str], Path | None]:
    if getattr(sys, "frozen", False):
        return [sys.executable, KEY_WORKER_ARG], None
    # the project's folder, so that `app` is found even when it is not installed
    return [sys.executable, "-c", _RUN], Path(__file__).resolve().parents[2]


_RUN = "from app.search.key_worker import serve; raise SystemExit(serve())"


class KeyWorker:
    """The keys of batches of texts, in the order given: `submit` texts (the child
    starts on them at once), then `result` gives each batch's keys in turn. Without a
    child (`parallel=False`, or it could not start or failed), `result` computes them
    here. Use as a context manager: the child is ended on leaving."""

    def __init__(self, finder: NameFinder, parallel: bool) -> None:
        self._finder = finder
        self._process: subprocess.Popen[bytes] | None = None
        self._waiting: deque[tuple[Sequence[str], bool]] = deque()
        self.from_child = 0
        """Batches whose keys the child computed."""
        if parallel:
            self._start()

    @property
    def parallel(self) -> bool:
        """Whether a child computes the keys (it may stop: then they are computed here)."""
        return self._process is not None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return None if self._process is None else self._process.pid

    def _start(self) -> None:
        command, folder = _command()
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd=folder,
                close_fds=True,
            )
            assert self._process.stdin is not None
            _send(self._process.stdin, self._finder)
        except OSError:
            self._stop()

    def submit(self, texts: Sequence[str], here: bool = False) -> None:
        """Hand over a batch (`here`: its keys will be computed in this process, as the
        first batch is while the child starts)."""
        sent = False
        if not here and self._process is not None and self._process.stdin is not None:
            try:
                _send(self._process.stdin, list(texts))
                sent = True
            except OSError:
                self._stop()
        self._waiting.append((texts, sent))

    def result(self) -> list[KeysOf]:
        """The keys of the oldest batch submitted and not yet returned."""
        texts, sent = self._waiting.popleft()
        if sent and self._process is not None and self._process.stdout is not None:
            try:
                found: list[KeysOf] = _receive(self._process.stdout)
                if len(found) == len(texts):
                    self.from_child += 1
                    return found
            except (EOFError, OSError, pickle.UnpicklingError):
                pass
            self._stop()  # the child failed: every batch from this one on is done here
        return compute(self._finder, texts)

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> KeyWorker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop()
