"""Chart axes that are cheap to repaint when the view moves: opaque grid under the data, shared ticks.

pyqtgraph draws the grid as the axis's own tick lines, stretched over the plot in a
translucent pen. Qt's raster engine blends translucent cosmetic lines pixel by pixel
(about twenty times the cost of opaque ones), so every repaint of a plot paid for its
grid several times over. These axes draw each line in the opaque colour it had over the
chart's background, and below the data, so the chart looks as before wherever no data
covers the grid and the grid no longer tints the data.

Linked plots stacked in a column show the same dates under each plot: their date axes
can share one computation of ticks and labels per range (`SharedTicks`).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    adjustTimestampToPreferredUtcOffset,
    utcfromtimestamp,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF
from PySide6.QtGui import QColor, QPen

# pyqtgraph's date formats that name months or weekdays, as Chinese patterns (translatable).
_DATE_PATTERNS: dict[str, str] = {
    "%Y": str(QT_TRANSLATE_NOOP("DateAxis", "{y}年")),
    "%b": str(QT_TRANSLATE_NOOP("DateAxis", "{m}月")),
    "%d": str(QT_TRANSLATE_NOOP("DateAxis", "{d}日")),
    "%a %d": str(QT_TRANSLATE_NOOP("DateAxis", "{m}月{d}日")),
}
GRID_Z = -200.0  # below the ViewBox (-100): the grid is painted first, the data over it


def blended(colour: QColor, background: QColor) -> QColor:
    """The opaque colour a translucent `colour` shows over an opaque `background`."""
    a = colour.alphaF()
    return QColor(
        round(background.red() * (1.0 - a) + colour.red() * a),
        round(background.green() * (1.0 - a) + colour.green() * a),
        round(background.blue() * (1.0 - a) + colour.blue() * a),
    )


def opaque_specs(specs: Any, background: QColor) -> Any:
    """pyqtgraph axis draw specs with every translucent tick (grid) pen made opaque."""
    if specs is None:
        return None
    axis_spec, tick_specs, text_specs = specs
    ticks = []
    for pen, p1, p2 in tick_specs:
        if pen.color().alpha() < 255:
            pen = QPen(pen)
            pen.setColor(blended(pen.color(), background))
        ticks.append((pen, p1, p2))
    return axis_spec, ticks, text_specs


class SharedTicks:
    """The last draw specs of one of several alike bottom axes, for the others to reuse.

    Axes that share it must look alike (same style, font, pens and grid) and be linked to
    the same x range; the specs are reused only when range and widths are equal too. What
    differs between them, the height of the plot the grid lines cross, is set per axis.
    """

    def __init__(self) -> None:
        self.key: tuple[float, ...] | None = None
        self.specs: Any = None
        self.text_size = 0.0


class _CheapAxis:
    """What both axes add to pyqtgraph's: opaque grid pens and a label left alone when unchanged."""

    background: QColor
    _label_frozen = False

    def generateDrawSpecs(self, p: Any) -> Any:  # the name pyqtgraph calls
        """pyqtgraph's draw specs with the grid pens made opaque."""
        return opaque_specs(super().generateDrawSpecs(p), self.background)  # type: ignore[misc]

    def updateAutoSIPrefix(self) -> None:  # the name pyqtgraph calls
        """Re-set the label only when its SI prefix changes.

        pyqtgraph re-sets the label's HTML and the axis size on every range change, that is
        on every move of a live view: a text layout and a layout pass for an equal label.
        """
        me: Any = self
        before = (me.autoSIPrefixScale, me.labelUnitPrefix)
        self._label_frozen = True
        try:
            super().updateAutoSIPrefix()  # type: ignore[misc]
        finally:
            self._label_frozen = False
        if (me.autoSIPrefixScale, me.labelUnitPrefix) != before:
            self._updateLabel()
        else:
            me.picture = None
            me.update()

    def _updateLabel(self) -> None:  # the name pyqtgraph calls
        if not self._label_frozen:
            super()._updateLabel()  # type: ignore[misc]


