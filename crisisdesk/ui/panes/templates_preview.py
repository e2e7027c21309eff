"""The editor's live preview: a real comment from the inbox, the office's values, the reply as sent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.templates_data import DraftReport, RecentComment, recent_comments


class PreviewBox(QWidget):
    """A picker of recent comments and the rendered reply (plain text) with its length and problems."""

    changed = Signal()  # another comment was picked or the office values changed: preview again

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.operator_id: int | None = None
        self.comment_picker = QComboBox()
        self.comment_picker.setMinimumContentsLength(24)
        self.comment_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.comment_picker.addItem(self.tr("不针对具体评论（只用本单位变量）"), None)
        self.comment_picker.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText(self.tr("预览将在这里显示实际发出的回复。"))
        self.preview_label = QLabel()
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setWordWrap(True)
        self.office_button = QPushButton(self.tr("本单位变量…"))
        self.office_button.setToolTip(self.tr("填写联系电话、办理单位等全单位通用的取值（管理员）"))
        self.office_button.setEnabled(False)
        self.office_button.clicked.connect(self.edit_office_values)
        picker_row = QHBoxLayout()
        picker_row.addWidget(QLabel(self.tr("预览针对评论：")))
        picker_row.addWidget(self.comment_picker, 1)
        picker_row.addWidget(self.office_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(picker_row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.preview_label)

    def comment_id(self) -> int | None:
        """The comment chosen for the preview (None: office values only)."""
        value = self.comment_picker.currentData()
        return int(value) if value is not None else None

    def load_comments(self) -> None:
        """Fill the picker with the newest comments (in the background)."""
        run_op(lambda: recent_comments(self.db), on_done=self._on_comments, parent=self)

    def _on_comments(self, comments: list[RecentComment]) -> None:
        current = self.comment_picker.currentData()
        self.comment_picker.blockSignals(True)
        self.comment_picker.clear()
        self.comment_picker.addItem(self.tr("不针对具体评论（只用本单位变量）"), None)
        for c in comments:
            text = self.tr("{platform} · {author}：{text}").format(
                platform=labels.platform(c.platform),
                author=labels.single_line(c.author, 16) or self.tr("匿名"),
                text=labels.single_line(c.text, 40),
            )
            self.comment_picker.addItem(text, c.id)
            self.comment_picker.setItemData(
                self.comment_picker.count() - 1,
                labels.plain_tooltip(c.text),
                Qt.ItemDataRole.ToolTipRole,
            )
        index = self.comment_picker.findData(current) if current is not None else -1
        self.comment_picker.setCurrentIndex(index if index >= 0 else min(1, len(comments)))
        self.comment_picker.blockSignals(False)
        self.changed.emit()

    def set_operator(self, operator_id: int, *, is_admin: bool) -> None:
        """Only an admin may change the office-wide values."""
        self.operator_id = operator_id
        self.office_button.setEnabled(is_admin)

    @Slot()
    def edit_office_values(self) -> None:
        """Edit the office-wide values, then preview again with them."""
        from crisisdesk.ui.panes.templates_office import OfficeValuesDialog

        dialog = OfficeValuesDialog(self.db, by=self.operator_id, parent=self)
        dialog.exec()
        if dialog.saved:
            self.changed.emit()

    def show_report(self, report: DraftReport) -> None:
        """Show the rendered reply, its length against the platform limit, and what blocks sending."""
        self.preview.setPlainText(report.preview)
        if report.limit is not None:
            size = self.tr("共 {n} 字，上限 {limit} 字").format(
                n=report.preview_length, limit=report.limit
            )
        else:
            size = self.tr("共 {n} 字").format(n=report.preview_length)
        notes = [p.message for p in report.preview_problems]
        self.preview_label.setText(labels.clauses([size, *notes]))
        colour = "#c81e1e" if notes else "#1e6b2e"
        self.preview_label.setStyleSheet(f"color: {colour};")
