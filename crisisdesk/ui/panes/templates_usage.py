"""How each template has been used: how often, when last, by whom, and how the public reacted after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.services.template_usage import UsageStats, usage_stats
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.templates_data import operator_names
from crisisdesk.ui.widgets.empty_state import EmptyStateStack
from crisisdesk.ui.widgets.record_model import Column, Index, RecordTableModel

NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CALMER_COLUMN = 5
NEGATIVE_COLUMN = 6


@dataclass(frozen=True, slots=True)
class UsageRow:
    """One template's usage with the operators' names resolved."""

    id: int
    stats: UsageStats
    who: str


def load_usage(db: Database) -> list[UsageRow]:
    """Usage per template, outcomes refreshed first (this writes the outcomes it finds)."""
    with db.session() as session:
        stats = usage_stats(session)
        names = operator_names(session)
    rows = []
    for s in stats:
        ranked = sorted(s.by_operator.items(), key=lambda kv: -kv[1])
        who = labels.listed(labels.noted(names.get(op, str(op)), str(n)) for op, n in ranked)
        rows.append(UsageRow(s.template_id, s, who))
    return rows


class UsageModel(RecordTableModel):
    """Usage rows with the calmer and more-negative counts coloured."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == CALMER_COLUMN:
                return QBrush(QColor("#1e6b2e"))
            if index.column() == NEGATIVE_COLUMN:
                return QBrush(QColor("#b3261e"))
        return super().data(index, role)


class UsagePanel(QWidget):
    """A table of every template's usage; double-click opens that template in the library."""

    open_template = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        # The model belongs to its view, so the view never outlives it during teardown.
        self.table = QTableView()
        self.model = UsageModel(
            [
                Column(self.tr("模板"), lambda r: labels.single_line(r.stats.name, 60)),
                Column(self.tr("分类"), lambda r: labels.template_category(r.stats.category)),
                Column(self.tr("使用次数"), lambda r: str(r.stats.times_used), align=NUMBER),
                Column(self.tr("最近使用"), lambda r: labels.when(r.stats.last_used_at)),
                Column(
                    self.tr("使用人"),
                    lambda r: labels.single_line(r.who, 60),
                    tooltip=lambda r: labels.plain_tooltip(r.who) if r.who else "",
                ),
                Column(self.tr("之后更平和"), lambda r: self._count(r, "calmer"), align=NUMBER),
                Column(
                    self.tr("之后更负面"), lambda r: self._count(r, "more_negative"), align=NUMBER
                ),
                Column(self.tr("无明显变化"), lambda r: self._count(r, "same"), align=NUMBER),
                Column(self.tr("尚无后续"), lambda r: self._count(r, "unknown"), align=NUMBER),
            ],
            self.table,
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 9):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(
            lambda index: self.open_template.emit(self.model.record(index.row()).id)
        )
        note = QLabel(
            self.tr(
                "“之后”指同一网友在回复发出后在同一账号下的下一条评论：情感分数升高 0.2 以上记为更平和，"
                "降低 0.2 以上记为更负面。双击一行可打开该模板。"
            )
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        self.stack = EmptyStateStack(
            self.table,
            self.tr("尚无使用记录。\n通过模板发出回复后，使用次数和网友后续反应将显示在这里。"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(note)
        self._loaded = False

    @staticmethod
    def _count(row: UsageRow, outcome: str) -> str:
        n = row.stats.outcomes.get(outcome, 0)
        return str(n) if n else ""

    @Slot()
    def reload(self) -> None:
        """Read usage again (outcomes are refreshed on the writer thread)."""
        run_op(lambda: load_usage(self.db), on_done=self._on_rows, parent=self, write=True)

    def _on_rows(self, rows: list[UsageRow]) -> None:
        used = [r for r in rows if r.stats.times_used]
        self.model.set_records(used + [r for r in rows if not r.stats.times_used])
        self.stack.set_empty(not used)
        self._loaded = True

    def is_loaded(self) -> bool:
        """Whether usage has been read at least once."""
        return self._loaded
