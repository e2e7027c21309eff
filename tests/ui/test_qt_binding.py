"""Guards against a Qt binding that corrupts reference counts (PySide6 6.12.0 on Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_a_signal_keeps_the_reference_count_of_true() -> None:
    # PySide6 6.12.0 returns True from emit() without a new reference; on Python 3.11 (bool
    # not immortal) a few thousand emits later the interpreter aborts with "deallocating True".
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(500):
        emitter.fired.emit(n)
    assert len(received) == 500
    assert sys.getrefcount(True) > before - 100
