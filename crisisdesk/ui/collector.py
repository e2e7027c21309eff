"""Cyclic garbage collected on the GUI thread only.

Python's automatic collection runs in whichever thread happens to allocate when a
threshold is passed: in the window, often a sync or background-op thread. Qt objects caught
in reference cycles (a widget and a lambda that names it) would then be destroyed on that
thread, which Qt does not allow and which can crash the program. So the window turns
automatic collection off and collects from a timer on the GUI thread instead (the recipe
calibre and other PyQt programs use).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from crisisdesk.collector import collect_due

INTERVAL_MS = 500  # short enough that each young collection stays small


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on a GUI-thread timer while it lives."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_due)
        self._timer.start()
        self.destroyed.connect(lambda *_: gc.enable())


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector on the application (once)."""
    found = app.findChild(GuiThreadCollector)
    return found if isinstance(found, GuiThreadCollector) else GuiThreadCollector(app)
