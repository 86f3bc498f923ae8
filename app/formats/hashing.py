"""SHA-256 on a second thread, so hashing overlaps encryption and disk writes.

hashlib releases the GIL while it hashes more than 2 KiB, so a package write hashes the
content (for the manifest) and the package file (for the next package's link) while the
main thread encrypts. Only immutable `bytes` are queued; the queue is bounded (64 items),
so memory stays small whatever the size.
"""

from __future__ import annotations

import hashlib
import queue
import threading


class BackgroundSha256:
    def __init__(self) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._digest = hashlib.sha256()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            self._digest.update(item)

    def update(self, data: bytes) -> None:
        self._queue.put(data)

    def stop(self) -> None:
        """Wait for the thread to finish (also on an error path); idempotent."""
        if not self._stopped:
            self._stopped = True
            self._queue.put(None)
            self._thread.join()

    def hexdigest(self) -> str:
        self.stop()
        return self._digest.hexdigest()
