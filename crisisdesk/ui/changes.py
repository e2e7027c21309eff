"""Bridges the Qt-free change bus into one Qt signal on the GUI thread, coalescing bursts."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from crisisdesk.domain import Changes
from crisisdesk.services.events import BUS, ChangeBus

# A sync burst can announce hundreds of changes a second; panes reload at most this often.
DEFAULT_INTERVAL_MS = 200


class ChangesBridge(QObject):
    """Emits `changed(Changes, initiator)` on the GUI thread, at most once per interval."""

    changed = Signal(object, object)
    _incoming = Signal(object, object)  # emitted from any thread, received on the GUI thread

    def __init__(
        self,
        bus: ChangeBus = BUS,
        *,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pending: Changes | None = None
        self._initiator: object | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        self._incoming.connect(self._collect)
        self._unsubscribe = bus.subscribe(self._on_bus)
        self.destroyed.connect(self._unsubscribe)

    def _on_bus(self, changes: Changes, initiator: object | None) -> None:
        # Runs on whichever thread emitted; the queued signal hops to the GUI thread.
        self._incoming.emit(changes, initiator)

    @Slot(object, object)
    def _collect(self, changes: Changes, initiator: object | None) -> None:
        if self._pending is None:
            self._pending, self._initiator = changes, initiator
        else:
            self._pending = self._pending | changes
            if self._initiator is not initiator:
                self._initiator = None  # a mixed burst has no single initiator
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def flush(self) -> None:
        """Deliver what has been collected now (also called by the timer)."""
        self._timer.stop()
        pending, initiator = self._pending, self._initiator
        self._pending, self._initiator = None, None
        if pending is not None:
            self.changed.emit(pending, initiator)

    def close(self) -> None:
        """Stop listening to the bus (the window is closing)."""
        self._unsubscribe()
        self._timer.stop()
