"""Inline SVG bar charts: small, dependency-free, readable in any browser (and in a PNG
screenshot)."""
from __future__ import annotations

import html

BAR = 18
GAP = 6
LABEL_WIDTH = 260
PLOT_WIDTH = 420
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def bar_chart(title: str, items: list[tuple[str, float]], unit: str) -> str:
    """Horizontal bars, one per (label, value)."""
    top = max((v for _, v in items), default=0) or 1
    height = len(items) * (BAR + GAP) + GAP
    rows = []
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR + GAP)
        width = max(1.0, PLOT_WIDTH * value / top) if value else 0
        rows.append(
            f"<text x='{LABEL_WIDTH - 6}' y='{y + BAR * 0.75}' text-anchor='end'>"
            f"{html.escape(str(label))}</text>"
            f"<rect class='bar' x='{LABEL_WIDTH}' y='{y}' width='{width:.1f}' height='{BAR}' "
            f"fill='{PALETTE[0]}'><title>{html.escape(str(label))}: {_fmt(value)} {unit}"
            f"</title></rect>"
            f"<text x='{LABEL_WIDTH + width + 4:.1f}' y='{y + BAR * 0.75}'>{_fmt(value)}</text>")
    return _figure(title, height, "".join(rows))


def grouped_bar_chart(title: str, labels: list[str], series: dict[str, list[float]],
                      unit: str) -> str:
    """One group of horizontal bars per label, one bar per series, with a legend."""
    top = max((v for values in series.values() for v in values), default=0) or 1
    group = len(series) * BAR + GAP
    height = len(labels) * (group + GAP) + GAP + BAR
    rows = []
    for index, label in enumerate(labels):
        y0 = GAP + index * (group + GAP)
        rows.append(f"<text x='{LABEL_WIDTH - 6}' y='{y0 + group / 2}' text-anchor='end'>"
                    f"{html.escape(label)}</text>")
        for k, (name, values) in enumerate(series.items()):
            value = values[index]
            y = y0 + k * BAR
            width = max(1.0, PLOT_WIDTH * value / top) if value else 0
            rows.append(f"<rect class='bar' x='{LABEL_WIDTH}' y='{y}' width='{width:.1f}' "
                        f"height='{BAR - 2}' fill='{PALETTE[k % len(PALETTE)]}'>"
                        f"<title>{html.escape(label)} {name}: {_fmt(value)} {unit}</title></rect>"
                        f"<text x='{LABEL_WIDTH + width + 4:.1f}' y='{y + BAR * 0.7}'>"
                        f"{_fmt(value)}</text>")
    legend_y = height - BAR / 2
    for k, name in enumerate(series):
        x = LABEL_WIDTH + k * 110
        rows.append(f"<rect x='{x}' y='{legend_y - 10}' width='12' height='12' "
                    f"fill='{PALETTE[k % len(PALETTE)]}'/><text x='{x + 16}' y='{legend_y}'>"
                    f"{html.escape(name)}</text>")
    return _figure(title, height + BAR, "".join(rows))


def _figure(title: str, height: float, body: str) -> str:
    width = LABEL_WIDTH + PLOT_WIDTH + 80
    return (f"<figure class='plot'><figcaption>{html.escape(title)}</figcaption>"
            f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height:.0f}' "
            f"viewBox='0 0 {width} {height:.0f}' font-size='12' role='img' "
            f"aria-label='{html.escape(title)}'>{body}</svg></figure>")


def line_chart(title: str, series: dict[str, list[tuple[float, float]]], x_label: str,
               y_label: str) -> str:
    """One polyline per series of (x, y) points on shared axes, with min/max ticks and a
    legend (loss curves, learning rates)."""
    points = [p for values in series.values() for p in values]
    if not points:
        return ""
    x_low, x_high = min(x for x, _ in points), max(x for x, _ in points)
    y_low, y_high = min(y for _, y in points), max(y for _, y in points)
    x_span, y_span = (x_high - x_low) or 1, (y_high - y_low) or 1
    left, top, plot_h = 70, 10, 200
    width = LABEL_WIDTH + PLOT_WIDTH - left

    def at(x: float, y: float) -> str:
        return (f"{left + width * (x - x_low) / x_span:.1f},"
                f"{top + plot_h * (1 - (y - y_low) / y_span):.1f}")

    parts = [f"<line x1='{left}' y1='{top + plot_h}' x2='{left + width}' y2='{top + plot_h}' "
             f"stroke='#999'/><line x1='{left}' y1='{top}' x2='{left}' y2='{top + plot_h}' "
             f"stroke='#999'/>",
             f"<text x='{left - 4}' y='{top + 10}' text-anchor='end'>{_tick(y_high)}</text>",
             f"<text x='{left - 4}' y='{top + plot_h}' text-anchor='end'>{_tick(y_low)}</text>",
             f"<text x='{left}' y='{top + plot_h + 16}'>{_tick(x_low)}</text>",
             f"<text x='{left + width}' y='{top + plot_h + 16}' text-anchor='end'>"
             f"{_tick(x_high)}</text>",
             f"<text x='{left + width / 2}' y='{top + plot_h + 16}' text-anchor='middle'>"
             f"{html.escape(x_label)}</text>",
             f"<text x='12' y='{top + plot_h / 2}' transform='rotate(-90 12 {top + plot_h / 2})' "
             f"text-anchor='middle'>{html.escape(y_label)}</text>"]
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        parts.append(f"<polyline class='line' fill='none' stroke='{colour}' stroke-width='1.5' "
                     f"points='{' '.join(at(x, y) for x, y in values)}'>"
                     f"<title>{html.escape(name)}</title></polyline>")
        legend_y = top + plot_h + 34
        x = left + k * 160
        parts.append(f"<rect x='{x}' y='{legend_y - 10}' width='12' height='12' "
                     f"fill='{colour}'/><text x='{x + 16}' y='{legend_y}'>{html.escape(name)}"
                     f"</text>")
    return _figure(title, top + plot_h + 44, "".join(parts))


def _tick(value: float) -> str:
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return _fmt(value) if float(value).is_integer() else f"{value:.4g}"
    return f"{value:.2e}"
