"""Horizontal hairlines (grid lines) filled as one-pixel-high rectangles: Qt's pixels, at fill speed.

Qt's raster engine draws a cosmetic one-pixel line pixel by pixel (its cosmetic stroker
steps along the line and writes each pixel on its own): about 10 us for a grid line across
a 1,300-pixel plot, and a live tick that moves the view repaints dozens of them. A
horizontal line is a one-pixel-high rectangle, which the raster engine fills as one span.
`hairline_rects` gives the rectangles that cover exactly the pixels the stroker would set
(its rules: coordinates cut to 1/64 px, a square or round cap half a pixel each way, then
every pixel from floor(x1) to floor(x2) on row floor(y)), and `Hairlines` fills them when
nothing else (blending, a translucent or wide pen, antialiasing, a scaled device) could
make the stroker's pixels differ. Vertical lines are left to the stroker: a column of
one-pixel spans fills no faster than it strokes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLineF, QRect, Qt
from PySide6.QtGui import QPainter, QPen, QTransform


def _floor64(value: float) -> int:
    """floor() of the value cut to 1/64 px, as the stroker reads a coordinate (value >= 0)."""
    return int(value * 64.0) >> 6


def hairline_rects(
    transform: QTransform, lines: Sequence[QLineF]
) -> tuple[list[QRect], list[QLineF]]:
    """Device rectangles for the horizontal lines; the other lines are returned as they are.

    `transform` must be a translation (the caller checks): lines are moved by it, and lines
    that reach negative device coordinates (the stroker truncates toward zero there) or
    have no length are left to the stroker.
    """
    dx, dy = transform.dx(), transform.dy()
    rects: list[QRect] = []
    rest: list[QLineF] = []
    for line in lines:
        x1, y1 = line.x1() + dx, line.y1() + dy
        x2, y2 = line.x2() + dx, line.y2() + dy
        if y1 != y2 or x1 == x2 or min(x1, y1, x2) < 0.0:
            rest.append(line)
        else:
            left, right = _floor64(min(x1, x2)), _floor64(max(x1, x2))
            rects.append(QRect(left, _floor64(y1), right - left + 1, 1))
    return rects, rest


def plain_pen(pen: QPen) -> bool:
    """Whether the stroker draws this pen as whole opaque pixels of its colour."""
    return (
        pen.style() == Qt.PenStyle.SolidLine
        and pen.brush().style() == Qt.BrushStyle.SolidPattern
        and pen.isCosmetic()
        and pen.widthF() in (0.0, 1.0)
        and pen.capStyle() != Qt.PenCapStyle.FlatCap
        and pen.color().alpha() == 255
    )


def device_shift(p: QPainter) -> tuple[float, float] | None:
    """The whole-pixel offset the painter adds under its own transform, if rectangles can be used.

    None when the painter would make the stroker's pixels differ from filled rectangles:
    antialiasing, blending, opacity, a scaled or rotated device or transform. A child
    widget is painted into its window's backing store at an offset that the device
    transform includes and the painter adds again to whatever transform is set.
    """
    device = p.device()
    if (
        device is None
        or device.devicePixelRatio() != 1.0
        or p.viewTransformEnabled()
        or p.deviceTransform().type().value > QTransform.TransformationType.TxTranslate.value
        or p.testRenderHint(QPainter.RenderHint.Antialiasing)
        or p.compositionMode() != QPainter.CompositionMode.CompositionMode_SourceOver
        or p.opacity() != 1.0
    ):
        return None
    full, own = p.deviceTransform(), p.worldTransform()
    shift = (full.dx() - own.dx(), full.dy() - own.dy())
    return shift if shift[0].is_integer() and shift[1].is_integer() else None


class Hairlines:
    """Groups of lines, each in its pen, drawn in order as drawLines would draw them.

    The rectangles are kept for the device position they were made for: an axis that did
    not move (a value axis while the view moves along time) only fills them again.
    """

    def __init__(self, groups: list[tuple[QPen, list[QLineF]]]) -> None:
        self.groups = [(pen, lines, plain_pen(pen)) for pen, lines in groups]
        self._at: tuple[float, float] | None = None
        self._rects: list[tuple[list[QRect], list[QLineF]]] = []

    def paint(self, p: QPainter) -> None:
        """Draw every group: filled rectangles where exact, the stroker for the rest."""
        shift = device_shift(p)
        if shift is None:
            for pen, lines, _plain in self.groups:
                p.setPen(pen)
                p.drawLines(lines)
            return
        full = p.deviceTransform()
        at = (full.dx(), full.dy())
        if at != self._at:
            self._at = at
            self._rects = [
                hairline_rects(full, lines) if plain else ([], lines)
                for _pen, lines, plain in self.groups
            ]
        own = p.worldTransform()
        device = QTransform.fromTranslate(-shift[0], -shift[1])  # rectangles: device pixels
        for (pen, _lines, _plain), (rects, rest) in zip(self.groups, self._rects, strict=True):
            if rects:
                p.setWorldTransform(device)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(pen.color())
                p.drawRects(rects)
                p.setWorldTransform(own)
            if rest:
                p.setPen(pen)
                p.drawLines(rest)
