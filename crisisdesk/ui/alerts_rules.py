"""预警规则 (rule editor): thresholds, sensitivity, minimum volume, cooldown, index weights; backtest."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.analysis.signals.index import DEFAULT_WEIGHTS, INDICATORS
from crisisdesk.analysis.signals.model import Firing
from crisisdesk.analysis.signals.rules import SERIES_KINDS, RuleSpec
from crisisdesk.storage.db import Database
from crisisdesk.ui import alerts_data, labels
from crisisdesk.ui.labels import QT_TRANSLATE_NOOP
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel

# key -> (label, default, minimum, maximum, decimals); the kinds each key belongs to below.
FIELDS: dict[str, tuple[str, float, float, float, int]] = {
    "window_minutes": (QT_TRANSLATE_NOOP("RuleEditor", "统计窗口（分钟）"), 60, 1, 1440, 0),
    "threshold": (QT_TRANSLATE_NOOP("RuleEditor", "阈值（蓝色线）"), 0, 0, 1e7, 2),
    "min_volume": (QT_TRANSLATE_NOOP("RuleEditor", "最低评论量（窗口内）"), 0, 0, 1e6, 0),
    "sensitivity": (QT_TRANSLATE_NOOP("RuleEditor", "灵敏度（得分阈值，越小越灵敏）"), 5, 1, 20, 1),
    "min_ratio": (QT_TRANSLATE_NOOP("RuleEditor", "最小倍数（相对预期）"), 1.6, 1, 20, 2),
    "min_count": (QT_TRANSLATE_NOOP("RuleEditor", "最低评论量（每 15 分钟）"), 10, 0, 1e6, 0),
    "min_level": (QT_TRANSLATE_NOOP("RuleEditor", "最低量（相对平常窗口量）"), 0.5, 0, 10, 2),
    "min_size": (QT_TRANSLATE_NOOP("RuleEditor", "最少相似评论数"), 10, 2, 1e6, 0),
    "min_authors": (QT_TRANSLATE_NOOP("RuleEditor", "最少账号数"), 5, 1, 1e6, 0),
}
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "volume": ("window_minutes", "threshold"),
    "negative_share": ("window_minutes", "threshold", "min_volume"),
    "watch_words": ("window_minutes", "threshold"),
    "spike": ("sensitivity", "min_ratio", "min_count", "min_level"),
    "wave": ("window_minutes", "min_size", "min_authors"),
    "index": ("window_minutes",),
}
LEVEL_NAMES = (QT_TRANSLATE_NOOP("RuleEditor", "蓝色"), QT_TRANSLATE_NOOP("RuleEditor", "黄色"), QT_TRANSLATE_NOOP("RuleEditor", "橙色"), QT_TRANSLATE_NOOP("RuleEditor", "红色"))
INDEX_LEVELS = (25.0, 45.0, 65.0, 85.0)


def _spin(low: float, high: float, decimals: int, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setValue(value)
    box.setAccelerated(True)
    return box


class RuleEditor(QWidget):
    """Rules on the left; the selected rule's settings, save and backtest on the right."""

    backtested = Signal(object)  # alerts_data.Backtest
    saved = Signal(str)  # rule name

    def __init__(self, db: Database, *, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.specs: list[RuleSpec] = []
        self.current: RuleSpec | None = None
        self.inputs: dict[str, QDoubleSpinBox] = {}
        self.weights: dict[str, QDoubleSpinBox] = {}
        self.levels: list[QDoubleSpinBox] = []
        self.rules = QListWidget()
        self.rules.currentRowChanged.connect(self._on_rule)
        self.enabled = QCheckBox(self.tr("启用此规则"))
        self.cooldown = _spin(0, 7 * 24 * 60, 0, 60)
        self.cooldown.setSuffix(self.tr(" 分钟"))
        self.form_box = QGroupBox(self.tr("规则参数"))
        self.form = QFormLayout(self.form_box)
        self.save_button = QPushButton(self.tr("保存规则(&S)"))
        self.save_button.clicked.connect(self.save)
        self.backtest_button = QPushButton(self.tr("回测（近 30 天）(&B)"))
        self.backtest_button.setToolTip(self.tr("用当前参数在已存储的历史数据上运行此规则，显示会在何时触发"))
        self.backtest_button.clicked.connect(self.run_backtest)
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.firings = RecordTableModel([
            Column(self.tr("触发时间"), lambda f: labels.when(datetime.fromtimestamp(f.at, UTC))),
            Column(self.tr("等级"), lambda f: labels.warning_level(int(f.level))),
            Column(self.tr("观测值"), lambda f: f"{f.value:.3g}"),
            Column(self.tr("基准"), lambda f: "" if f.baseline is None else f"{f.baseline:.3g}"),
            Column(self.tr("原因"), lambda f: labels.single_line(f.reason),
                   tooltip=lambda f: labels.plain_tooltip(f.reason)),
        ], self)
        self.firing_view = QTableView()
        self.firing_view.setModel(self.firings)
        self.firing_view.verticalHeader().hide()
        self.firing_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.firing_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.enabled)
        top.addWidget(QLabel(self.tr("冷却时间")))
        top.addWidget(self.cooldown)
        top.addStretch(1)
        top.addWidget(self.save_button)
        top.addWidget(self.backtest_button)
        column.addLayout(top)
        column.addWidget(self.form_box)
        column.addWidget(self.result)
        column.addWidget(self.firing_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.rules)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def reload(self) -> None:
        """Read the rules again (in the background)."""
        run_op(lambda: alerts_data.rule_specs(self.db), on_done=self._on_specs, parent=self)

    def _on_specs(self, specs: list[RuleSpec]) -> None:
        keep = self.current.name if self.current else None
        self.specs = specs
        self.rules.blockSignals(True)
        self.rules.clear()
        for spec in specs:
            state = "" if spec.enabled else self.tr("（停用）")
            item = QListWidgetItem(f"{labels.rule(spec.label, spec.kind)}{state}")
            item.setToolTip(spec.name)
            self.rules.addItem(item)
        self.rules.blockSignals(False)
        names = [s.name for s in specs]
        self.rules.setCurrentRow(names.index(keep) if keep in names else 0 if specs else -1)

    def select_rule(self, name: str) -> None:
        """Show one rule in the editor."""
        names = [s.name for s in self.specs]
        if name in names:
            self.rules.setCurrentRow(names.index(name))

    @Slot(int)
    def _on_rule(self, row: int) -> None:
        self.current = self.specs[row] if 0 <= row < len(self.specs) else None
        self._build_form()

    def _build_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs, self.weights, self.levels = {}, {}, []
        spec = self.current
        self.firings.set_records([])
        self.result.clear()
        if spec is None:
            return
        self.enabled.setChecked(spec.enabled)
        self.cooldown.setValue(spec.cooldown_seconds / 60)
        p = spec.params
        for key in KIND_FIELDS.get(spec.kind, ()):
            label, default, low, high, decimals = FIELDS[key]
            if spec.kind == "watch_words" and key == "window_minutes":
                default = 30
            value = p.get(key, default)
            if spec.kind == "negative_share" and key == "threshold":
                box = _spin(0, 100, 1, 100 * float(value or 0.5))
                box.setSuffix(" %")
                label = QT_TRANSLATE_NOOP("RuleEditor", "负面占比阈值（蓝色线）")
            else:
                box = _spin(low, high, decimals, float(value))
            self.inputs[key] = box
            self.form.addRow(QCoreApplication.translate("RuleEditor", label), box)
        if spec.kind == "index":
            weights = {**DEFAULT_WEIGHTS, **dict(p.get("weights", {}))}
            for key in INDICATORS:
                box = _spin(0, 1, 2, float(weights[key]))
                box.setSingleStep(0.05)
                self.weights[key] = box
                self.form.addRow(self.tr("权重：{name}").format(name=labels.indicator(key)), box)
            for name, value in zip(LEVEL_NAMES, p.get("levels", INDEX_LEVELS), strict=False):
                box = _spin(1, 100, 0, float(value))
                self.levels.append(box)
                self.form.addRow(self.tr("{level}预警线（指数）").format(
                    level=QCoreApplication.translate("RuleEditor", name)), box)
        self.backtest_button.setEnabled(spec.kind in SERIES_KINDS)

    def edited_spec(self) -> RuleSpec | None:
        """The rule with the values now in the form."""
        spec = self.current
        if spec is None:
            return None
        params: dict[str, Any] = dict(spec.params)
        for key, box in self.inputs.items():
            value: float = box.value()
            if spec.kind == "negative_share" and key == "threshold":
                value = value / 100.0
            decimals = FIELDS[key][4]
            params[key] = int(value) if decimals == 0 else value
        if spec.kind in ("volume", "negative_share", "watch_words") and "threshold" in self.inputs:
            params.pop("levels", None)  # the four lines follow the edited blue line
        if self.weights:
            params["weights"] = {k: round(b.value(), 4) for k, b in self.weights.items()}
        if self.levels:
            params["levels"] = [b.value() for b in self.levels]
        return RuleSpec(spec.name, spec.kind, params, int(self.cooldown.value() * 60),
                        self.enabled.isChecked())

    @Slot()
    def save(self) -> None:
        """Store the edited rule (validated by the service; errors are shown)."""
        spec = self.edited_spec()
        if spec is None:
            return

        def done(_v: object) -> None:
            name = labels.rule(spec.label, spec.kind)
            self.result.setText(self.tr("规则“{label}”已保存。").format(label=name))
            self.saved.emit(spec.name)
            self.reload()

        run_op(lambda: alerts_data.save_rule(self.db, spec, actor=self.actor), on_done=done,
               parent=self, write=True)

    @Slot()
    def run_backtest(self, *, now: datetime | None = None) -> None:
        """Run the edited rule over the stored history and list when it would have fired."""
        spec = self.edited_spec()
        if spec is None or spec.kind not in SERIES_KINDS:
            return
        self.result.setText(self.tr("正在回测……"))
        run_op(lambda: alerts_data.backtest(self.db, spec.name, params=spec.params, now=now),
               on_done=self._on_backtest, parent=self)

    def _on_backtest(self, result: alerts_data.Backtest) -> None:
        self.firings.set_records([_Row(i, f) for i, f in enumerate(result.firings)])
        worst = max((int(f.level) for f in result.firings), default=0)
        self.result.setText(self.tr(
            "回测区间 {start} 至 {end}：此规则将触发 {n} 次，最高等级：{level}。"
        ).format(start=labels.when(result.start), end=labels.when(result.end),
                 n=len(result.firings), level=labels.warning_level(worst)))
        self.backtested.emit(result)


class _Row:
    """A firing with an id, for the record model."""

    __slots__ = ("at", "baseline", "id", "level", "reason", "value")

    def __init__(self, i: int, f: Firing) -> None:
        self.id = i
        self.at, self.level, self.value = f.at, f.level, f.value
        self.baseline, self.reason = f.baseline, f.reason
