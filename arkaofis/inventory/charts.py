"""Chart geometry for the server-drawn SVG charts (no chart library, no JavaScript).

Every number bound for an SVG attribute leaves here as a string written by Python, never as a float
for the template to print: Django localizes printed floats, and Turkish writes 12,5, which SVG reads
as two numbers. The templates also draw their SVG under {% localize off %}."""

from datetime import date
from decimal import Decimal

from arkaofis.inventory.valuation_selectors import WarehouseValue

CHART_WIDTH, CHART_HEIGHT = 600, 160


def svg_number(value: float) -> str:
    """A coordinate as SVG reads it: a dot for decimals, one decimal place, whatever the language."""
    return f"{round(value, 1):.1f}"


def value_bars(rows: list[WarehouseValue], currency: str) -> list[dict]:
    """Bars for the dashboard's chart partial: warehouses in `currency`, width relative to the largest."""
    mine = [row for row in rows if row.currency == currency]
    top = max([row.value for row in mine if row.value > 0], default=Decimal(0))
    return [
        {
            "warehouse": row,
            "value": row.value,
            "width": svg_number(float(row.value / top * 100) if top and row.value > 0 else 0.0),
        }
        for row in mine
    ]


def line_chart(series: list[tuple[date, Decimal]]) -> dict | None:
    """Geometry of a server-drawn line chart: SVG points in a fixed viewBox, with the highest and
    lowest values marked. The scale spans the data (plus a margin), not zero: stock value moves
    a few percent, which a zero-based axis would flatten into a straight line."""
    if not series:
        return None
    values = [value for _, value in series]
    low, high = min(values), max(values)
    margin = (high - low) / 8 or abs(high) / 10 or Decimal(1)
    bottom, top = (low - margin if low - margin > 0 or low < 0 else Decimal(0)), high + margin
    step = CHART_WIDTH / max(len(series) - 1, 1)

    def y(value: Decimal) -> str:
        return svg_number(CHART_HEIGHT - float((value - bottom) / (top - bottom)) * CHART_HEIGHT)

    points = [(svg_number(index * step), y(value)) for index, value in enumerate(values)]
    line = " ".join(f"{x},{y_}" for x, y_ in points)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "points": line,
        "area": f"M0,{CHART_HEIGHT} L{line.replace(' ', ' L')} L{points[-1][0]},{CHART_HEIGHT} Z",
        "high": high,
        "low": low,
        "high_y": y(high),
        "low_y": y(low),
        "first": series[0],
        "last": series[-1],
    }
