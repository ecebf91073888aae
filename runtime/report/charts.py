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
