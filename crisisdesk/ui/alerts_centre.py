"""预警中心 (alert centre): alerts with level colour and reason; acknowledge with a note; escalate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import AlertStatus, Severity, WarningLevel
from crisisdesk.services.alerts import AlertView
from crisisdesk.storage.db import Database
from crisisdesk.ui import alerts_data, labels
from crisisdesk.ui.alerts_reason import reason_text
from crisisdesk.ui.ops import run_op
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


# Warning levels and emergency grades run in step (突发事件应对法: 一级/红色 … 四级/蓝色):
# an orange warning suggests a 重大（II级） incident, with its 5 h / 24 h deadlines.
SEVERITY_FOR_LEVEL = {
    WarningLevel.RED: Severity.I,
    WarningLevel.ORANGE: Severity.II,
    WarningLevel.YELLOW: Severity.III,
}


class EscalateDialog(QDialog):
    """Title, severity and a note for turning an alert into an incident."""

    def __init__(self, alert: AlertView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("升级为危机事件"))
        form = QFormLayout(self)
        self.title = QLineEdit(
            labels.noted(labels.rule(alert.rule_label, alert.kind), labels.when(alert.fired_at))
        )
        self.title.setMinimumWidth(self.title.fontMetrics().horizontalAdvance("汉" * 28))
        self.severity = QComboBox()
        for grade in Severity:
            self.severity.addItem(labels.severity(grade), int(grade))
        grade = SEVERITY_FOR_LEVEL.get(alert.level, Severity.IV)
        self.severity.setCurrentIndex(self.severity.findData(int(grade)))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("处置说明（可选）"))
        form.addRow(self.tr("事件标题"), self.title)
        form.addRow(self.tr("事件等级"), self.severity)
        form.addRow(self.tr("说明"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AlertCentre(QWidget):
    """The alert list with the selected alert's reason and the actions on it."""

    incident_opened = Signal(int)  # an alert was escalated to this incident

    def __init__(self, db: Database, *, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
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
        """Ask for a title and grade, then escalate the selected alert to an incident."""
        alert = self.selected()
        if alert is None:
            return
        dialog = EscalateDialog(alert, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.escalate(alert.id, title=dialog.title.text(),
                          severity=Severity(int(dialog.severity.currentData())),
                          note=dialog.note.text())

    def escalate(self, alert_id: int, *, title: str | None, severity: Severity, note: str = "",
                 incident_id: int | None = None) -> None:
        """Escalate an alert to a new (or existing) incident."""

        def done(new_id: int) -> None:
            self.reload()
            self.incident_opened.emit(new_id)

        run_op(lambda: alerts_data.escalate(self.db, alert_id, actor=self.actor, severity=severity,
                                            title=title or None, note=note,
                                            incident_id=incident_id),
               on_done=done, parent=self, write=True)
