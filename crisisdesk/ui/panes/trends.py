"""趋势与预警 (trends and early warning): charts over the trend buckets, alerts, incidents, rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Changes, WarningLevel
from crisisdesk.services.hotwords import HotWordsResult
from crisisdesk.services.inbox_filters import InboxFilter
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.alerts_centre import AlertCentre
from crisisdesk.ui.alerts_data import actor_name
from crisisdesk.ui.alerts_rules import RuleEditor
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.incidents_view import IncidentsView
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.panes.trends_charts import TimeCharts
from crisisdesk.ui.panes.trends_data import (
    RANGES,
    ChartData,
    Context,
    interval_for,
    load_chart,
    load_context,
    load_hot_words,
    load_update,
)
from crisisdesk.ui.panes.trends_extra import ComparisonChart, HeatmapChart, HotWordsChart
from crisisdesk.ui.panes.trends_summary import SummaryLine
from crisisdesk.ui.widgets.empty_state import EmptyStateStack

LIVE_MS = 10_000  # the live view asks for new buckets this often
CHANGE_DELAY_MS = 1000  # during a sync burst, one tail read per second is enough


class TrendsPane(Pane):
    """Charts of the chosen range, updated in place; alert centre, incidents and rules in tabs."""

    open_inbox_filter = Signal(dict)  # an InboxFilter.to_dict(): the lead wires it to the inbox

    def __init__(
        self,
        db: Database,
        changes: ChangesBridge,
        parent: QWidget | None = None,
        *,
        actor: str | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(db, changes, parent)
        self.now = now or (lambda: datetime.now(UTC))
        self.actor = actor or actor_name()
        self.range_key = "7d"
        self.custom: tuple[datetime, datetime] | None = None
        self.data: ChartData | None = None
        self.context: Context | None = None
        self.hot: HotWordsResult | None = None
        self._pending = 0
        self._generation = 0  # a reply for an older range is dropped
        self._tail_busy = False
        self._said: tuple[float, ...] = ()  # what the summary line says (see _update_summary)
        self._build()
        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_MS)
        self.live_timer.timeout.connect(self.live_tick)
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.setInterval(CHANGE_DELAY_MS)
        self._change_timer.timeout.connect(self._on_data_changed)
        changes.changed.connect(self.on_changes)
        self.reload()
        self.alerts.reload()
        self.incidents.reload()
        self.rules.reload()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        bar = QHBoxLayout()
        self.range_group = QButtonGroup(self)
        names = {
            "1h": self.tr("1小时"),
            "24h": self.tr("24小时"),
            "7d": self.tr("7天"),
            "30d": self.tr("30天"),
            "custom": self.tr("自定义"),
        }
        self.range_buttons: dict[str, QToolButton] = {}
        for key, text in names.items():
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=key: self.set_range(k))
            self.range_group.addButton(button)
            self.range_buttons[key] = button
            bar.addWidget(button)
        self.range_buttons[self.range_key].setChecked(True)
        self.from_edit = QDateTimeEdit()
        self.to_edit = QDateTimeEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.to_edit.setDateTime(QDateTime.currentDateTime())
        self.from_edit.setDateTime(QDateTime.currentDateTime().addDays(-3))
        self.apply_custom = QPushButton(self.tr("应用"))
        self.apply_custom.clicked.connect(self._on_custom)
        for w in (self.from_edit, self.to_edit, self.apply_custom):
            bar.addWidget(w)
        self.live = QCheckBox(self.tr("实时跟随(&L)"))
        self.live.setToolTip(self.tr("每 10 秒读取新的统计数据，图表随时间推进"))
        self.live.toggled.connect(self.set_live)
        bar.addWidget(self.live)
        bar.addStretch(1)
        self.level_label = QLabel()
        self.level_label.setTextFormat(Qt.TextFormat.PlainText)
        self.level_label.setMargin(4)
        bar.addWidget(self.level_label)
        self.png_button = QPushButton(self.tr("导出图片…"))
        self.png_button.clicked.connect(self.ask_export_png)
        self.csv_button = QPushButton(self.tr("导出数据…"))
        self.csv_button.clicked.connect(self.ask_export_csv)
        bar.addWidget(self.png_button)
        bar.addWidget(self.csv_button)
        self.summary = SummaryLine()  # its text changes every live tick
        self.charts = TimeCharts()
        self.charts.clicked.connect(self._on_chart_click)
        self.chart_stack = EmptyStateStack(
            self.charts,
            self.tr(
                "所选时段没有评论统计数据。\n评论同步或导入后，这里按时间显示评论量、负面占比和预警指数。"
            ),
        )
        trend_tab = QWidget()
        col = QVBoxLayout(trend_tab)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.summary)
        col.addWidget(self.chart_stack, 1)
        self.words = HotWordsChart()
        self.words.word_clicked.connect(self._on_word)
        self.words_note = QLabel()
        self.words_note.setTextFormat(Qt.TextFormat.PlainText)
        self.words_note.setWordWrap(True)
        self.heatmap = HeatmapChart()
        self.by_account = ComparisonChart(self.tr("各账号评论量（灰）与负面（红）"))
        self.by_platform = ComparisonChart(self.tr("各平台评论量（灰）与负面（红）"))
        spread_tab = QWidget()
        grid = QGridLayout(spread_tab)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("新兴热词（点击查看相关评论）")), 0, 0)
        grid.addWidget(self.words, 1, 0, 3, 1)
        grid.addWidget(self.words_note, 4, 0)
        grid.addWidget(QLabel(self.tr("活跃时段（星期 × 小时）")), 0, 1)
        grid.addWidget(self.heatmap, 1, 1)
        grid.addWidget(self.by_account, 2, 1)
        grid.addWidget(self.by_platform, 3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.alerts = AlertCentre(self.db, actor=self.actor)
        self.incidents = IncidentsView(self.db, actor=self.actor)
        self.rules = RuleEditor(self.db, actor=self.actor)
        self.alerts.incident_opened.connect(self._on_incident_opened)
        self.rules.saved.connect(lambda _name: self.reload())
        self.tabs = QTabWidget()
        self.tabs.addTab(trend_tab, self.tr("趋势"))
        self.tabs.addTab(spread_tab, self.tr("热词与分布"))
        self.tabs.addTab(self.alerts, self.tr("预警中心"))
        self.tabs.addTab(self.incidents, self.tr("危机事件"))
        self.tabs.addTab(self.rules, self.tr("预警规则"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence("F5"), self, self.reload)
        for number, key in enumerate(("1h", "24h", "7d", "30d"), start=1):
            QShortcut(QKeySequence(f"Alt+{number}"), self, lambda k=key: self.set_range(k))
        self._show_custom(False)

    def _show_custom(self, on: bool) -> None:
        for w in (self.from_edit, self.to_edit, self.apply_custom):
            w.setVisible(on)

    # --- ranges and loading -----------------------------------------------------------------

    def view_window(self) -> tuple[datetime, datetime, int]:
        """The start, end and bucket interval of the current view."""
        if self.range_key == "custom" and self.custom is not None:
            start, end = self.custom
            return start, end, interval_for(end - start)
        span, interval = RANGES[self.range_key if self.range_key in RANGES else "7d"]
        end = self.now()
        return end - span, end, interval

    def set_range(self, key: str) -> None:
        """Show 1 h / 24 h / 7 d / 30 d, or the custom range fields."""
        self.range_key = key
        self.range_buttons[key].setChecked(True)
        self._show_custom(key == "custom")
        if key == "custom" and self.custom is None:
            return
        self.reload()

    def set_custom_range(self, start: datetime, end: datetime) -> None:
        """Show [start, end) (the live mode stays off for a range in the past)."""
        if end <= start:
            return
        self.custom = (start, end)
        self.set_range("custom")

    def _on_custom(self) -> None:
        start = self.from_edit.dateTime().toPython()
        end = self.to_edit.dateTime().toPython()
        assert isinstance(start, datetime) and isinstance(end, datetime)
        self.set_custom_range(start.astimezone(UTC), end.astimezone(UTC))

    @Slot()
    def reload(self) -> None:
        """Read the whole view again: series, markers and breakdowns, hot words."""
        self._generation += 1
        gen = self._generation
        start, end, interval = self.view_window()
        now = self.now()
        self._pending += 2
        run_op(
            lambda: load_chart(self.db, start=start, end=end, interval=interval),
            on_done=lambda d: self._on_chart(gen, d),
            parent=self,
        )
        run_op(
            lambda: load_context(self.db, start=start, end=end, now=now),
            on_done=lambda c: self._on_context(gen, c),
            parent=self,
        )
        run_op(
            lambda: load_hot_words(self.db, start=start, end=end),
            on_done=lambda h: self._on_hot(gen, h),
            parent=self,
        )

    def _arrived(self) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self.mark_loaded()

    def _on_chart(self, gen: int, data: ChartData) -> None:
        if gen == self._generation:
            self.data = data
            self.chart_stack.set_empty(not len(data.x) or float(data.total.sum()) == 0.0)
            self.charts.set_data(data)
            self._update_summary()
        self._arrived()

    def _on_context(self, gen: int, ctx: Context) -> None:
        if gen == self._generation:
            self.context = ctx
            self.charts.set_markers(ctx.alerts, ctx.incidents)
            reading = ctx.reading
            self.charts.set_live_reading(
                reading.score if reading else None, self.now(), reading.reason if reading else ""
            )
            self.heatmap.set_grid(ctx.heatmap)
            self.by_account.set_rows(ctx.by_account)
            # The service names platforms in Chinese; the chart shows the interface language.
            self.by_platform.set_rows(
                [replace(b, label=labels.platform(b.key)) for b in ctx.by_platform]
            )
            self._show_level(ctx.level, reading.score if reading else None)
        self._arrived()

    def _on_hot(self, gen: int, hot: HotWordsResult) -> None:
        if gen != self._generation:
            return
        self.hot = hot
        self.words.set_words(hot.words)
        note = self.tr(
            "读取所选时段评论 {n} 条，对比此前 {b} 条评论；突发度越高，表示该词近期占比上升越快。"
        ).format(n=hot.window_comments, b=hot.baseline_comments)
        if hot.sampled:
            note += self.tr("（评论较多，按最新评论抽样统计）")
        if not hot.words:
            note = self.tr("所选时段没有明显上升的词语。")
        self.words_note.setText(note)

    def _show_level(self, level: WarningLevel, score: float | None) -> None:
        back, fore = labels.LEVEL_COLOURS.get(level, labels.LEVEL_COLOURS[WarningLevel.NONE])
        self.level_label.setStyleSheet(
            f"background:{back}; color:{fore}; border-radius:3px; font-weight:bold"
        )
        text = self.tr("当前：{level}").format(level=labels.warning_level(int(level)))
        if score is not None:
            text += self.tr(" · 预警指数 {score:.0f}").format(score=score)
        self.level_label.setText(text)

    def _update_summary(self) -> None:
        data = self.data
        if data is None:
            return
        total = float(data.total.sum())
        neg = float(data.negative.sum())
        # Most live ticks change neither a count nor the minute shown: no new text then.
        said = (data.start.timestamp() // 60, data.end.timestamp() // 60, data.interval, total, neg)
        if said == self._said:
            return
        self._said = said
        share = f"{neg / total:.1%}" if total else "—"
        self.summary.setText(
            self.tr(
                "{start} 至 {end}（每 {step} 分钟一点）：评论 {total} 条，负面 {neg} 条（{share}）。"
                "预警指数曲线按趋势数据回算（含评论量增长、负面占比、关注词三项），圆点为当前完整指数。"
                "点击图中色块可查看对应时段的评论。"
            ).format(
                start=labels.when(data.start),
                end=labels.when(data.end),
                step=data.interval // 60,
                total=f"{int(total):,}",
                neg=f"{int(neg):,}",
                share=share,
            )
        )

    # --- live mode --------------------------------------------------------------------------

    @Slot(bool)
    def set_live(self, on: bool) -> None:
        """Follow new data: a tail read every LIVE_MS (a custom range returns to a preset)."""
        if on and self.range_key == "custom":
            self.set_range("24h")
        if on:
            self.live_timer.start()
        else:
            self.live_timer.stop()
        if self.live.isChecked() != on:
            self.live.setChecked(on)

    @Slot()
    def live_tick(self) -> None:
        """Read the new buckets, and older ones that late-stamped comments changed (in the background)."""
        if self.data is None or self._tail_busy:
            return
        data = self.data
        first_shown = datetime.fromtimestamp(
            float(data.x[0]) if len(data.x) else data.start.timestamp(), UTC
        )
        if self.range_key == "custom":
            # A fixed range does not move on: only late comments stamped inside it change it.
            since = end = data.end
        else:
            since = datetime.fromtimestamp(
                float(data.x[-1]) if len(data.x) else data.start.timestamp(), UTC
            )
            end = self.now()
        interval, after_id = data.interval, data.last_id
        gen = self._generation
        self._tail_busy = True
        run_op(
            lambda: load_update(
                self.db,
                since=since,
                end=end,
                interval=interval,
                first_shown=first_shown,
                after_id=after_id,
            ),
            on_done=lambda t: self.apply_tail(gen, t),
            on_error=lambda _e: setattr(self, "_tail_busy", False),
            parent=self,
        )

    def apply_tail(self, gen: int, tail: ChartData) -> None:
        """Merge new buckets into the shown data and update the same curves (the GUI-thread tick)."""
        self._tail_busy = False
        if gen != self._generation or self.data is None:
            return
        if not len(tail.x):
            self.data.last_id = max(self.data.last_id, tail.last_id)
            return
        self.data.merge(tail)
        self.chart_stack.set_empty(float(self.data.total.sum()) == 0.0)
        self.charts.refresh(changed_from=float(tail.x[0]))
        self._update_summary()

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """New comments update the buckets they fall in; alert and incident changes reload those parts."""
        if (changes.trends or changes.comments) and not self._change_timer.isActive():
            self._change_timer.start()
        if changes.alerts:
            self.alerts.reload()
            self._reload_context()
        if changes.incidents:
            self.incidents.reload()
            self._reload_context()

    def _on_data_changed(self) -> None:
        self.live_tick()

    def _reload_context(self) -> None:
        start, end, _interval = self.view_window()
        gen, now = self._generation, self.now()
        if self.data is not None:
            start = self.data.start
        run_op(
            lambda: load_context(self.db, start=start, end=end, now=now),
            on_done=lambda c: self._on_context_only(gen, c),
            parent=self,
        )

    def _on_context_only(self, gen: int, ctx: Context) -> None:
        self._pending += 1
        self._on_context(gen, ctx)

    # --- clicks and export ------------------------------------------------------------------

    def _on_chart_click(self, start: float, end: float, sentiment: str) -> None:
        flt = InboxFilter(
            since=datetime.fromtimestamp(start, UTC),
            until=datetime.fromtimestamp(end, UTC),
            sentiments=(sentiment,),
        )
        self.open_inbox_filter.emit(flt.to_dict())

    def _on_word(self, word: str) -> None:
        if self.hot is None:
            return
        flt = InboxFilter(query=word, since=self.hot.start, until=self.hot.end)
        self.open_inbox_filter.emit(flt.to_dict())

    def _on_incident_opened(self, incident_id: int) -> None:
        self.incidents.reload()
        self.incidents.select_incident(incident_id)
        self.tabs.setCurrentWidget(self.incidents)

    def export_png(self, path: Path) -> bool:
        """Save the visible tab as a PNG image."""
        widget = self.tabs.currentWidget()
        return bool(widget.grab().save(str(path), "PNG"))

    def export_csv(self, path: Path) -> None:
        """Save the series behind the charts as CSV."""
        if self.data is not None:
            path.write_text(self.data.to_csv(), encoding="utf-8")

    def ask_export_png(self) -> None:
        """Ask where, then save the visible tab as PNG."""
        name, _f = QFileDialog.getSaveFileName(
            self, self.tr("导出图片"), self.tr("趋势图.png"), self.tr("PNG 图片 (*.png)")
        )
        if name:
            self.export_png(Path(name))

    def ask_export_csv(self) -> None:
        """Ask where, then save the chart data as CSV."""
        name, _f = QFileDialog.getSaveFileName(
            self, self.tr("导出数据"), self.tr("趋势数据.csv"), self.tr("CSV 文件 (*.csv)")
        )
        if name:
            self.export_csv(Path(name))
