"""A tab widget whose pages are built the first time they are shown (Frescobaldi-style panels)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class _Slot(QWidget):
    """The page that stands in the tab until its pane is built, then holds the pane."""

    def __init__(self, key: str, factory: Callable[[], QWidget]) -> None:
        super().__init__()
        self.key = key
        self.factory = factory
        self.pane: QWidget | None = None
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)


class LazyTabWidget(QTabWidget):
    """Tabs keyed by name; `pane_built(key, widget)` is emitted when a pane is first built."""

    pane_built = Signal(str, QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self._slots: dict[str, _Slot] = {}
        self.currentChanged.connect(self._on_current_changed)

    def add_lazy_tab(self, key: str, title: str, factory: Callable[[], QWidget]) -> int:
        """Add a tab whose pane factory() runs when the tab is first shown."""
        slot = _Slot(key, factory)
        self._slots[key] = slot
        index = self.addTab(slot, title)
        if self.currentIndex() == index and self.isVisible():
            self._build(slot)
        return index

    def keys(self) -> list[str]:
        """Tab keys in tab order."""
        return list(self._slots)

    def pane(self, key: str) -> QWidget | None:
        """The built pane for key, or None if it has not been shown yet."""
        return self._slots[key].pane

    def show_pane(self, key: str) -> QWidget:
        """Make the pane current (building it if needed) and return it."""
        slot = self._slots[key]
        self.setCurrentWidget(slot)
        return self._build(slot)

    def rebuild(self, key: str) -> None:
        """Drop the built pane for key; it is built afresh now if on show, else when next shown."""
        slot = self._slots[key]
        if slot.pane is not None:
            old, slot.pane = slot.pane, None
            slot.box.removeWidget(old)
            old.hide()
            old.deleteLater()
        if self.currentWidget() is slot and self.isVisible():
            self._build(slot)

    def current_key(self) -> str | None:
        """The key of the current tab."""
        widget = self.currentWidget()
        return widget.key if isinstance(widget, _Slot) else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        current = self.currentWidget()
        if isinstance(current, _Slot):
            self._build(current)

    @Slot(int)
    def _on_current_changed(self, index: int) -> None:
        slot = self.widget(index)
        if isinstance(slot, _Slot) and self.isVisible():
            self._build(slot)

    def _build(self, slot: _Slot) -> QWidget:
        if slot.pane is None:
            slot.pane = slot.factory()
            slot.box.addWidget(slot.pane)
            self.pane_built.emit(slot.key, slot.pane)
        return slot.pane
