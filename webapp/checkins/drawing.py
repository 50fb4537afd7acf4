"""Geometry for the server-drawn wheel and the "ups and downs" lines. No JavaScript, no chart library."""

from __future__ import annotations

import math
from dataclasses import dataclass

RADIUS = 100.0
# Calm colours, light to deep; the filled length of a part says the same, so colour is never alone.
FILL = {1: "#d9cdee", 2: "#c4d8ea", 3: "#efe2a8", 4: "#bfe0b7", 5: "#86c9a6"}


@dataclass(frozen=True)
class Sector:
    key: str
    path: str  # the answer: filled to a length given by the value
    outline: str  # the whole part, drawn faintly
    fill: str | None  # None when skipped
    icon_x: float
    icon_y: float
    value: int | None


def _point(radius: float, angle: float) -> tuple[float, float]:
    return round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2)


def _wedge(radius: float, start: float, end: float) -> str:
    x1, y1 = _point(radius, start)
    x2, y2 = _point(radius, end)
    large = 1 if end - start > math.pi else 0
    return f"M0 0L{x1} {y1}A{radius} {radius} 0 {large} 1 {x2} {y2}Z"


def wheel_sectors(values: list[tuple[str, int | None]], rtl: bool = False) -> list[Sector]:
    """One wedge per part, clockwise from the top (counter-clockwise in right-to-left languages)."""
    n = max(len(values), 1)
    step = 2 * math.pi / n
    sectors = []
    for i, (key, value) in enumerate(values):
        if rtl:
            start, end = -math.pi / 2 - (i + 1) * step, -math.pi / 2 - i * step
        else:
            start, end = -math.pi / 2 + i * step, -math.pi / 2 + (i + 1) * step
        middle = (start + end) / 2
        ix, iy = _point(RADIUS * 0.78, middle)
        sectors.append(Sector(
            key=key,
            path=_wedge(RADIUS * value / 5, start, end) if value else "",
            outline=_wedge(RADIUS, start, end),
            fill=FILL.get(value) if value else None,
            icon_x=ix - 12,
            icon_y=iy - 12,
            value=value,
        ))
    return sectors


@dataclass(frozen=True)
class Line:
    key: str
    segments: list[str]  # polyline point lists; a skipped answer breaks the line
    dots: list[tuple[float, float, int]]


CHART_WIDTH, CHART_HEIGHT, PAD = 240.0, 60.0, 8.0


def ups_and_downs(keys: list[str], series: list[dict[str, int | None]], rtl: bool = False) -> list[Line]:
    """One line per part over the check-ins given oldest first; y is the 1–5 answer."""
    n = len(series)
    lines = []
    for key in keys:
        segments: list[str] = []
        current: list[str] = []
        dots = []
        for i, values in enumerate(series):
            value = values.get(key)
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            x = PAD + (CHART_WIDTH - 2 * PAD) * (i / (n - 1) if n > 1 else 0.5)
            if rtl:
                x = CHART_WIDTH - x
            y = PAD + (CHART_HEIGHT - 2 * PAD) * (5 - value) / 4
            current.append(f"{x:.1f},{y:.1f}")
            dots.append((round(x, 1), round(y, 1), value))
        if current:
            segments.append(" ".join(current))
        lines.append(Line(key=key, segments=segments, dots=dots))
    return lines
