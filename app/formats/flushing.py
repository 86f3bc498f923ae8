"""Writing a large file so that it reaches the disk while it is being written.

A package is written to a USB stick and must be on the stick when the writer says it is
done (fsync). Left to itself, the kernel keeps most of a 1 GB file in memory and the final
fsync then waits for all of it: seconds on a disk, minutes on a slow stick, with the
progress bar at 100 %. `BackgroundFlush` flushes what is written to the disk on a second
thread every `every` bytes, while the writer goes on encrypting, so that the disk works in
parallel and the final fsync waits only for the tail.
"""

from __future__ import annotations

import os
import threading
from typing import BinaryIO

FLUSH_EVERY = 32 * 1024 * 1024


class BackgroundFlush:
    def __init__(self, file: BinaryIO, every: int = FLUSH_EVERY) -> None:
        self._file = file
        self._every = every
        self._since = 0
        self._wanted = threading.Event()
        self._stopping = False
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="flush", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._stopping:
                return
            try:
                os.fdatasync(self._file.fileno())
            except OSError as error:  # reported to the writer at its next write
                self._error = error
                return

    def wrote(self, count: int) -> None:
        """Count bytes just written to the file; raises what the flushing thread met."""
        if self._error is not None:
            raise self._error
        self._since += count
        if self._since >= self._every:
            self._since = 0
            self._file.flush()  # Python's buffer to the kernel; the thread does the rest
            self._wanted.set()  # at most one pending request: a busy disk is not queued up

    def finish(self) -> None:
        """Stop the thread, then fsync the whole file (data and size); idempotent."""
        self.stop()
        if self._error is not None:
            raise self._error
        self._file.flush()
        os.fsync(self._file.fileno())

    def stop(self) -> None:
        if self._thread.is_alive():
            self._stopping = True
            self._wanted.set()
            self._thread.join()
