"""Chart axes that are cheap to repaint when the view moves: opaque grid under the data, shared ticks.

pyqtgraph draws the grid as the axis's own tick lines, stretched over the plot in a
translucent pen. Qt's raster engine blends translucent cosmetic lines pixel by pixel
(about twenty times the cost of opaque ones), so every repaint of a plot paid for its
grid several times over. These axes draw each line in the opaque colour it had over the
chart's background, and below the data, so the chart looks as before wherever no data
covers the grid and the grid no longer tints the data.

Linked plots stacked in a column show the same dates under each plot: their date axes
can share one computation of ticks and labels per range (`SharedTicks`). Each axis is
drawn straight from its specs rather than from pyqtgraph's recorded QPicture, its
horizontal grid lines as filled rows (`chart_lines`), its tick labels only where Qt
repaints, and labels and text sizes already made are not made again.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    adjustTimestampToPreferredUtcOffset,
    utcfromtimestamp,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPicture
from PySide6.QtWidgets import QGraphicsItem

from crisisdesk.ui.widgets.chart_lines import Hairlines
from crisisdesk.ui.widgets.date_ticks import TickCache, cacheable

# pyqtgraph's date formats that name months or weekdays, as Chinese patterns (translatable).
_DATE_PATTERNS: dict[str, str] = {
    "%Y": str(QT_TRANSLATE_NOOP("DateAxis", "{y}年")),
    "%b": str(QT_TRANSLATE_NOOP("DateAxis", "{m}月")),
    "%d": str(QT_TRANSLATE_NOOP("DateAxis", "{d}日")),
    "%a %d": str(QT_TRANSLATE_NOOP("DateAxis", "{m}月{d}日")),
}
GRID_Z = -200.0  # below the ViewBox (-100): the grid is painted first, the data over it
_KEEP = 4096  # labels and text sizes remembered per axis (a day of five-minute ticks and more)
_SLACK = 4.0  # px around a tick label's rectangle that its glyphs may reach
# Qt then tells paint() which part of the axis it repaints (option.exposedRect).
_EXPOSED = QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption


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


class _Drawing:
    """An axis's draw specs made ready to paint: lines grouped by pen, then the tick texts."""

    def __init__(self, axis: Any, specs: Any) -> None:
        axis_spec, tick_specs, text_specs = specs
        groups: list[tuple[QPen, list[QLineF]]] = []
        for pen, p1, p2 in (axis_spec, *tick_specs):  # pyqtgraph's order: the axis line first
            if groups and groups[-1][0] == pen:
                groups[-1][1].append(QLineF(p1, p2))
            else:
                groups.append((pen, [QLineF(p1, p2)]))
        self.lines = Hairlines(groups)
        self.font: QFont | None = axis.style["tickFont"]
        self.text_pen: QPen = axis.textPen()
        self.clip = axis.boundingRect().toAlignedRect()
        self.texts: list[tuple[Any, int, str]] = [(r, int(f), t) for r, f, t in text_specs]

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        """Draw what pyqtgraph's drawPicture draws, in the same order and state.

        Texts wholly outside the exposed rectangle are left out: a live tick repaints the
        plots and the strip that changed, and every tick label costs a text layout. The
        grid lines cross the exposed area and are all drawn (see `Hairlines`).
        """
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.lines.paint(p)
        if self.font is not None:
            p.setFont(self.font)
        p.setPen(self.text_pen)
        p.setClipRect(self.clip)
        everything = exposed.isEmpty()  # an exporter that does not say what it shows
        for rect, flags, text in self.texts:
            if everything or exposed.intersects(rect.adjusted(-_SLACK, -_SLACK, _SLACK, _SLACK)):
                p.drawText(rect, flags, text)


