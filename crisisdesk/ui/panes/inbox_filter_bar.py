"""The inbox's search box, filters and sort order, above the list; emits one value when they change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import CommentStatus, Intent, Platform, Sentiment
from crisisdesk.services.inbox import InboxFilter, Sort
from crisisdesk.services.inbox_filters import ME, NOBODY, OPEN_STATUSES
from crisisdesk.ui import labels
from crisisdesk.ui.panes.inbox_queries import FilterOptions

SEARCH_DELAY_MS = 300  # typing pauses this long before the list is searched
_OPEN = "open"
_IN_WAVE = "in_wave"
_CUSTOM = "custom"


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _combo(items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    # As wide as a short label: long choices show in full in the open list, not in the bar.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(5)
    for text, value in items:
        box.addItem(text, value)
    return box


class InboxFilterBar(QWidget):
    """Search, filters and order; `changed()` after each edit (typing is debounced)."""

    changed = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = InboxFilter()  # the chosen view's own conditions; the widgets narrow it
        self._quiet = False
        self.search = QLineEdit()
        self.search.setMinimumWidth(120)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("搜索评论全文（两个字以上；多个词以空格分隔，短语加引号）  / 或 Ctrl+F")
        )
        self.sort = _combo([(labels.sort(s.value), s) for s in Sort])
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.save_button = QPushButton(self.tr("存为视图…"))
        self.account = _combo([(self.tr("全部账号"), None)])
        self.platform = _combo(
            [(self.tr("全部平台"), None)] + [(labels.platform(p.value), p.value) for p in Platform]
        )
        self.sentiment = _combo(
            [(self.tr("全部情感"), None)]
            + [(labels.sentiment(s.value), s.value) for s in Sentiment]
        )
        self.intent = _combo(
            [(self.tr("全部意图"), None)] + [(labels.intent(i.value), i.value) for i in Intent]
        )
        self.status = _combo(
            [(self.tr("全部状态"), None), (self.tr("待处理（未处理/处理中）"), _OPEN)]
            + [(labels.comment_status(s.value), s.value) for s in CommentStatus]
        )
        self.assignee = _combo(
            [(self.tr("全部承办人"), None), (self.tr("分派给我"), ME), (self.tr("未分派"), NOBODY)]
        )
        self.period = _combo(
            [
                (self.tr("全部时间"), None),
                (self.tr("近 1 小时"), 1.0),
                (self.tr("近 24 小时"), 24.0),
                (self.tr("近 7 天"), 24.0 * 7),
                (self.tr("近 30 天"), 24.0 * 30),
                (self.tr("自定义日期…"), _CUSTOM),
            ]
        )
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-7))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setVisible(False)
        self.watch = _combo([(self.tr("全部关注词"), None), (self.tr("命中任一关注词"), True)])
        self.wave = _combo([(self.tr("不限波次"), None), (self.tr("仅集中发帖"), _IN_WAVE)])
        self.incident = _combo([(self.tr("全部事件"), None)])
        self.base_label = QLabel()
        self._layout()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._emit)
        for box in (
            self.sort, self.account, self.platform, self.sentiment, self.intent, self.status,
            self.assignee, self.watch, self.wave, self.incident,
        ):  # fmt: skip
            box.currentIndexChanged.connect(self._emit)
        self.period.currentIndexChanged.connect(self._on_period)
        self.since.dateChanged.connect(self._emit)
        self.until.dateChanged.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save_requested)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(QLabel(self.tr("排序")))
        top.addWidget(self.sort)
        top.addWidget(self.clear_button)
        top.addWidget(self.save_button)
        strip = QWidget()
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.account, self.platform, self.sentiment, self.intent, self.status, self.assignee,
            self.period, self.since, self.until, self.watch, self.wave, self.incident,
        ):  # fmt: skip
            row.addWidget(widget)
        row.addStretch(1)
        # On a narrow window the filters scroll sideways instead of widening the whole pane.
        scroller = QScrollArea()
        scroller.setWidget(strip)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroller.setFixedHeight(
            strip.sizeHint().height() + scroller.horizontalScrollBar().sizeHint().height()
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(scroller)

    # --- choices from the database ------------------------------------------------------------

    def set_options(self, options: FilterOptions) -> None:
        """Fill the account, assignee, watch-word and incident lists (keeps what is chosen)."""
        self._quiet = True
        try:
            self._refill(self.account, 1, [(c.label, c.value) for c in options.accounts])
            self._refill(self.assignee, 3, [(c.label, c.value) for c in options.operators])
            self._refill(self.watch, 2, [(w, w) for w in options.watch_words])
            self._refill(self.incident, 1, [(c.label, c.value) for c in options.incidents])
        finally:
            self._quiet = False

    @staticmethod
    def _refill(box: QComboBox, keep: int, items: list[tuple[str, Any]]) -> None:
        chosen = box.currentData()
        while box.count() > keep:
            box.removeItem(box.count() - 1)
        for text, value in items:
            box.addItem(labels.single_line(text, 40), value)
        found = box.findData(chosen)
        box.setCurrentIndex(found if found >= 0 else 0)

    # --- the value ----------------------------------------------------------------------------

    def set_base(self, flt: InboxFilter, label: str = "") -> None:
        """Start from a saved view's conditions, with the widgets cleared."""
        self._base = flt
        self.base_label.setText(label)
        self.clear(emit=False)
        self._emit()

    def base(self) -> InboxFilter:
        """The view's own conditions (before the widgets narrow them)."""
        return self._base

    def clear(self, emit: bool = True) -> None:
        """Back to the view's conditions alone."""
        self._quiet = True
        try:
            self.search.clear()
            for box in (
                self.account, self.platform, self.sentiment, self.intent, self.status,
                self.assignee, self.period, self.watch, self.wave, self.incident,
            ):  # fmt: skip
                box.setCurrentIndex(0)
        finally:
            self._quiet = False
        if emit:
            self._emit()

    def show_wave(self, wave_id: int, size: int) -> None:
        """Narrow the list to one copy-paste wave."""
        label = self.tr("波次 #{id}（{n} 条）").format(id=wave_id, n=size)
        found = self.wave.findData(wave_id)
        if found < 0:
            self.wave.addItem(label, wave_id)
            found = self.wave.count() - 1
        self.wave.setCurrentIndex(found)

    def current(self) -> InboxFilter:
        """The filter now in force: the view's conditions narrowed by every widget that is set."""
        f = self._base
        query = self.search.text().strip()
        if query:
            f = f.with_(query=query)
        if (account := self.account.currentData()) is not None:
            f = f.with_(accounts=(int(account),))
        if (platform := self.platform.currentData()) is not None:
            f = f.with_(platforms=(str(platform),))
        if (sentiment := self.sentiment.currentData()) is not None:
            f = f.with_(sentiments=(str(sentiment),))
        if (intent := self.intent.currentData()) is not None:
            f = f.with_(intents=(str(intent),))
        status = self.status.currentData()
        if status == _OPEN:
            f = f.with_(statuses=OPEN_STATUSES)
        elif status is not None:
            f = f.with_(statuses=(str(status),))
        if (assignee := self.assignee.currentData()) is not None:
            f = f.with_(assignee=assignee)
        f = self._period(f)
        watch = self.watch.currentData()
        if watch is True:
            f = f.with_(watch_hit=True)
        elif watch is not None:
            f = f.with_(watch_word=str(watch))
        wave = self.wave.currentData()
        if wave == _IN_WAVE:
            f = f.with_(in_wave=True)
        elif wave is not None:
            f = f.with_(wave_id=int(wave))
        if (incident := self.incident.currentData()) is not None:
            f = f.with_(incident_id=int(incident))
        return f

    def _period(self, f: InboxFilter) -> InboxFilter:
        period = self.period.currentData()
        if period is None:
            return f
        if period == _CUSTOM:
            start = datetime.combine(_day(self.since.date()), time.min).astimezone(UTC)
            end = datetime.combine(_day(self.until.date()), time.min).astimezone(UTC)
            return f.with_(since=start, until=end + timedelta(days=1))
        return f.with_(since=datetime.now(UTC) - timedelta(hours=float(period)))

    def sort_order(self) -> Sort:
        """The chosen order."""
        value = self.sort.currentData()
        return value if isinstance(value, Sort) else Sort.NEWEST

    def focus_search(self) -> None:
        """Put the cursor in the search box (/ or Ctrl+F)."""
        self.search.setFocus()
        self.search.selectAll()

    @Slot()
    def _on_period(self) -> None:
        custom = self.period.currentData() == _CUSTOM
        self.since.setVisible(custom)
        self.until.setVisible(custom)
        self._emit()

    @Slot()
    def _emit(self) -> None:
        self._timer.stop()
        if not self._quiet:
            self.changed.emit()
