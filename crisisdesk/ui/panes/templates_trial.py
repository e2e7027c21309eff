"""“试一试”: paste a comment and see which templates the inbox composer would suggest, and why."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.errors import UserFacingError
from crisisdesk.services.template_suggest import suggest_for_text
from crisisdesk.storage.db import Database
from crisisdesk.templating.suggest import Suggestion
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel

NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TOP = 5


def suggest(db: Database, text: str, viewer_id: int | None) -> list[Suggestion]:
    """The same ranking the inbox composer shows, for a pasted text."""
    with db.session() as session:
        return suggest_for_text(session, text, top=TOP, viewer_id=viewer_id)


class _Ranked:
    """A suggestion with its place, as the table's record (the model keys rows by `id`)."""

    def __init__(self, rank: int, item: Suggestion) -> None:
        self.id = item.template_id
        self.rank = rank
        self.item = item


class TrialPanel(QWidget):
    """A box to paste a comment into, and the ranked suggestions with their reasons."""

    open_template = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.viewer_id: int | None = None
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(
            self.tr("粘贴一条网友评论，例如：小区停水两天了，什么时候能恢复？")
        )
        self.input.setMaximumHeight(110)
        self.button = QPushButton(self.tr("推荐模板"))
        self.button.setToolTip(self.tr("Ctrl+Enter"))
        self.button.clicked.connect(self.run)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.button)
        # The model belongs to its view, so the view never outlives it during teardown.
        self.table = QTableView()
        self.model = RecordTableModel(
            [
                Column(self.tr("名次"), lambda r: str(r.rank), align=NUMBER),
                Column(self.tr("模板"), lambda r: labels.single_line(r.item.name, 60)),
                Column(self.tr("分类"), lambda r: labels.template_category(r.item.category)),
                Column(self.tr("得分"), lambda r: f"{r.item.score:.2f}", align=NUMBER),
                Column(
                    self.tr("推荐理由"),
                    lambda r: labels.clauses(r.item.reasons),
                    tooltip=lambda r: labels.plain_tooltip("\n".join(r.item.reasons)),
                ),
            ],
            self.table,
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(
            lambda index: self.open_template.emit(self.model.record(index.row()).id)
        )
        hint = QLabel(self.tr("与收件箱回复框使用同一推荐规则。双击一行可打开该模板。"))
        hint.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.input)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.input)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.run)

    @Slot()
    def run(self) -> None:
        """Rank the templates for the pasted text (in the background)."""
        text = self.input.toPlainText().strip()
        if not text:
            self.status.setText(self.tr("请先粘贴一条评论。"))
            return
        viewer = self.viewer_id
        self.button.setEnabled(False)
        self.status.setText(self.tr("正在分析……"))
        run_op(
            lambda: suggest(self.db, text, viewer),
            on_done=self._on_results,
            on_error=self._on_error,
            parent=self,
        )

    def _on_results(self, items: list[Suggestion]) -> None:
        self.button.setEnabled(True)
        self.model.set_records([_Ranked(n, s) for n, s in enumerate(items, start=1)])
        self.table.resizeRowsToContents()
        self.status.setText(
            self.tr("推荐 {n} 个模板。").format(n=len(items))
            if items
            else self.tr("没有找到合适的模板，可尝试换一种说法或补充标签。")
        )

    def _on_error(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        if isinstance(exc, UserFacingError):
            self.status.setText(str(exc))
        else:
            self.status.setText(self.tr("推荐未能完成。"))
            report_error(exc, parent=self)
