"""The Trends pane's summary line: new text without laying out the whole pane again."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class SummaryLine(QWidget):
    """A word-wrapped plain-text label that asks for a new layout only when its height changes.

    A QLabel in a layout invalidates it on every setText, and the pass runs up through the
    tab widget (which repaints its frame and tab bar): in the live view the counts change on
    every tick, so every tick paid for it. Here the label is this widget's only child, outside
    any layout, so its requests stop here; this widget asks its parent for a new layout only
    when the text needs another height at the width shown (a new minimum width, which only
    a longer unbreakable run of text changes, is taken up at the next layout).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._height = self._measure()
        self._stale = False  # the layout's cached heights for other widths predate the text

    def text(self) -> str:
        """The text shown."""
        return str(self.label.text())

    def setText(self, text: str) -> None:  # the name QLabel uses
        """Show `text`; the pane is laid out again only if the text's size needs it."""
        if text == self.label.text():
            return
        self.label.setText(text)
        height = self._measure()
        if height != self._height:
            self._height = height
            self._stale = False
            self.updateGeometry()
        else:
            self._stale = True

    def _measure(self) -> int:
        return int(self.label.heightForWidth(max(1, self.width())))

    def sizeHint(self) -> QSize:
        """The label's."""
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        """The label's."""
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        """Word-wrapped text: its height depends on the width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The label's height at `width`."""
        return int(self.label.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the label; at a new width, text set since the last layout may need another height."""
        self.label.setGeometry(self.rect())
        height = self._measure()
        if self._stale and height != self.height():
            self.updateGeometry()
        self._stale = False
        self._height = height
        super().resizeEvent(event)
