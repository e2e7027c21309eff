"""升级为危机事件 (escalate an alert): open a new incident, or attach the alert to an open one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Severity, WarningLevel
from crisisdesk.services.alerts import AlertView
from crisisdesk.services.incidents import IncidentView
from crisisdesk.ui import labels

# Warning levels and emergency grades run in step (突发事件应对法: 一级/红色 … 四级/蓝色):
# an orange warning suggests a 重大（II级） incident, with its 5 h / 24 h deadlines.
SEVERITY_FOR_LEVEL = {
    WarningLevel.RED: Severity.I,
    WarningLevel.ORANGE: Severity.II,
    WarningLevel.YELLOW: Severity.III,
}

# One event raises several alerts within hours (spike, negative share, watch-words, a wave, the
# index): an incident opened this recently is most likely the one a new alert belongs to.
RECENT_HOURS = 24


def incident_label(incident: IncidentView) -> str:
    """One line for the list of open incidents: "#id 标题 · 等级 · 状态"."""
    return QCoreApplication.translate("EscalateDialog", "#{id} {title} · {grade} · {status}").format(
        id=incident.id, title=labels.single_line(incident.title, 40),
        grade=labels.severity(int(incident.severity)),
        status=labels.incident_status(incident.status.value),
    )


class EscalateDialog(QDialog):
    """A new incident (title, grade) or an open one to attach to, and a note."""

    def __init__(self, alert: AlertView, open_incidents: list[IncidentView] | None = None,
                 parent: QWidget | None = None, *, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("升级为危机事件"))
        self.new_incident = QRadioButton(self.tr("新建危机事件"))
        self.attach = QRadioButton(self.tr("并入已有事件"))
        choice = QButtonGroup(self)
        choice.addButton(self.new_incident)
        choice.addButton(self.attach)

        self.title = QLineEdit(
            labels.noted(labels.rule(alert.rule_label, alert.kind), labels.when(alert.fired_at))
        )
        self.title.setMinimumWidth(self.title.fontMetrics().horizontalAdvance("汉" * 28))
        self.severity = QComboBox()
        for grade in Severity:
            self.severity.addItem(labels.severity(grade), int(grade))
        grade = SEVERITY_FOR_LEVEL.get(alert.level, Severity.IV)
        self.severity.setCurrentIndex(self.severity.findData(int(grade)))
        new_form = QFormLayout()
        new_form.addRow(self.tr("事件标题"), self.title)
        new_form.addRow(self.tr("事件等级"), self.severity)

        # Newest first, as the service lists them; closed (结束) incidents are not offered.
        incidents = list(open_incidents or [])
        self.incident = QComboBox()
        for inc in incidents:
            self.incident.addItem(incident_label(inc), inc.id)
        attach_form = QFormLayout()
        attach_form.addRow(self.tr("并入事件"), self.incident)
        if not incidents:
            self.attach.setEnabled(False)
            self.attach.setToolTip(self.tr("当前没有未结束的危机事件。"))

        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("处置说明（可选）"))
        note_form = QFormLayout()
        note_form.addRow(self.tr("说明"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.new_incident)
        layout.addLayout(new_form)
        layout.addWidget(self.attach)
        layout.addLayout(attach_form)
        layout.addLayout(note_form)
        layout.addWidget(buttons)

        self.attach.toggled.connect(self._on_choice)
        when = now or datetime.now(UTC)
        recent = bool(incidents) and incidents[0].opened_at >= when - timedelta(hours=RECENT_HOURS)
        (self.attach if recent else self.new_incident).setChecked(True)
        self._on_choice(recent)

    def _on_choice(self, attaching: bool) -> None:
        self.title.setEnabled(not attaching)
        self.severity.setEnabled(not attaching)
        self.incident.setEnabled(attaching)

    def incident_id(self) -> int | None:
        """The open incident chosen to attach the alert to; None when a new one is to be opened."""
        if not self.attach.isChecked() or self.incident.currentIndex() < 0:
            return None
        return int(self.incident.currentData())