class GridAxis(_CheapAxis, pg.AxisItem):  # type: ignore[misc]
    """A value axis with an opaque grid, pre-blended with `background`."""

    def __init__(self, orientation: str, background: Any = "w", **kwargs: Any) -> None:
        self.background = pg.mkColor(background)
        super().__init__(orientation, **kwargs)


class DateGridAxis(_CheapAxis, pg.DateAxisItem):  # type: ignore[misc]
    """A bottom date axis with an opaque grid, pre-blended with `background`.

    With `shared`, alike axes of linked plots compute their ticks and labels once per range.
    """

    def __init__(
        self, background: Any = "w", shared: SharedTicks | None = None, **kwargs: Any
    ) -> None:
        self.background = pg.mkColor(background)
        self.shared = shared
        self._text_size = 0.0
        super().__init__("bottom", **kwargs)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Dates in Chinese first (11月21日, 2026年): pyqtgraph's own are English (Sat 21, Nov)."""
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        pattern = _DATE_PATTERNS.get(spec.format) if spec is not None else None
        if pattern is None:
            return list(super().tickStrings(values, scale, spacing))  # times: 14:05 reads alike
        template = QCoreApplication.translate("DateAxis", pattern)
        out = []
        for value in values:
            try:  # the wall-clock date pyqtgraph itself would print (local time by default)
                when = utcfromtimestamp(adjustTimestampToPreferredUtcOffset(value, self.utcOffset))
            except (OverflowError, OSError, ValueError):
                out.append("")
                continue
            out.append(template.format(y=when.year, m=when.month, d=when.day))
        return out

    def _grid_top(self) -> float:
        view = self.linkedView()
        bounds = self.mapRectFromParent(self.geometry())
        if view is None or self.grid is False:
            return float(bounds.top())
        return float(view.mapRectToItem(self, view.boundingRect()).top())

    def _share_key(self) -> tuple[float, ...]:
        bounds = self.mapRectFromParent(self.geometry())
        view = self.linkedView()
        extent = view.mapRectToItem(self, view.boundingRect()) if view is not None else bounds
        return (
            float(self.range[0]),
            float(self.range[1]),
            float(bounds.width()),
            float(bounds.height()),
            float(extent.left()),
            float(extent.right()),
        )

    def generateDrawSpecs(self, p: Any) -> Any:  # the name pyqtgraph calls
        """The specs a sibling computed for this range (grid lines to this plot's top), or new ones."""
        shared = self.shared
        if shared is None:
            return super().generateDrawSpecs(p)
        key = self._share_key()
        if key != shared.key or shared.specs is None:
            shared.specs = super().generateDrawSpecs(p)
            shared.key = key
            shared.text_size = self._text_size
            return shared.specs
        axis_spec, tick_specs, text_specs = shared.specs
        top = self._grid_top()
        ticks = [(pen, QPointF(p1.x(), top), p2) for pen, p1, p2 in tick_specs]
        self._updateMaxTextSize(shared.text_size)
        return axis_spec, ticks, text_specs

    def _updateMaxTextSize(self, x: float) -> None:  # the name pyqtgraph calls
        self._text_size = x
        super()._updateMaxTextSize(x)


def grid_under_data(plot: pg.PlotItem, alpha: float) -> None:
    """Show the plot's grid (as pyqtgraph's showGrid would) behind its data."""
    plot.showGrid(x=True, y=True, alpha=alpha)
    for side in ("left", "bottom"):
        plot.getAxis(side).setZValue(GRID_Z)


def quiet_hidden_axes(plot: pg.PlotItem) -> None:
    """Stop the hidden top and right axes from re-setting their labels on every view move."""
    for side in ("top", "right"):
        axis = plot.getAxis(side)
        if not axis.isVisible():
            axis.enableAutoSIPrefix(False)
