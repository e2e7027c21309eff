"""A view that shows an honest explanation instead of an empty table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget


class EmptyStateStack(QStackedWidget):
    """Shows `view` when there is data, otherwise a centred message saying what will fill it."""

    def __init__(self, view: QWidget, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.label = QLabel(message)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setObjectName("emptyState")
        self.label.setStyleSheet("QLabel#emptyState { color: #5f6368; padding: 24px; }")
        self.addWidget(view)
        self.addWidget(self.label)
        self.set_empty(True)

    def set_empty(self, empty: bool) -> None:
        """Show the message (True) or the view (False)."""
        self.setCurrentWidget(self.label if empty else self.view)

    def is_empty(self) -> bool:
        """Whether the message is showing."""
        return self.currentWidget() is self.label
