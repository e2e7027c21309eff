"""A curve drawn as a settled body and a live tail, so a live tick repaints only what changed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsItem

from crisisdesk.analysis.signals.series import FloatArray


class _Clip(QGraphicsItem):
    """An invisible rectangle (data coordinates) that clips the curve inside it.

    Its shape is the clip. When the clip only gives up a strip on the left (points fell off
    the start), the bounding rectangle stays and just that strip is repainted: a new
    rectangle would make Qt repaint all of the old and new one, the whole plot.
    """

    def __init__(self, plot: pg.PlotItem, item: pg.PlotDataItem) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self._rect = QRectF()
        self._bounds = QRectF()
        self._shape = QPainterPath()
        self._view = plot.vb
        plot.vb.addItem(self, ignoreBounds=True)
        item.setParentItem(self)

    def boundingRect(self) -> QRectF:
        """Where the clip was last set whole (it may have narrowed since)."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """The clip rectangle (Qt asks for it on every paint)."""
        return self._shape

    def _set_shape(self) -> None:
        self._shape = QPainterPath()
        self._shape.addRect(self._rect)

    def paint(self, *_args: Any) -> None:
        """Nothing: the item only clips."""

    def setRect(self, x: float, y: float, width: float, height: float) -> None:
        """Clip to a new rectangle."""
        self.prepareGeometryChange()
        self._rect = QRectF(x, y, width, height)
        self._bounds = QRectF(self._rect)
        self._set_shape()

    def narrow_left(self, left: float) -> None:
        """Move the left edge right to `left`: only the strip given up is repainted."""
        old = self._rect.left()
        if not old < left < self._rect.right():
            return
        self._rect.setLeft(left)
        self._set_shape()
        scene = self.scene()
        if scene is None:
            return
        # The part of the strip the plot shows (the clip reaches far past it); the scene's
        # update: Qt ignores update() of an item without contents.
        strip = QRectF(old, self._rect.top(), left - old, self._rect.height())
        shown = self.mapRectToScene(strip) & self._view.sceneBoundingRect()
        if not shown.isEmpty():
            scene.update(shown)


class SplitCurve:
    """One curve drawn as two items: the settled body and the live tail after it.

    The body holds the points up to one past the seam, the tail from one before it; each
    is clipped at the seam's x, so every pixel comes from an item whose points around it
    are exactly those of the whole curve: together they draw what one item would. A live
    tick that only changes points after the seam sets the tail alone, and Qt repaints the
    tail's narrow strip instead of the whole plot with its grid. When the view moves on,
    the tail takes the new points and the body keeps the ones that fell off the start,
    clipped away at the first point shown, so the body is not set again.
    """

    def __init__(self, plot: pg.PlotItem, **style: Any) -> None:
        self.body = plot.plot(**style)
        style.pop("name", None)  # one legend entry per curve
        self.tail = plot.plot(**style)
        self._body_clip = _Clip(plot, self.body)
        self._tail_clip = _Clip(plot, self.tail)
        self.x: FloatArray = np.empty(0)
        self.y: FloatArray = np.empty(0)
        self._first = 0.0  # the first point the body shows (earlier ones are clipped away)
        self._edge = 0.0
        self._high = 0.0

    def set_data(self, x: FloatArray, y: FloatArray, seam: int) -> None:
        """Show all points, split at point `seam`."""
        self.x, self.y = x, y
        if not len(x):
            self.body.setData(x, y)
            self.tail.setData(x, y)
            return
        step = float(x[1] - x[0]) if len(x) > 1 else 1.0
        # Clip only at the seam: far beyond any value shown (tail ticks may rise) and
        # beyond the points the tail may gain before the next full draw.
        finite = y[np.isfinite(y)]
        self._high = high = max(1e6, 4.0 * float(np.abs(finite).max())) if len(finite) else 1e6
        self._edge = edge = float(x[seam])
        self._first = float(x[0])
        self._body_clip.setRect(
            self._first - 100 * step, -high, edge - self._first + 100 * step, 2 * high
        )
        self._tail_clip.setRect(edge, -high, float(x[-1]) - edge + 100 * step, 2 * high)
        self.body.setData(x[: seam + 2], y[: seam + 2])
        self.tail.setData(x[max(0, seam - 1) :], y[max(0, seam - 1) :])

    def fits(self, y: FloatArray) -> bool:
        """Whether new values stay inside the clip rectangles (else a full draw is due)."""
        finite = y[np.isfinite(y)]
        return not len(finite) or float(np.abs(finite).max()) < self._high

    def set_tail(self, x: FloatArray, y: FloatArray, seam: int) -> None:
        """Show new data; only the tail is set if the body's points are unchanged.

        Points may have fallen off the start (the view moved on): the body keeps them,
        clipped at the first point left. A curve whose shown body changed all the same
        (the negative share's first hour depends on where the view starts) is set whole.
        """
        skip = int(np.searchsorted(self.x, x[0])) if len(x) else 0
        shown = self.y[skip : skip + seam + 2]
        if len(shown) != min(len(y), seam + 2) or not np.array_equal(
            shown, y[: seam + 2], equal_nan=True
        ):
            self.set_data(x, y, seam)
            return
        self.x, self.y = x, y
        self.tail.setData(x[max(0, seam - 1) :], y[max(0, seam - 1) :])
        if len(x) and float(x[0]) > self._first:
            self._first = float(x[0])
            self._body_clip.narrow_left(self._first)

    def getData(self) -> tuple[FloatArray, FloatArray]:  # the name pyqtgraph items use
        """All points shown (body and tail)."""
        return self.x, self.y
