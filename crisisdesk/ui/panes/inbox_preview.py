"""The inbox's newest comments, shown the moment the window opens, while the workspace opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from crisisdesk.services.inbox_values import InboxRow
from crisisdesk.ui.panes.inbox_model import InboxModel
from crisisdesk.ui.panes.inbox_table import InboxTableView


class InboxPreview(QWidget):
    """The same table the inbox pane shows, read-only, with a line saying the rest is coming."""

    def __init__(self, rows: list[InboxRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = InboxModel(None, self)
        self.model.show_rows(rows)
        self.view = InboxTableView(self.model)
        self.note = QLabel(
            self.tr("正在打开工作区，片刻后即可筛选、查看详情和回复。")
            if rows
            else self.tr("正在打开工作区……")
        )
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
