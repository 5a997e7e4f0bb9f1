"""Charts as server-rendered SVG: no chart library, no script, colours from app.css.
Every text that goes into the SVG is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

# Sized so that one SVG unit is about one CSS pixel in a dashboard card.
BAR_HEIGHT = 26
LABEL_WIDTH = 100  # at least; wider when a label needs it ("In Bearbeitung")
LABEL_CHAR_WIDTH = 7.6  # a generous average of a 13 px sans-serif letter
CHART_WIDTH = 330


def label_width(labels: list[str]) -> int:
    """Room for the longest label at the bars' left, so that none is cut off."""
    return max([LABEL_WIDTH] + [round(len(text) * LABEL_CHAR_WIDTH) + 12 for text in labels])


def bar_chart(title: str, items: list[tuple[str, int, str]]) -> Markup:
    """Horizontal bars: one (label, value, css class) per row."""
    largest = max([value for _label, value, _css in items] + [1])
    left = label_width([label for label, _value, _css in items])
    span = CHART_WIDTH - left - 50
    height = BAR_HEIGHT * len(items) + 8
    parts = [f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for index, (label, value, css) in enumerate(items):
        y = 4 + index * BAR_HEIGHT
        width = round(span * value / largest) if value else 0
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" class="chart-label">'
            f"{escape(label)}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{max(width, 2)}" height="{BAR_HEIGHT - 8}"'
            f' rx="3" class="bar {escape(css)}"/>'
            f'<text x="{left + max(width, 2) + 6}" y="{y + 17}" class="chart-value">'
            f"{value}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every inserted text is escaped above)


def weekly_chart(title: str, weeks: list[str], series: list[tuple[str, list[int], str]],
                 ) -> Markup:
    """Grouped columns per week, one column per series (label, values, css class).

    `weeks` are the labels under the columns (every second one is shown, counted from the
    last, so the current week always has its label).
    """
    width, height, bottom, left = 640, 240, 40, 34
    plot_height = height - bottom - 30
    largest = max([value for _name, values, _css in series for value in values] + [1])
    slot = (width - left - 10) / max(len(weeks), 1)
    column = max(slot / (len(series) + 1), 2)
    parts = [f'<svg class="chart chart-weekly" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for tick in (0, largest // 2, largest):
        y = 20 + plot_height - plot_height * tick / largest
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="grid"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'class="chart-value">{tick}</text>')
    for week_index, week in enumerate(weeks):
        x0 = left + week_index * slot + column / 2
        for series_index, (_name, values, css) in enumerate(series):
            value = values[week_index]
            bar = plot_height * value / largest
            parts.append(f'<rect x="{x0 + series_index * column:.1f}" '
                         f'y="{20 + plot_height - bar:.1f}" width="{column - 1:.1f}" '
                         f'height="{bar:.1f}" class="bar {escape(css)}"><title>'
                         f"{escape(week)}: {value}</title></rect>")
        if (len(weeks) - 1 - week_index) % 2 == 0:
            parts.append(f'<text x="{x0 + column:.1f}" y="{height - bottom + 30}" '
                         f'text-anchor="middle" class="chart-label">{escape(week)}</text>')
    legend_x = left
    for name, _values, css in series:
        parts.append(f'<rect x="{legend_x}" y="2" width="12" height="12" '
                     f'class="bar {escape(css)}"/><text x="{legend_x + 16}" y="12" '
                     f'class="chart-label">{escape(name)}</text>')
        legend_x += 24 + 9 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every inserted text is escaped above)