class _Measuring:
    """A painter whose text measurements are remembered (pyqtgraph measures every label anew)."""

    def __init__(self, painter: QPainter, sizes: dict[tuple[Any, ...], QRectF]) -> None:
        self._painter = painter
        self._sizes = sizes

    def boundingRect(self, rect: QRectF, flags: Any, text: str) -> QRectF:  # QPainter's name
        """The painter's measurement of `text` (a copy: pyqtgraph changes what it gets)."""
        key = (self._painter.font().key(), rect.getRect(), int(flags), text)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > _KEEP:
                self._sizes.clear()
            size = self._sizes[key] = self._painter.boundingRect(rect, flags, text)
        return QRectF(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._painter, name)


class _CheapAxis:
    """What both axes add to pyqtgraph's: opaque grid pens, direct drawing, labels left alone."""

    background: QColor
    _label_frozen = False
    _drawing: _Drawing | None = None
    _sizes: dict[tuple[Any, ...], QRectF]  # text measurements, set by each axis

    def paint(self, p: QPainter, option: Any, _widget: Any) -> None:  # the name Qt calls
        """Draw the axis and its grid from specs kept until pyqtgraph asks for new ones.

        pyqtgraph records each axis into a QPicture and plays it back on every paint, which
        decodes every command and pen again: about 0.3 ms an axis, and every live tick
        paints all six (their grid lines cross the plots). Drawn straight from the specs,
        lines grouped by pen, the same lines and texts cost a fraction of that.
        pyqtgraph marks the axis for a redraw by setting `picture` to None, as before.
        """
        me: Any = self
        if me.picture is None or self._drawing is None:
            picture = QPicture()  # measured on the device pyqtgraph measures on
            painter = QPainter(picture)
            try:
                if me.style["tickFont"]:
                    painter.setFont(me.style["tickFont"])
                specs = self.generateDrawSpecs(_Measuring(painter, self._sizes))
            finally:
                painter.end()
            self._drawing = None if specs is None else _Drawing(self, specs)
            me.picture = picture
        if self._drawing is not None:
            p.save()
            try:
                self._drawing.paint(p, option.exposedRect)
            finally:
                p.restore()

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
        self._sizes = {}
        super().__init__(orientation, **kwargs)
        self.setFlag(_EXPOSED)


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
        self._labels: dict[tuple[float, tuple[Any, ...]], str] = {}
        self._ticks = TickCache()
        self._sizes = {}
        super().__init__("bottom", **kwargs)
        self.setFlag(_EXPOSED)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> Any:  # pyqtgraph's name
        """pyqtgraph's ticks for the range; a view moving along time reuses those it had."""
        self.setZoomLevelForDensity((maxVal - minVal) / size)  # as DateAxisItem.tickValues
        level = self.zoomLevel
        got = None
        if cacheable(level, minVal, maxVal):
            got = self._ticks.values(level, minVal, maxVal, self.minSpacing)
        return got if got is not None else level.tickValues(minVal, maxVal, minSpc=self.minSpacing)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Dates in Chinese first (11月21日, 2026年): pyqtgraph's own are English (Sat 21, Nov).

        A label depends on its value and the zoom level only, and a view that moves on
        keeps most of its ticks: each label is made once (a new list each time: pyqtgraph
        blanks entries of the list it is given).
        """
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        pattern = _DATE_PATTERNS.get(spec.format) if spec is not None else None
        template = QCoreApplication.translate("DateAxis", pattern) if pattern else None
        key = (spacing, id(self.zoomLevel), self.utcOffset, template)
        made = self._labels
        if len(made) > _KEEP:
            made.clear()
        missing = [v for v in values if (v, key) not in made]
        if missing:
            for value, text in zip(
                missing, self._make_strings(missing, scale, spacing, template), strict=True
            ):
                made[(value, key)] = text
        return [made[(v, key)] for v in values]

    def _make_strings(
        self, values: list[float], scale: float, spacing: float, template: str | None
    ) -> list[str]:
        if template is None:
            return list(super().tickStrings(values, scale, spacing))  # times: 14:05 reads alike
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
