"""活动策划 (activity planning): planned interaction activities and the response plans (预案)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Changes
from crisisdesk.services import views
from crisisdesk.services.views import ActivityRow, PlanRow, PlanStepRow
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.widgets.empty_state import EmptyStateStack
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel


def _table(model: RecordTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box


class _StepRecord:
    """A plan step with its ordinal (1, 2, ...) as id, so the generic record model can show it."""

    __slots__ = ("id", "step")

    def __init__(self, ordinal: int, step: PlanStepRow) -> None:
        self.id = ordinal
        self.step = step


class ActivitiesPane(Pane):
    """Activities on top; response plans and the selected plan's steps below."""

    def __init__(self, db: Database, changes: ChangesBridge, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self.activities = RecordTableModel(
            [
                Column(self.tr("活动名称"), lambda a: labels.single_line(a.title, 120)),
                Column(self.tr("类型"), lambda a: labels.activity_kind(a.kind)),
                Column(self.tr("状态"), self._activity_status),
                Column(self.tr("发布账号"), lambda a: a.account_name or self.tr("未指定")),
                Column(self.tr("时间"), self._activity_time),
            ],
            self,
        )
        self.plans = RecordTableModel(
            [
                Column(self.tr("预案名称"), lambda p: labels.single_line(p.name, 80)),
                Column(self.tr("适用情形"), lambda p: p.crisis_type),
                Column(self.tr("修订"), lambda p: self.tr("第 {n} 版").format(n=p.revision)),
                Column(
                    self.tr("最近演练"),
                    lambda p: labels.when(p.last_drill_at) or self.tr("尚未演练"),
                ),
                Column(self.tr("步骤"), lambda p: str(len(p.steps))),
            ],
            self,
        )
        self.steps = RecordTableModel(
            [
                Column(self.tr("序号"), lambda s: str(s.id)),
                Column(
                    self.tr("步骤"),
                    lambda s: labels.single_line(s.step.title, 120),
                    tooltip=lambda s: labels.plain_tooltip(s.step.title),
                ),
                Column(
                    self.tr("责任岗位"),
                    lambda s: labels.role(s.step.role) if s.step.role else self.tr("未指定"),
                ),
                Column(self.tr("时限"), self._step_deadline),
                Column(self.tr("配套模板"), lambda s: s.step.template_name or self.tr("无")),
            ],
            self,
        )
        self.activity_view = _table(self.activities, 0)
        self.plan_view = _table(self.plans, 0)
        self.step_view = _table(self.steps, 1)
        self.activity_stack = EmptyStateStack(
            self.activity_view,
            self.tr("暂无活动。\n新建问卷、投票、直播等互动活动并排期后，活动将显示在这里。"),
        )
        self.plan_stack = EmptyStateStack(
            self.plan_view,
            self.tr("暂无预案。\n按突发事件类型制定应对预案后，预案及其处置步骤将显示在这里。"),
        )
        self.step_stack = EmptyStateStack(self.step_view, self.tr("所选预案尚未设置处置步骤。"))
        plans_split = QSplitter(Qt.Orientation.Horizontal)
        plans_split.addWidget(self.plan_stack)
        plans_split.addWidget(self.step_stack)
        plans_split.setStretchFactor(0, 2)
        plans_split.setStretchFactor(1, 3)
        plans_split.setSizes([520, 780])
        plans_split.setChildrenCollapsible(False)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(_boxed(self.tr("互动活动"), self.activity_stack))
        outer.addWidget(_boxed(self.tr("应对预案"), plans_split))
        outer.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(outer)
        self._plan_id: int | None = None
        self._pending = 0
        self.plan_view.selectionModel().selectionChanged.connect(self._on_plan_selected)
        changes.changed.connect(self.on_changes)
        self.reload_activities()
        self.reload_plans()

    def _activity_status(self, activity: ActivityRow) -> str:
        status = labels.activity_status(activity.status)
        return status + self.tr("（危机期间暂停）") if activity.held_by_crisis else status

    def _activity_time(self, activity: ActivityRow) -> str:
        if activity.starts_at is None:
            return self.tr("未排期")
        if activity.ends_at is None:
            return labels.when(activity.starts_at)
        return f"{labels.when(activity.starts_at)} — {labels.when(activity.ends_at)}"

    def _step_deadline(self, record: _StepRecord) -> str:
        minutes = record.step.within_minutes
        if minutes is None:
            return self.tr("不限")
        if minutes % 60 == 0:
            return self.tr("{n} 小时内").format(n=minutes // 60)
        return self.tr("{n} 分钟内").format(n=minutes)

    def reload_activities(self) -> None:
        """Read the activity list again."""
        self._pending += 1
        run_op(lambda: views.activity_list(self.db), on_done=self._on_activities, parent=self)

    def reload_plans(self) -> None:
        """Read the response plans again."""
        self._pending += 1
        run_op(lambda: views.plan_list(self.db), on_done=self._on_plans, parent=self)

    def _arrived(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.mark_loaded()

    def _on_activities(self, rows: list[ActivityRow]) -> None:
        self.activities.set_records(rows)
        self.activity_stack.set_empty(not rows)
        self._arrived()

    def _on_plans(self, rows: list[PlanRow]) -> None:
        self.plans.set_records(rows)
        self.plan_stack.set_empty(not rows)
        self.step_stack.setVisible(bool(rows))
        row = self.plans.row_of(self._plan_id) if self._plan_id is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.plan_view.selectRow(row)
            self._show_steps(self.plans.record(row))
        self._arrived()

    @Slot(QItemSelection, QItemSelection)
    def _on_plan_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.plan_view.selectionModel().selectedRows()
        if rows:
            self._show_steps(self.plans.record(rows[0].row()))

    def _show_steps(self, plan: PlanRow) -> None:
        self._plan_id = plan.id
        self.steps.set_records(
            [_StepRecord(ordinal, step) for ordinal, step in enumerate(plan.steps, start=1)]
        )
        self.step_stack.set_empty(not plan.steps)

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Activity changes reload the activity list; plans cite incidents' types and templates."""
        if changes.activities:
            self.reload_activities()
        if changes.incidents or changes.templates:
            self.reload_plans()
