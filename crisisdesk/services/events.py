"""The one "changes" event: services announce what changed, panes decide what to reload."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from crisisdesk.domain import Changes

log = logging.getLogger(__name__)

Listener = Callable[[Changes, object | None], None]


class ChangeBus:
    """A thread-safe publish/subscribe channel for Changes values."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, fn: Listener) -> Callable[[], None]:
        """Call fn(changes, initiator) on every emit; returns the unsubscribe function."""
        with self._lock:
            self._listeners.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._listeners:
                    self._listeners.remove(fn)

        return unsubscribe

    def emit(self, changes: Changes, initiator: object | None = None) -> None:
        """Tell every listener, on the calling thread; one failing listener does not stop the rest."""
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            try:
                fn(changes, initiator)
            except Exception:
                log.exception("change listener failed")


BUS = ChangeBus()
