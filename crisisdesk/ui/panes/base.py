"""What every pane shares: the database, the changes signal, and a "loaded" flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from crisisdesk.ui.changes import ChangesBridge

if TYPE_CHECKING:
    from crisisdesk.storage.db import Database


class Pane(QWidget):
    """A main-window pane; it loads its data in the background and connects to `changes`."""

    loaded = Signal()  # emitted each time the pane's data has arrived

    def __init__(self, db: Database, changes: ChangesBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changes = changes
        self._loaded = False

    def is_loaded(self) -> bool:
        """Whether the first load has arrived (screenshots and benchmarks wait for this)."""
        return self._loaded

    def mark_loaded(self) -> None:
        """Record that data has arrived and tell listeners."""
        self._loaded = True
        self.loaded.emit()
