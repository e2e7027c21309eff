"""危机事件 (incidents): list, lifecycle, severity, owner, deadline countdowns, timeline, crisis mode."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import IncidentStatus, Severity
from crisisdesk.services.incidents import TRANSITIONS, Countdown, IncidentView, TimelineEntry
from crisisdesk.storage.db import Database
from crisisdesk.ui import alerts_data, labels
from crisisdesk.ui.labels import QT_TRANSLATE_NOOP
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.widgets.empty_state import EmptyStateStack
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel

TICK_MS = 1000  # countdowns tick every second, from the due times already loaded
KIND_LABELS = {
    "opened": QT_TRANSLATE_NOOP("IncidentsView", "建立"),
    "status": QT_TRANSLATE_NOOP("IncidentsView", "状态"),
    "severity": QT_TRANSLATE_NOOP("IncidentsView", "等级"),
    "owner": QT_TRANSLATE_NOOP("IncidentsView", "负责人"),
    "note": QT_TRANSLATE_NOOP("IncidentsView", "备注"),
    "first_reply": QT_TRANSLATE_NOOP("IncidentsView", "首次回复"),
    "statement": QT_TRANSLATE_NOOP("IncidentsView", "声明"),
    "press": QT_TRANSLATE_NOOP("IncidentsView", "发布会"),
    "comments": QT_TRANSLATE_NOOP("IncidentsView", "关联评论"),
    "alert": QT_TRANSLATE_NOOP("IncidentsView", "预警"),
    "level": QT_TRANSLATE_NOOP("IncidentsView", "预警等级"),
    "crisis_mode": QT_TRANSLATE_NOOP("IncidentsView", "危机模式"),
}


def kind_label(kind: str) -> str:
    """A timeline entry's kind in words (an unknown kind as recorded)."""
    source = KIND_LABELS.get(kind)
    return QCoreApplication.translate("IncidentsView", source) if source is not None else kind


