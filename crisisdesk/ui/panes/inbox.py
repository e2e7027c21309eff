"""收件箱 (inbox): every comment, newest first, with the selected comment's full text below."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
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
from crisisdesk.services.views import CommentDetail
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.panes.inbox_model import (
    COL_ACCOUNT,
    COL_AUTHOR,
    COL_INTENT,
    COL_SENTIMENT,
    COL_STATUS,
    COL_TEXT,
    COL_TIME,
    InboxModel,
)
from crisisdesk.ui.widgets.empty_state import EmptyStateStack


def _plain_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # comment data is untrusted: never rich text
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class CommentDetailView(QWidget):
    """The selected comment's full text (read-only, plain) and its metadata."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(self.tr("在上方列表中选择一条评论，即可在此查看全文。"))
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, title in (
            ("account", self.tr("平台/账号")),
            ("author", self.tr("作者")),
            ("time", self.tr("发布时间")),
            ("post", self.tr("所属内容")),
            ("reading", self.tr("情感/意图")),
            ("status", self.tr("状态")),
            ("keywords", self.tr("关键词")),
            ("assignee", self.tr("承办人")),
        ):
            self.fields[key] = _plain_label()
            form.addRow(title, self.fields[key])
        meta = QWidget()
        meta.setLayout(form)
        meta.setMinimumWidth(320)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 3)
        layout.addWidget(meta, 2)

    def show_detail(self, detail: CommentDetail | None) -> None:
        """Fill the area with one comment (None clears it)."""
        if detail is None:
            self.text.clear()
            for label in self.fields.values():
                label.clear()
            return
        row = detail.row
        self.text.setPlainText(row.text)
        self.fields["account"].setText(f"{labels.platform(row.platform)} · {row.account_name}")
        self.fields["author"].setText(
            f"{row.author_name}（{detail.author_id}）" if detail.author_id else row.author_name
        )
        self.fields["time"].setText(
            self.tr("{created}（获取于 {fetched}）").format(
                created=labels.when(row.created_at), fetched=labels.when(detail.fetched_at)
            )
        )
        self.fields["post"].setText(detail.post_title or self.tr("（无）"))
        self.fields["reading"].setText(
            self.tr("{sentiment}（得分 {score:+.2f}，置信度 {confidence:.0%}）/ {intent}").format(
                sentiment=labels.sentiment(row.sentiment),
                score=detail.sentiment_score,
                confidence=detail.sentiment_confidence,
                intent=labels.intent(row.intent),
            )
        )
        status = labels.comment_status(row.status)
        if detail.due_at is not None:
            status += self.tr("，办理时限 {due}").format(due=labels.when(detail.due_at))
        self.fields["status"].setText(status)
        keywords = "、".join(detail.keywords) or self.tr("（无）")
        if detail.watch_hit_count:
            keywords += self.tr("；命中关注词 {n} 处").format(n=detail.watch_hit_count)
        self.fields["keywords"].setText(keywords)
        self.fields["assignee"].setText(detail.assignee_name or self.tr("未分派"))


class InboxPane(Pane):
    """The comment list (lazy, newest first) over a detail area."""

    def __init__(self, db: Database, changes: ChangesBridge, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self.model = InboxModel(db, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in (
            (COL_TIME, 130),
            (COL_ACCOUNT, 200),
            (COL_AUTHOR, 120),
            (COL_SENTIMENT, 60),
            (COL_INTENT, 80),
            (COL_STATUS, 70),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.stack = EmptyStateStack(
            self.view,
            self.tr(
                "暂无评论。\n同步已接入的账号、导入评论文件或运行演练场景后，评论将显示在这里。"
            ),
        )
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = CommentDetailView()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 220])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)
        self._total: int | None = None
        self._detail_id: int | None = None
        self.model.first_page_loaded.connect(self._on_first_page)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        changes.changed.connect(self.on_changes)
        self.model.reload()
        self._load_count()

    @Slot()
    def _on_first_page(self) -> None:
        self.stack.set_empty(self.model.rowCount() == 0)
        if self.model.rowCount() and not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)  # like a mail client: the newest item is open
        self._update_count_label()
        if self._total is not None:
            self.mark_loaded()

    @Slot()
    def _on_rows_inserted(self) -> None:
        self.stack.set_empty(False)
        self._update_count_label()

    def _load_count(self) -> None:
        run_op(lambda: views.comment_count(self.db), on_done=self._on_count, parent=self)

    def _on_count(self, total: int) -> None:
        self._total = total
        self._update_count_label()
        if self.model.is_loaded():
            self.mark_loaded()

    @Slot()
    def _update_count_label(self) -> None:
        if self._total is None:
            self.count_label.setText(self.tr("正在统计评论数量……"))
            return
        self.count_label.setText(
            self.tr("共 {total} 条评论，已载入 {shown} 条（按时间由新到旧）").format(
                total=f"{self._total:,}", shown=f"{self.model.loaded_ids():,}"
            )
        )

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self._detail_id = None
            self.detail.show_detail(None)
            return
        self._load_detail(self.model.comment_id(rows[0].row()))

    def _load_detail(self, comment_id: int) -> None:
        self._detail_id = comment_id
        run_op(
            lambda: views.comment_detail(self.db, comment_id),
            on_done=lambda detail: self._on_detail(comment_id, detail),
            parent=self,
        )

    def _on_detail(self, comment_id: int, detail: CommentDetail | None) -> None:
        if comment_id == self._detail_id:  # the user may have moved on meanwhile
            self.detail.show_detail(detail)

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """New comments appear on top; a changed selected comment is re-read."""
        if not (changes.comments or changes.comment_ids):
            return
        self.model.apply_changes(changes)
        if changes.comments:
            self._load_count()
        if self._detail_id is not None and (
            changes.comments or self._detail_id in changes.comment_ids
        ):
            self._load_detail(self._detail_id)
