"""The Qt binding must not leak references to None, True or False.

PySide6 6.12.0 took one reference to None away on every call that returns nothing
(`setText`, `processEvents`…) and one to True on every signal emission: after some tens of
thousands of calls — a long interview — Python aborts ("deallocating None"). The pinned
version must pass this test; it fails within seconds on 6.12.0.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit

CALLS = 3000


class _Emitter(QObject):
    changed = Signal(object)


def test_calls_and_signals_keep_the_refcounts_of_none_and_the_booleans(qapp: QApplication) -> None:
    field = QLineEdit()
    emitter = _Emitter()
    emitter.changed.connect(lambda _value: None)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for index in range(CALLS):
        field.setText(str(index % 10))
        emitter.changed.emit(index)
        qapp.processEvents()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # a few references may come and go with the objects above, never thousands
    assert all(abs(a - b) < CALLS // 10 for a, b in zip(after, before, strict=True)), (
        before,
        after,
    )
