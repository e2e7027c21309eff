"""预警中心 (alert centre): alerts with level colour and reason; acknowledge; escalate or attach to an incident."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import AlertStatus, Severity, WarningLevel
from crisisdesk.services.alerts import AlertView
from crisisdesk.services.incidents import IncidentView
from crisisdesk.storage.db import Database
from crisisdesk.ui import alerts_data, labels
from crisisdesk.ui.alerts_reason import reason_text
from crisisdesk.ui.dialogs.escalate_dialog import EscalateDialog
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.widgets.empty_state import EmptyStateStack
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel

Index = QModelIndex | QPersistentModelIndex


class AlertModel(RecordTableModel):
    """Alert rows; the level column is painted in the level's colour."""

    LEVEL_COLUMN = 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.LEVEL_COLUMN:
            alert: AlertView = self.record(index.row())
            back, fore = labels.LEVEL_COLOURS.get(alert.level, labels.LEVEL_COLOURS[WarningLevel.NONE])
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(back))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(fore))
        return super().data(index, role)


class AlertCentre(QWidget):
    """The alert list with the selected alert's reason and the actions on it."""

    incident_opened = Signal(int)  # an alert was escalated to (or attached to) this incident

    def __init__(self, db: Database, *, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._asking = False
        self.model = AlertModel([
            Column(self.tr("时间"), lambda a: labels.when(a.fired_at)),
            Column(self.tr("等级"), lambda a: labels.warning_level(int(a.level))),
            Column(self.tr("规则"),
                   lambda a: labels.single_line(labels.rule(a.rule_label, a.kind), 40)),
            Column(self.tr("原因"), lambda a: labels.single_line(a.reason),
                   tooltip=lambda a: labels.plain_tooltip(a.reason)),
            Column(self.tr("状态"), lambda a: labels.alert_status(a.status.value)),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.stack = EmptyStateStack(self.table, self.tr("暂无预警。\n预警规则触发时，预警将在这里列出并说明原因。"))
        self.open_only = QCheckBox(self.tr("只看未处理"))
        self.open_only.toggled.connect(lambda _on: self.reload())
        self.ack_button = QPushButton(self.tr("确认(&A)…"))
        self.ack_button.setToolTip(self.tr("确认已知悉此预警并填写处置说明（Ctrl+K）"))
        self.ack_button.clicked.connect(self.ask_acknowledge)
        self.escalate_button = QPushButton(self.tr("升级为事件(&E)…"))
        self.escalate_button.setToolTip(self.tr("新建危机事件，或并入已为同一事态建立的事件"))
        self.escalate_button.clicked.connect(self.ask_escalate)
        QShortcut(QKeySequence("Ctrl+K"), self, self.ask_acknowledge)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("选中一条预警，查看触发原因与数据。"))
        bar = QHBoxLayout()
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        bar.addWidget(self.ack_button)
        bar.addWidget(self.escalate_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.stack)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self._update_buttons()

    def reload(self) -> None:
        """Read the alerts again (in the background)."""
        run_op(lambda: alerts_data.alert_list(self.db, open_only=self.open_only.isChecked()),
               on_done=self._on_alerts, parent=self)

    def _on_alerts(self, rows: list[AlertView]) -> None:
        selected = self.selected()
        self.model.set_records(rows)
        self.stack.set_empty(not rows)
        if selected is not None:
            row = self.model.row_of(selected.id)
            if row >= 0:
                self.table.selectRow(row)
        self._show_detail()

    def selected(self) -> AlertView | None:
        """The alert on the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_alert(self, alert_id: int) -> None:
        """Select the row of one alert (e.g. from a chart marker or a notification)."""
        row = self.model.row_of(alert_id)
        if row >= 0:
            self.table.selectRow(row)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _a: QItemSelection, _b: QItemSelection) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        alert = self.selected()
        self.detail.setPlainText(reason_text(alert) if alert is not None else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        alert = self.selected()
        self.ack_button.setEnabled(alert is not None and alert.status == AlertStatus.OPEN)
        self.escalate_button.setEnabled(alert is not None and alert.status != AlertStatus.ESCALATED)

    @Slot()
    def ask_acknowledge(self) -> None:
        """Ask for a note and acknowledge the selected alert."""
        alert = self.selected()
        if alert is None or alert.status != AlertStatus.OPEN:
            return
        note, ok = QInputDialog.getText(self, self.tr("确认预警"),
                                        self.tr("处置说明（将记入审计日志）："))
        if ok:
            self.acknowledge(alert.id, note)

    def acknowledge(self, alert_id: int, note: str) -> None:
        """Acknowledge an alert with a note (written on the writer thread)."""
        run_op(lambda: alerts_data.acknowledge(self.db, alert_id, actor=self.actor, note=note),
               on_done=lambda _v: self.reload(), parent=self, write=True)

    @Slot()
    def ask_escalate(self) -> None:
        """Read the open incidents, then ask whether to open a new one or attach the alert to one."""
        alert = self.selected()
        if alert is None or alert.status == AlertStatus.ESCALATED or self._asking:
            return
        self._asking = True  # a second click while the incidents are read opens no second dialog
        run_op(lambda: alerts_data.open_incidents(self.db),
               on_done=lambda rows: self._ask_escalate(alert, rows),
               on_error=self._ask_failed, parent=self)

    def _ask_failed(self, exc: BaseException) -> None:
        self._asking = False
        report_error(exc, parent=self)

    def _ask_escalate(self, alert: AlertView, open_incidents: list[IncidentView]) -> None:
        try:
            dialog = EscalateDialog(alert, open_incidents, self)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self._asking = False
        if accepted:
            self.escalate(alert.id, title=dialog.title.text(),
                          severity=Severity(int(dialog.severity.currentData())),
                          note=dialog.note.text(), incident_id=dialog.incident_id())

    def escalate(self, alert_id: int, *, title: str | None, severity: Severity, note: str = "",
                 incident_id: int | None = None) -> None:
        """Escalate an alert to a new incident, or attach it to an open one (incident_id)."""

        def done(new_id: int) -> None:
            self.reload()
            self.incident_opened.emit(new_id)

        run_op(lambda: alerts_data.escalate(self.db, alert_id, actor=self.actor, severity=severity,
                                            title=title or None, note=note,
                                            incident_id=incident_id),
               on_done=done, parent=self, write=True)
