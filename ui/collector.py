"""Python's cycle collector, run on the UI thread only.

Automatic collection starts on whichever thread happens to allocate past a threshold: on
the storage worker it freed Qt objects made on the UI thread, and one such destructor
held Qt's connection lock while waiting for Python's, which the UI thread held while
waiting for Qt's. The desk froze for good (seen in the suite: tests/ui/test_collector.py).

So automatic collection is switched off while a worker thread runs, and a timer on the
UI thread collects instead: the youngest generation each second when it holds anything
(cheap: it is small), the older ones as their own thresholds say, as Python would have.
Reference counting still frees everything that is not in a cycle at once, as before.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 1000


class UiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    def collect(self) -> None:
        young, middle, old = gc.get_count()
        if young <= 0:
            return
        if old > self.threshold[2]:
            gc.collect(2)
        elif middle > self.threshold[1]:
            gc.collect(1)
        else:
            gc.collect(0)


_holders: list[object] = []
_collector: list[UiThreadCollector] = []


def hold(holder: object) -> None:
    """`holder` starts a worker thread: from now on only the UI thread collects. Call on
    the UI thread, once the application exists, before the thread starts."""
    application = QCoreApplication.instance()
    if application is None:
        return
    if not _collector:
        _collector.append(UiThreadCollector(application))
    _holders.append(holder)


def release(holder: object) -> None:
    """`holder`'s worker thread has finished; with no other left, Python collects as it
    always does again (a process that no longer runs the event loop, such as the test
    suite between windows, would otherwise never collect)."""
    if holder in _holders:
        _holders.remove(holder)
    if not _holders and _collector:
        collector = _collector.pop()
        collector.timer.stop()
        collector.deleteLater()
        gc.enable()