def countdown_text(c: Countdown, now: datetime) -> str:
    """One deadline as a line, recomputed for `now` (no query needed)."""
    if c.met_at is not None:
        met = c.met_at.astimezone().strftime(
            QCoreApplication.translate("IncidentsView", "%m月%d日 %H:%M")
        )
        return QCoreApplication.translate("IncidentsView", "{label}：已于 {time} 完成").format(
            label=labels.deadline(c.kind), time=met
        )
    left = int((c.due_at - now).total_seconds())
    h, rest = divmod(abs(left), 3600)
    span = QCoreApplication.translate("IncidentsView", "{h}小时{m:02d}分{s:02d}秒").format(
        h=h, m=rest // 60, s=rest % 60
    )
    if left < 0:
        return QCoreApplication.translate("IncidentsView", "{label}：已超时 {span}").format(
            label=labels.deadline(c.kind), span=span
        )
    return QCoreApplication.translate("IncidentsView", "{label}：剩余 {span}").format(
        label=labels.deadline(c.kind), span=span
    )


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class IncidentsView(QWidget):
    """Open (and optionally closed) incidents, the selected one's details and actions."""

    crisis_changed = Signal(bool)  # crisis mode is in force

    def __init__(self, db: Database, *, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.crisis_by: str | None = None
        self.countdowns: list[Countdown] = []
        self._waves_of: int | None = None  # the incident whose waves the list shows
        self.model = RecordTableModel([
            Column(self.tr("编号"), lambda i: f"#{i.id}"),
            Column(self.tr("事件"), lambda i: labels.single_line(i.title, 60),
                   tooltip=lambda i: labels.plain_tooltip(i.title)),
            Column(self.tr("等级"), lambda i: labels.severity(i.severity)),
            Column(self.tr("状态"), lambda i: labels.incident_status(i.status.value)),
            Column(self.tr("负责人"), lambda i: i.owner or ""),
            Column(self.tr("建立时间"), lambda i: labels.when(i.opened_at)),
            Column(self.tr("关联评论"), lambda i: str(i.linked_comments)),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.stack = EmptyStateStack(self.table, self.tr(
            "暂无危机事件。\n可从预警中心将预警升级为事件，或点击“新建事件”手动建立。"))
        self.include_closed = QCheckBox(self.tr("显示已结束"))
        self.include_closed.toggled.connect(lambda _on: self.reload())
        self.new_button = QPushButton(self.tr("新建事件(&N)…"))
        self.new_button.clicked.connect(self.ask_create)
        self.crisis_label = _plain()
        self.crisis_button = QPushButton()
        self.crisis_button.clicked.connect(self.toggle_crisis)
        # Detail of the selected incident.
        self.title = _plain()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt")
        self.countdown_label = _plain()
        self.countdown_label.setStyleSheet("font-size: 11pt")
        self.severity = QComboBox()
        for grade in Severity:
            self.severity.addItem(labels.severity(grade), int(grade))
        self.severity.activated.connect(self._on_severity)
        self.next_status = QComboBox()
        self.status_button = QPushButton(self.tr("变更状态"))
        self.status_button.clicked.connect(self._on_status)
        self.owner = QLineEdit()
        self.owner.setPlaceholderText(self.tr("负责人用户名"))
        self.owner.returnPressed.connect(self._on_owner)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("填写备注，回车记入时间线"))
        self.note.returnPressed.connect(self._on_note)
        self.statement_button = QPushButton(self.tr("记录发布声明…"))
        self.statement_button.clicked.connect(lambda: self._ask_statement(False))
        self.press_button = QPushButton(self.tr("记录新闻发布会…"))
        self.press_button.clicked.connect(lambda: self._ask_statement(True))
        self.reply_button = QPushButton(self.tr("记录首次回复"))
        self.reply_button.clicked.connect(self._on_first_reply)
        # Recent waves by size, described: a user picks one by what it says, not by its number.
        self.wave_choice = QComboBox()
        self.wave_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.wave_choice.setMinimumContentsLength(34)
        self.wave_choice.setToolTip(self.tr("近 24 小时内相同或高度相似的评论（疑似水军波次），按条数排列"))
        self.wave_button = QPushButton(self.tr("关联该波次全部评论"))
        self.wave_button.clicked.connect(self._on_link_wave)
        self.timeline = RecordTableModel([
            Column(self.tr("时间"), lambda e: labels.when(e.at)),
            Column(self.tr("类别"), lambda e: kind_label(e.kind)),
            Column(self.tr("操作人"), lambda e: e.actor or ""),
            Column(self.tr("内容"), lambda e: labels.single_line(e.text),
                   tooltip=lambda e: labels.plain_tooltip(e.text)),
        ], self)
        self.timeline_view = QTableView()
        self.timeline_view.setModel(self.timeline)
        self.timeline_view.verticalHeader().hide()
        th = self.timeline_view.horizontalHeader()
        th.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        th.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._layout()
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self._show(None)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.include_closed)
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        bar.addWidget(self.crisis_label)
        bar.addWidget(self.crisis_button)
        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("等级")))
        row1.addWidget(self.severity)
        row1.addWidget(QLabel(self.tr("状态")))
        row1.addWidget(self.next_status)
        row1.addWidget(self.status_button)
        row1.addWidget(QLabel(self.tr("负责人")))
        row1.addWidget(self.owner)
        row2 = QHBoxLayout()
        for w in (self.statement_button, self.press_button, self.reply_button):
            row2.addWidget(w)
        row2.addStretch(1)
        row3 = QHBoxLayout()
        row3.addWidget(QLabel(self.tr("评论波次")))
        row3.addWidget(self.wave_choice, 1)
        row3.addWidget(self.wave_button)
        self.detail = QWidget()
        col = QVBoxLayout(self.detail)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.title)
        col.addWidget(self.countdown_label)
        col.addLayout(row1)
        col.addLayout(row2)
        col.addLayout(row3)
        col.addWidget(self.timeline_view, 1)
        col.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.stack)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the incidents and the crisis mode again (in the background)."""
        run_op(lambda: alerts_data.incident_list(
            self.db, include_closed=self.include_closed.isChecked()),
            on_done=self._on_list, parent=self)

    def _on_list(self, result: tuple[list[IncidentView], str | None]) -> None:
        rows, crisis_by = result
        keep = self.selected_id()
        self.model.set_records(rows)
        self.stack.set_empty(not rows)
        self.crisis_by = crisis_by
        if crisis_by is None:
            self.crisis_label.setText(self.tr("危机模式：未启动"))
            self.crisis_button.setText(self.tr("启动危机模式…"))
        else:
            self.crisis_label.setText(self.tr("危机模式运行中，启动人：{who}").format(who=crisis_by))
            self.crisis_button.setText(self.tr("解除危机模式…"))
        self.crisis_changed.emit(crisis_by is not None)
        target = keep if keep is not None and self.model.row_of(keep) >= 0 else (
            rows[0].id if rows else None)
        if target is not None:
            self.select_incident(target)
        else:
            self._show(None)

    def selected_id(self) -> int | None:
        """The id of the selected incident."""
        rows = self.table.selectionModel().selectedRows()
        return int(self.model.record(rows[0].row()).id) if rows else None

    def select_incident(self, incident_id: int) -> None:
        """Select an incident and load its details."""
        row = self.model.row_of(incident_id)
        if row < 0:
            return
        if self.selected_id() == incident_id:
            self._load_detail(incident_id)
        else:
            self.table.selectRow(row)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _a: QItemSelection, _b: QItemSelection) -> None:
        incident_id = self.selected_id()
        if incident_id is None:
            self._show(None)
        else:
            self._load_detail(incident_id)

    def _load_detail(self, incident_id: int) -> None:
        run_op(lambda: alerts_data.incident_detail(self.db, incident_id),
               on_done=self._show, parent=self)

    def _show(self, detail: alerts_data.IncidentDetail | None) -> None:
        self.detail.setEnabled(detail is not None)
        if detail is None:
            self.title.setText(self.tr("请选择一个事件。"))
            self.countdowns = []
            self.countdown_label.clear()
            self.timeline.set_records([])
            self._show_waves([], None, None)
            return
        v = detail.view
        grade, stage = labels.severity(v.severity), labels.incident_status(v.status.value)
        self.title.setText(f"#{v.id} {v.title} · {grade} · {stage}")
        self.severity.setCurrentIndex(self.severity.findData(int(v.severity)))
        self.next_status.clear()
        for status in sorted(TRANSITIONS[v.status], key=list(IncidentStatus).index):
            self.next_status.addItem(labels.incident_status(status.value), status.value)
        self.status_button.setEnabled(self.next_status.count() > 0)
        self.owner.setText(v.owner or "")
        self.countdowns = list(v.countdowns)
        self.timeline.set_records([_Entry(i, e) for i, e in enumerate(detail.timeline)])
        self.timeline_view.scrollToBottom()
        self._show_waves(detail.waves, detail.suggested_wave, v.id)
        self.tick()

    def _show_waves(self, waves: list[alerts_data.WaveChoice], suggested: int | None,
                    incident_id: int | None) -> None:
        # A reload of the same incident keeps the user's pick; another incident starts afresh.
        keep = self.wave_choice.currentData() if incident_id == self._waves_of else None
        self._waves_of = incident_id
        self.wave_choice.clear()
        for wave in waves:
            self.wave_choice.addItem(wave.label, wave.id)
            self.wave_choice.setItemData(self.wave_choice.count() - 1,
                                         labels.plain_tooltip(wave.text), Qt.ItemDataRole.ToolTipRole)
        if not waves:
            self.wave_choice.setPlaceholderText(self.tr("近 24 小时没有相似评论波次"))
        target = keep if keep is not None and self.wave_choice.findData(keep) >= 0 else suggested
        if target is not None:
            self.wave_choice.setCurrentIndex(self.wave_choice.findData(target))
        self.wave_choice.setEnabled(bool(waves))
        self.wave_button.setEnabled(bool(waves))

    @Slot()
    def tick(self, now: datetime | None = None) -> None:
        """Update the countdowns from the loaded due times (every second)."""
        moment = now or datetime.now(UTC)
        if not self.countdowns:
            self.countdown_label.setText(self.tr("此事件没有响应时限。") if self.detail.isEnabled()
                                         else "")
            return
        lines = [countdown_text(c, moment) for c in self.countdowns]
        overdue = any(c.met_at is None and c.due_at < moment for c in self.countdowns)
        self.countdown_label.setStyleSheet("font-size: 11pt; color: %s"
                                           % ("#c81e1e" if overdue else "#1e3a5f"))
        self.countdown_label.setText("    ".join(lines))

    # --- actions ----------------------------------------------------------------------------

    def _write(self, fn: object, then_select: int | None = None) -> None:
        def done(_v: object) -> None:
            self.reload()
            if then_select is not None:
                self.select_incident(then_select)

        run_op(fn, on_done=done, parent=self, write=True)  # type: ignore[arg-type]

    @Slot()
    def ask_create(self) -> None:
        """Ask for a title and open an incident by hand (grade IV; regrade after)."""
        title, ok = QInputDialog.getText(self, self.tr("新建危机事件"), self.tr("事件标题："))
        if ok and title.strip():
            self.create_incident(title.strip(), Severity.IV)

    def create_incident(self, title: str, severity: Severity, description: str = "") -> None:
        """Open an incident by hand."""
        run_op(lambda: alerts_data.create_incident(self.db, title=title, severity=severity,
                                                   actor=self.actor, description=description),
               on_done=self._created, parent=self, write=True)

    def _created(self, incident_id: int) -> None:
        self.reload()
        self.select_incident(incident_id)

    def _on_severity(self, _index: int) -> None:
        incident_id = self.selected_id()
        if incident_id is not None:
            grade = Severity(int(self.severity.currentData()))
            self._write(lambda: alerts_data.set_severity(self.db, incident_id, grade,
                                                         actor=self.actor))

    def _on_status(self) -> None:
        incident_id = self.selected_id()
        value = self.next_status.currentData()
        if incident_id is not None and value:
            self.set_status(incident_id, IncidentStatus(value))

    def set_status(self, incident_id: int, status: IncidentStatus, note: str = "") -> None:
        """Move an incident to another stage."""
        self._write(lambda: alerts_data.set_status(self.db, incident_id, status, actor=self.actor,
                                                   note=note))

    def _on_owner(self) -> None:
        incident_id = self.selected_id()
        owner = self.owner.text().strip()
        if incident_id is not None and owner:
            self._write(lambda: alerts_data.assign_owner(self.db, incident_id, owner,
                                                         actor=self.actor))

    def _on_note(self) -> None:
        incident_id = self.selected_id()
        text = self.note.text().strip()
        if incident_id is not None and text:
            self.note.clear()
            self._write(lambda: alerts_data.add_note(self.db, incident_id, text, actor=self.actor))

    def _ask_statement(self, press: bool) -> None:
        incident_id = self.selected_id()
        if incident_id is None:
            return
        title = self.tr("记录新闻发布会") if press else self.tr("记录发布声明")
        text, ok = QInputDialog.getText(self, title, self.tr("内容摘要："))
        if ok and text.strip():
            self._write(lambda: alerts_data.record_statement(
                self.db, incident_id, text.strip(), actor=self.actor, press_conference=press))

    def _on_first_reply(self) -> None:
        incident_id = self.selected_id()
        if incident_id is not None:
            self._write(lambda: alerts_data.record_first_reply(self.db, incident_id,
                                                               actor=self.actor))

    def _on_link_wave(self) -> None:
        wave_id = self.wave_choice.currentData()
        if wave_id is not None:
            self.link_wave(int(wave_id))

    def link_wave(self, wave_id: int) -> None:
        """Link every comment of a copy-paste wave to the selected incident."""
        incident_id = self.selected_id()
        if incident_id is not None:
            self._write(lambda: alerts_data.link_wave(self.db, incident_id, wave_id,
                                                      actor=self.actor))

    @Slot()
    def toggle_crisis(self) -> None:
        """Start crisis mode (with a reason) or lift it."""
        if self.crisis_by is None:
            reason, ok = QInputDialog.getText(self, self.tr("启动危机模式"), self.tr(
                "启动原因（将暂停全部定时发布和互动活动）："))
            if ok and reason.strip():
                self.start_crisis(reason.strip())
        else:
            note, ok = QInputDialog.getText(self, self.tr("解除危机模式"), self.tr("说明："))
            if ok:
                self.lift_crisis(note)

    def start_crisis(self, reason: str) -> None:
        """Start crisis mode, linked to the selected incident."""
        incident_id = self.selected_id()
        self._write(lambda: alerts_data.start_crisis(self.db, actor=self.actor, reason=reason,
                                                     incident_id=incident_id))

    def lift_crisis(self, note: str = "") -> None:
        """Lift crisis mode."""
        self._write(lambda: alerts_data.lift_crisis(self.db, actor=self.actor, note=note))


class _Entry:
    """A timeline line with an id, for the record model."""

    __slots__ = ("actor", "at", "id", "kind", "text")

    def __init__(self, i: int, e: TimelineEntry) -> None:
        self.id = i
        self.at, self.kind, self.text, self.actor = e.at, e.kind, e.text, e.actor
