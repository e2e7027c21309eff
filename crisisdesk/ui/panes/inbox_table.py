"""The inbox list view: one line per comment, column widths, and the keys that reach past what
is loaded (Ctrl+End / Ctrl+Home go to the real end or top of the list)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from crisisdesk.ui.panes.inbox_model import (
    COL_ACCOUNT,
    COL_ASSIGNEE,
    COL_AUTHOR,
    COL_DUE,
    COL_INTENT,
    COL_SENTIMENT,
    COL_STATUS,
    COL_TEXT,
    COL_TIME,
    COL_WATCH,
    COL_WAVE,
    InboxModel,
)

_WIDTHS = (
    (COL_TIME, 82), (COL_ACCOUNT, 112), (COL_AUTHOR, 78), (COL_SENTIMENT, 38), (COL_INTENT, 54),
    (COL_WATCH, 48), (COL_WAVE, 36), (COL_STATUS, 52), (COL_ASSIGNEE, 54), (COL_DUE, 90),
)  # fmt: skip


class InboxTableView(QTableView):
    """Rows of the inbox model; the text column takes the room left."""

    jump_to_end = Signal()
    jump_to_top = Signal()

    def __init__(self, model: InboxModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(24)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in _WIDTHS:
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+End / Ctrl+Home: the real end or top, not the last loaded row."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.key() == Qt.Key.Key_End:
                self.jump_to_end.emit()
                return
            if event.key() == Qt.Key.Key_Home:
                self.jump_to_top.emit()
                return
        super().keyPressEvent(event)

    def select_row(self, row: int) -> None:
        """Make one row the whole selection (whatever modifier keys are held)."""
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(self.model().index(row, 0), flags)

    def selected_row_numbers(self) -> list[int]:
        """The selected rows, top to bottom."""
        return sorted(i.row() for i in self.selectionModel().selectedRows())
