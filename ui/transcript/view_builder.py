"""Building the segments' views of a long transcript a few at a time.

A two-hour session has about 300 segments, and one segment's widgets take a few
milliseconds to make: building them all at once held the window for about a second when
the transcript opened. The views are built in document order: the first FIRST_SLICE at once
(more than fill the window), the rest in slices of about SLICE_SECONDS whenever the event
loop is idle, so keys and clicks are handled between two slices. Views exist for a prefix
of the document (`built`); asking for a view beyond it (`build_until`) builds up to it at
once, so a caller never sees a missing view.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol
from uuid import UUID

from PySide6.QtCore import QObject, QTimer, Signal

FIRST_SLICE = 12
SLICE_SECONDS = 0.008


class Identified(Protocol):
    @property
    def id(self) -> UUID: ...


class ViewBuilder(QObject):
    finished = Signal()
    """Every segment has its view."""

    def __init__(
        self,
        segments: Callable[[], Sequence[Identified]],
        has_view: Callable[[UUID], bool],
        make_view: Callable[[int, UUID], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.segments = segments
        self.has_view = has_view
        self.make_view = make_view
        self.built = 0
        """Views exist for the first `built` segments of the document."""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)  # when the event loop has nothing else to do
        self.timer.timeout.connect(self._slice)
        self._announced = False

    @property
    def done(self) -> bool:
        return self.built >= len(self.segments())

    def start(self) -> None:
        """Build the first views now and the others in idle-time slices."""
        self.built = 0
        self._announced = False
        self.build_until(FIRST_SLICE)
        self._next()

    def build_until(self, count: int) -> None:
        """Views for (at least) the first `count` segments, now."""
        segments = self.segments()
        while self.built < min(count, len(segments)):
            segment_id = segments[self.built].id
            if not self.has_view(segment_id):
                self.make_view(self.built, segment_id)
            self.built += 1

    def build_all(self) -> None:
        """Every missing view, in document order (also after a segment moved across the
        end of the built ones)."""
        segments = self.segments()
        for index, segment in enumerate(segments):
            if not self.has_view(segment.id):
                self.make_view(index, segment.id)
        self.built = len(segments)
        self._next()

    # -- the document changed -------------------------------------------------------------

    def inserted(self, index: int) -> bool:
        """A segment was inserted at `index`: True if its view is to be made now (it lies
        within the built views); later ones are built by the slices."""
        if index <= self.built:
            self.built += 1
            return True
        return False

    def removed(self, had_view: bool) -> None:
        if had_view:
            self.built -= 1

    # -- inside ---------------------------------------------------------------------------

    def _slice(self) -> None:
        deadline = time.perf_counter() + SLICE_SECONDS
        while not self.done and time.perf_counter() < deadline:
            self.build_until(self.built + 1)
        self._next()

    def _next(self) -> None:
        if not self.done:
            self.timer.start()
        elif not self._announced:
            self._announced = True
            self.timer.stop()
            self.finished.emit()
