"""Version history of one template: who wrote and approved each version, diffs, approval, retiring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.errors import UserFacingError
from crisisdesk.services import template_policy, templates
from crisisdesk.services.template_policy import Policy
from crisisdesk.services.templates import VersionInfo
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.panes.templates_data import Me, TemplateBundle
from crisisdesk.ui.panes.templates_text import show_diff
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _diff(db: Database, old_id: int, new_id: int) -> str:
    with db.session() as session:
        return templates.diff_versions(session, old_id, new_id)


def _approve(db: Database, version_id: int, by: int) -> VersionInfo:
    with db.session() as session:
        return template_policy.approve_version(session, version_id, by=by)


def _retire(db: Database, template_id: int, retired: bool, by: int | None) -> None:
    with db.session() as session:
        templates.set_retired(session, template_id, retired=retired, by=by)


def _set_policy(db: Database, policy: Policy, by: int | None) -> None:
    with db.session() as session:
        template_policy.set_policy(session, policy, by=by)


class VersionsPanel(QWidget):
    """The selected template's versions, a coloured diff between two of them, and review actions."""

    changed = Signal()  # something was written: the pane reloads the template

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.me: Me | None = None
        self.bundle: TemplateBundle | None = None
        self._names: dict[int, str] = {}
        # The model belongs to its view, so the view never outlives it during teardown.
        self.table = QTableView()
        self.model = RecordTableModel(
            [
                Column(self.tr("版本"), lambda v: self.tr("第 {n} 版").format(n=v.number)),
                Column(self.tr("撰写人"), lambda v: self._who(v.author_id)),
                Column(self.tr("保存时间"), lambda v: labels.when(v.created_at)),
                Column(
                    self.tr("审核人"),
                    lambda v: self._who(v.approved_by_id) if v.approved else self.tr("待审核"),
                ),
                Column(self.tr("审核时间"), lambda v: labels.when(v.approved_at)),
                Column(
                    self.tr("修改说明"),
                    lambda v: labels.single_line(v.note, 60),
                    tooltip=lambda v: labels.plain_tooltip(v.note) if v.note else "",
                ),
            ],
            self.table,
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.approve_button = QPushButton(self.tr("审核通过所选版本"))
        self.approve_button.setToolTip(self.tr("审核岗、舆情应急岗或管理员可审核"))
        self.approve_button.clicked.connect(self.approve_selected)
        self.retire_button = QPushButton(self.tr("停用模板"))
        self.retire_button.clicked.connect(self.toggle_retired)
        self.action_note = _plain(QLabel())
        actions = QHBoxLayout()
        actions.addWidget(self.approve_button)
        actions.addWidget(self.retire_button)
        actions.addWidget(self.action_note, 1)

        self.old_pick = QComboBox()
        self.new_pick = QComboBox()
        self.old_pick.currentIndexChanged.connect(self.show_selected_diff)
        self.new_pick.currentIndexChanged.connect(self.show_selected_diff)
        compare = QHBoxLayout()
        compare.addWidget(QLabel(self.tr("比较：")))
        compare.addWidget(self.old_pick)
        compare.addWidget(QLabel(self.tr("→")))
        compare.addWidget(self.new_pick)
        compare.addStretch(1)
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        diff_box = QWidget()
        diff_layout = QVBoxLayout(diff_box)
        diff_layout.setContentsMargins(0, 0, 0, 0)
        diff_layout.addLayout(compare)
        diff_layout.addWidget(self.diff_view, 1)

        self.require_approval = QCheckBox(self.tr("只有审核通过的版本才能用于回复"))
        self.allow_self = QCheckBox(self.tr("允许撰写人审核本人撰写的版本"))
        self.policy_button = QPushButton(self.tr("保存规定"))
        self.policy_button.clicked.connect(self.save_policy)
        self.policy_note = _plain(QLabel())
        policy_box = QGroupBox(self.tr("本单位模板审核规定"))
        policy_layout = QHBoxLayout(policy_box)
        policy_layout.addWidget(self.require_approval)
        policy_layout.addWidget(self.allow_self)
        policy_layout.addStretch(1)
        policy_layout.addWidget(self.policy_note)
        policy_layout.addWidget(self.policy_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(diff_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(policy_box)
        self.show_bundle(None)

    def _who(self, operator_id: int | None) -> str:
        if operator_id is None:
            return self.tr("系统")
        return self._names.get(operator_id, self.tr("编号 {id}").format(id=operator_id))

    # --- showing ----------------------------------------------------------------------------------

    def set_me(self, me: Me) -> None:
        """Who is working: decides whether approve and the policy are offered."""
        self.me = me
        self._update_actions()

    def show_policy(self, policy: Policy) -> None:
        """Show the office policy (editable by an admin only)."""
        self.require_approval.setChecked(policy.require_approval)
        self.allow_self.setChecked(policy.allow_self_approval)
        self._update_actions()

    def show_bundle(self, bundle: TemplateBundle | None) -> None:
        """Show a template's versions, newest first, and the diff between the last two."""
        self.bundle = bundle
        self._names = dict(bundle.names) if bundle else {}
        history = list(reversed(bundle.versions)) if bundle else []
        self.model.set_records(history)
        for pick in (self.old_pick, self.new_pick):
            pick.blockSignals(True)
            pick.clear()
            for v in history:
                state = self.tr("已审核") if v.approved else self.tr("待审核")
                pick.addItem(self.tr("第 {n} 版（{state}）").format(n=v.number, state=state), v.id)
            pick.blockSignals(False)
        if bundle is not None:
            self.show_policy(bundle.policy)
        if len(history) >= 2:
            self.new_pick.setCurrentIndex(0)
            self.old_pick.setCurrentIndex(1)
            self.show_selected_diff()
        else:
            show_diff(self.diff_view, "", self.tr("只有一个版本，暂无可比较的修改。"))
        if history:
            self.table.selectRow(0)
        self._update_actions()

    def selected_version(self) -> VersionInfo | None:
        """The version selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        me, bundle, version = self.me, self.bundle, self.selected_version()
        can_approve = bool(me and me.can_approve)
        self.approve_button.setEnabled(
            bool(can_approve and version is not None and not version.approved and bundle)
        )
        if me is not None and not can_approve:
            self.action_note.setText(self.tr("您没有审核权限；审核需审核岗、舆情应急岗或管理员。"))
        elif version is not None and version.approved:
            self.action_note.setText(
                self.tr("第 {n} 版已由 {who} 于 {when} 审核通过。").format(
                    n=version.number,
                    who=self._who(version.approved_by_id),
                    when=labels.when(version.approved_at),
                )
            )
        else:
            self.action_note.setText("")
        self.retire_button.setEnabled(bundle is not None)
        retired = bool(bundle and bundle.info.retired)
        self.retire_button.setText(self.tr("恢复模板") if retired else self.tr("停用模板"))
        self.retire_button.setToolTip(
            self.tr("恢复后可再次编辑和用于回复")
            if retired
            else self.tr("停用后不再推荐、不能用于回复；版本历史和使用记录保留")
        )
        admin = bool(me and me.is_admin)
        for widget in (self.require_approval, self.allow_self, self.policy_button):
            widget.setEnabled(admin)
        self.policy_note.setText("" if admin else self.tr("仅管理员可修改"))

    @Slot()
    def show_selected_diff(self) -> None:
        """Show the diff between the two versions picked (older first)."""
        old_id, new_id = self.old_pick.currentData(), self.new_pick.currentData()
        if old_id is None or new_id is None:
            return
        if old_id == new_id:
            show_diff(self.diff_view, "", self.tr("请选择两个不同的版本进行比较。"))
            return
        run_op(
            lambda: _diff(self.db, int(old_id), int(new_id)),
            on_done=lambda text: show_diff(self.diff_view, text, self.tr("两个版本的内容相同。")),
            parent=self,
        )

    # --- actions ----------------------------------------------------------------------------------

    def _write(self, fn: Callable[[], Any], done: str) -> None:
        def on_done(_result: object) -> None:
            self.action_note.setText(done)
            self.changed.emit()

        def on_error(exc: BaseException) -> None:
            if isinstance(exc, UserFacingError):
                self.action_note.setText(str(exc))
            report_error(exc, parent=self)

        run_op(fn, on_done=on_done, on_error=on_error, parent=self, write=True)

    @Slot()
    def approve_selected(self) -> None:
        """Approve the selected version as the current operator."""
        version, me = self.selected_version(), self.me
        if version is None or me is None:
            return
        self._write(
            lambda: _approve(self.db, version.id, me.id),
            self.tr("第 {n} 版已审核通过。").format(n=version.number),
        )

    @Slot()
    def toggle_retired(self) -> None:
        """Retire the template, or restore a retired one; history and usage stay either way."""
        if self.bundle is None:
            return
        info, by = self.bundle.info, self.me.id if self.me else None
        retired = not info.retired
        done = (
            self.tr("模板已停用，历史版本和使用记录均已保留。")
            if retired
            else self.tr("模板已恢复。")
        )
        self._write(lambda: _retire(self.db, info.id, retired, by), done)

    @Slot()
    def save_policy(self) -> None:
        """Store the office policy (admins only)."""
        if not (self.me and self.me.is_admin):
            return
        policy = Policy(self.require_approval.isChecked(), self.allow_self.isChecked())
        by = self.me.id
        self.policy_note.setText("")

        def on_done(_result: object) -> None:
            self.policy_note.setText(self.tr("已保存。"))
            self.changed.emit()

        run_op(lambda: _set_policy(self.db, policy, by), on_done=on_done, parent=self, write=True)
