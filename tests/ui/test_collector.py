"""Cyclic garbage in the window's process is collected on the GUI thread, never on a worker."""

from __future__ import annotations

import gc
import threading

import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from crisisdesk.ui.collector import GuiThreadCollector


def test_a_qt_object_in_a_cycle_dies_on_the_gui_thread_not_on_a_busy_worker(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    gc.enable()
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        where: list[threading.Thread] = []
        holder = QObject()
        holder.destroyed.connect(lambda *_: where.append(threading.current_thread()))
        cycle: dict[str, object] = {"qt": holder}
        cycle["self"] = cycle  # only the cyclic collector can free it, and the Qt object in it
        del holder, cycle
        # A worker allocating far past the collection thresholds, as a sync thread does:
        # with automatic collection on, the cycle would be collected (and the Qt object
        # destroyed) on this thread.
        worker = threading.Thread(target=lambda: [[] for _ in range(100_000)])
        worker.start()
        worker.join()
        assert where == []
        young = [[] for _ in range(2 * gc.get_threshold()[0])]  # a collection is now due
        qtbot.waitUntil(lambda: bool(where), timeout=3000)
        del young
        assert where == [threading.main_thread()]
    finally:
        shiboken6.delete(collector)
    assert gc.isenabled()  # the collector gone, automatic collection is back
    if not was_enabled:
        gc.disable()
