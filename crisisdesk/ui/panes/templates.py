"""回复模板 (reply templates): the approved-wording library and the selected template's text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Changes
from crisisdesk.services import views
from crisisdesk.services.views import TemplateDetail, TemplateSummary
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.widgets.empty_state import EmptyStateStack
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel


class TemplatesPane(Pane):
    """Template list on the left, the latest version's text on the right."""

    def __init__(self, db: Database, changes: ChangesBridge, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self.model = RecordTableModel(
            [
                Column(self.tr("名称"), lambda t: labels.single_line(t.name, 80)),
                Column(self.tr("类别"), lambda t: labels.template_category(t.category)),
                Column(
                    self.tr("最新版本"),
                    lambda t: f"v{t.latest_version}" if t.latest_version else self.tr("无正文"),
                ),
                Column(
                    self.tr("审核"),
                    lambda t: self.tr("已审核") if t.approved else self.tr("待审核"),
                ),
            ],
            self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.body.setPlaceholderText(self.tr("在左侧列表中选择一个模板，即可在此查看正文。"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.meta)
        right_layout.addWidget(self.body, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        # With no templates there is no text to show either: one message fills the pane.
        self.list_stack = EmptyStateStack(
            splitter,
            self.tr("暂无模板。\n导入单位的回复口径库或新建模板并经审核后，模板将显示在这里。"),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list_stack)
        self._selected_id: int | None = None
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        changes.changed.connect(self.on_changes)
        self.reload()

    def reload(self) -> None:
        """Read the template list again (keeps the selection when the template still exists)."""
        run_op(lambda: views.template_list(self.db), on_done=self._on_list, parent=self)

    def _on_list(self, templates: list[TemplateSummary]) -> None:
        self.model.set_records(templates)
        self.list_stack.set_empty(not templates)
        row = self.model.row_of(self._selected_id) if self._selected_id is not None else -1
        if row < 0 and templates:
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        self.mark_loaded()

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        self._selected_id = self.model.record(rows[0].row()).id
        self._load_detail(self._selected_id)

    def _load_detail(self, template_id: int) -> None:
        run_op(
            lambda: views.template_detail(self.db, template_id),
            on_done=lambda detail: self._on_detail(template_id, detail),
            parent=self,
        )

    def _on_detail(self, template_id: int, detail: TemplateDetail | None) -> None:
        if template_id != self._selected_id:
            return
        if detail is None:
            self.title.clear()
            self.meta.clear()
            self.body.clear()
            return
        self.title.setText(detail.name)
        if detail.approved_at is not None:
            review = self.tr("已于 {when} 由 {who} 审核通过").format(
                when=labels.when(detail.approved_at), who=detail.approved_by or self.tr("审核人")
            )
        else:
            review = self.tr("尚未审核，不可直接用于回复")
        version = f"v{detail.version}" if detail.version else self.tr("无正文")
        self.meta.setText(
            self.tr("{category} · 版本 {version}（共 {count} 个版本） · {review}").format(
                category=labels.template_category(detail.category),
                version=version,
                count=detail.version_count,
                review=review,
            )
        )
        self.body.setPlainText(detail.body)

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Template edits and approvals reload the list and the open template."""
        if changes.templates:
            self.reload()
            if self._selected_id is not None:
                self._load_detail(self._selected_id)
