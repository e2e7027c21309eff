"""The other Trends charts: emerging words (bars), weekday x hour heatmap, accounts and platforms."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal
from PySide6.QtWidgets import QWidget

from crisisdesk.analysis.hotwords import HotWord
from crisisdesk.services.trends import Breakdown
from crisisdesk.ui import labels
from crisisdesk.ui.labels import QT_TRANSLATE_NOOP

_WEEKDAYS = (
    QT_TRANSLATE_NOOP("TrendCharts", "周一"),
    QT_TRANSLATE_NOOP("TrendCharts", "周二"),
    QT_TRANSLATE_NOOP("TrendCharts", "周三"),
    QT_TRANSLATE_NOOP("TrendCharts", "周四"),
    QT_TRANSLATE_NOOP("TrendCharts", "周五"),
    QT_TRANSLATE_NOOP("TrendCharts", "周六"),
    QT_TRANSLATE_NOOP("TrendCharts", "周日"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrendCharts", text)


class HotWordsChart(pg.PlotWidget):  # type: ignore[misc]
    """Emerging words as horizontal bars of their burst score; clicking a bar emits the word."""

    word_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.setLabel("bottom", QCoreApplication.translate("TrendCharts", "突发度（log2 占比增幅）"))
        self.getAxis("left").setWidth(90)
        self.getAxis("left").setStyle(hideOverlappingLabels=False, autoReduceTextSpace=False)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brush="#ef6c00")
        self.addItem(self.bars)
        self.words: list[HotWord] = []
        self.scene().sigMouseClicked.connect(self._on_click)

    def set_words(self, words: list[HotWord]) -> None:
        """Show the words, strongest at the top (the bar item is reused)."""
        self.words = list(words)
        n = len(self.words)
        ys = np.arange(n, 0, -1, dtype=float)
        widths = np.array([w.burst for w in self.words], dtype=float)
        self.bars.setOpts(x0=np.zeros(n), y=ys, height=0.7, width=widths)
        ticks = [(float(y), labels.noted(w.word, str(w.count))) for y, w in zip(ys, self.words, strict=True)]
        self.getAxis("left").setTicks([ticks])
        self.setYRange(0.4, max(1, n) + 0.6, padding=0)
        self.setXRange(0, float(widths.max()) * 1.05 if n else 1.0, padding=0)
        tip = "\n".join(
            QCoreApplication.translate(
                "TrendCharts", "{word}：窗口内 {count} 条，基线 {baseline} 条，突发度 {burst:.2f}"
            ).format(word=w.word, count=w.count, baseline=w.baseline_count, burst=w.burst)
            for w in self.words[:20]
        )
        self.setToolTip(labels.plain_tooltip(tip) if tip else "")

    def word_at(self, y: float) -> str | None:
        """The word whose bar covers the height y."""
        n = len(self.words)
        row = n - round(y)
        if 0 <= row < n and abs(y - round(y)) <= 0.4:
            return self.words[row].word
        return None

    def _on_click(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point: QPointF = self.getPlotItem().vb.mapSceneToView(event.scenePos())
        word = self.word_at(point.y())
        if word is not None:
            self.word_clicked.emit(word)


class HeatmapChart(pg.PlotWidget):  # type: ignore[misc]
    """Comments by weekday (rows) and hour of day (columns), in the office's time zone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(
            pg.colormap.get("CET-L18")
            if _has_map("CET-L18")
            else pg.ColorMap([0, 1], ["#fff8e1", "#bf360c"])
        )
        self.addItem(self.image)
        self.invertY(True)
        self.getAxis("bottom").setTicks([[(h + 0.5, str(h)) for h in range(0, 24, 2)]])
        self.getAxis("left").setTicks([[(d + 0.5, _tr(n)) for d, n in enumerate(_WEEKDAYS)]])
        self.setLabel("bottom", QCoreApplication.translate("TrendCharts", "时段（时）"))
        self.grid = np.zeros((7, 24))

    def set_grid(self, grid: list[list[int]]) -> None:
        """Show a 7 x 24 grid of counts."""
        self.grid = np.array(grid, dtype=float) if grid else np.zeros((7, 24))
        top = float(self.grid.max()) if self.grid.size else 0.0
        self.image.setImage(self.grid, levels=(0.0, max(1.0, top)))
        self.image.setRect(0, 0, 24, 7)
        self.setXRange(0, 24, padding=0)
        self.setYRange(0, 7, padding=0)
        busiest = np.unravel_index(int(self.grid.argmax()), self.grid.shape) if top else None
        if busiest is not None:
            day, hour = int(busiest[0]), int(busiest[1])
            self.setToolTip(
                QCoreApplication.translate("TrendCharts", "评论最多的时段：{day} {hour}时（{n} 条）").format(
                    day=_tr(_WEEKDAYS[day]), hour=hour, n=int(top)
                )
            )


def _has_map(name: str) -> bool:
    try:
        pg.colormap.get(name)
    except (FileNotFoundError, KeyError, ValueError):
        return False
    return True


class ComparisonChart(pg.PlotWidget):  # type: ignore[misc]
    """Comments and negative comments side by side per account (or platform)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.setTitle(title, color="#333", size="10pt")
        self.totals = pg.BarGraphItem(
            x=[], height=[], width=0.38, brush="#90a4ae", name=QCoreApplication.translate("TrendCharts", "评论")
        )
        self.negatives = pg.BarGraphItem(
            x=[], height=[], width=0.38, brush="#c62828", name=QCoreApplication.translate("TrendCharts", "负面")
        )
        self.addItem(self.totals)
        self.addItem(self.negatives)
        self.rows: list[Breakdown] = []

    def set_rows(self, rows: list[Breakdown], *, limit: int = 8) -> None:
        """Show the largest `limit` rows (the bar items are reused)."""
        self.rows = rows[:limit]
        n = len(self.rows)
        xs = np.arange(n, dtype=float)
        self.totals.setOpts(x=xs - 0.2, height=[float(r.total) for r in self.rows], width=0.38)
        self.negatives.setOpts(
            x=xs + 0.2, height=[float(r.negative) for r in self.rows], width=0.38
        )
        self.getAxis("bottom").setTicks(
            [[(float(i), labels.single_line(r.label, 10)) for i, r in enumerate(self.rows)]]
        )
        top = max((r.total for r in self.rows), default=0)
        self.setXRange(-0.6, max(0, n - 1) + 0.6, padding=0)
        self.setYRange(0, max(5.0, top * 1.1), padding=0)
        tip = "\n".join(
            QCoreApplication.translate("TrendCharts", "{label}：{total} 条，负面 {negative} 条").format(
                label=r.label, total=r.total, negative=r.negative
            )
            + (
                QCoreApplication.translate("TrendCharts", "（{share:.0%}）").format(
                    share=r.negative_share
                )
                if r.negative_share is not None
                else ""
            )
            for r in self.rows
        )
        self.setToolTip(labels.plain_tooltip(tip) if tip else "")
