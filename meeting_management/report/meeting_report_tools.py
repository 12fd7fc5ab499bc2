"""What the meeting reports share: the workbook (options and formats) and the SVG bar chart."""

import io
import unicodedata

import xlsxwriter
from markupsafe import Markup

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def new_workbook():
    """An in-memory workbook and its buffer.

    ``strings_to_formulas`` stays off: names, notes and answers typed by users (walk-ins,
    survey text) are written as text, never as formulas.
    """
    buf = io.BytesIO()
    return buf, xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})


def workbook_formats(workbook):
    """The formats of every meeting workbook, created once per workbook (not per cell)."""
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "head": workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        ),
        "cell": workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "late": workbook.add_format({"border": 1, "font_color": "#C00000", "valign": "top"}),
        "label": workbook.add_format({"bold": True}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "int": workbook.add_format({"num_format": "0"}),
        "dec": workbook.add_format({"num_format": "0.00"}),
        "pct": workbook.add_format({"num_format": "0.0%"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "met": workbook.add_format({"font_color": "#006100", "bg_color": "#C6EFCE"}),
        "not_met": workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
        "na": workbook.add_format({"font_color": "#7F7F7F"}),
    }


def write_header(sheet, row, titles, widths, fmt):
    """Column titles in ``row`` and the column widths."""
    for col, (title, width) in enumerate(zip(titles, widths, strict=True)):
        sheet.write(row, col, title, fmt)
        sheet.set_column(col, col, width)


def text_width(text, font_size=11):
    """Estimated width in px of ``text`` in a sans-serif face: CJK and other wide characters
    take a full em, Latin letters and digits about 0.6 em."""
    return sum(
        font_size if unicodedata.east_asian_width(ch) in ("W", "F") else font_size * 0.6
        for ch in str(text)
    )


def fit_text(text, width, font_size=11):
    """``text`` cut with an ellipsis to fit ``width`` px (see :func:`text_width`)."""
    text = str(text)
    if text_width(text, font_size) <= width:
        return text
    while text and text_width(text + "…", font_size) > width:
        text = text[:-1]
    return text + "…"


def svg_bar_chart(labels, series, max_value=None, width=640):
    """A horizontal grouped bar chart as inline SVG (rendered by wkhtmltopdf and browsers).

    The legend has its own rows above the plot (wrapped to the chart's width), category labels
    are cut to their column: nothing overlaps, in Latin or CJK text. A value ``None`` (missing
    data) draws no bar and reads "—".

    :param labels: category labels
    :param series: list of (name, colour, values)
    :param max_value: the value of a full bar (default: the largest value)
    """
    if not labels:
        return Markup("")
    font = 11
    bar_h, gap, label_w, value_w = 14, 10, 170, 70
    group_h = bar_h * len(series) + gap
    # legend: swatch + name, wrapped onto as many rows as needed
    legend, x, row = [], label_w, 0
    for name, colour, _values in series:
        item_w = 14 + text_width(name, font) + 16
        if x + item_w > width and x > label_w:
            x, row = label_w, row + 1
        legend.append((x, row, name, colour))
        x += item_w
    legend_h = 18 * (row + 1) + 6
    height = legend_h + group_h * len(labels) + 6
    numbers = [v for _n, _c, values in series for v in values if v is not None]
    peak = max_value or max([*numbers, 1.0]) or 1.0
    plot_w = width - label_w - value_w
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" width="%(w)s" height="%(h)s" '
            'viewBox="0 0 %(w)s %(h)s" font-size="%(f)s" class="o_meeting_chart">'
        )
        % {"w": width, "h": height, "f": font}
    ]
    for x, row, name, colour in legend:
        y = 4 + 18 * row
        parts.append(
            Markup(
                '<rect x="%s" y="%s" width="10" height="10" fill="%s"/>'
                '<text x="%s" y="%s">%s</text>'
            )
            % (round(x), y, colour, round(x) + 14, y + 9, name)
        )
    for index, label in enumerate(labels):
        top = legend_h + index * group_h
        parts.append(
            Markup('<text x="%s" y="%s" text-anchor="end">%s</text>')
            % (label_w - 6, top + bar_h * len(series) / 2 + 4, fit_text(label, label_w - 10, font))
        )
        for s_index, (_name, colour, values) in enumerate(series):
            value = values[index]
            y = top + s_index * bar_h
            if value is None or value is False:
                parts.append(
                    Markup('<text x="%s" y="%s" fill="#777777">—</text>')
                    % (label_w + 4, y + bar_h - 4)
                )
                continue
            bar_w = max(0.0, min(1.0, value / peak)) * plot_w
            parts.append(
                Markup(
                    '<rect x="%s" y="%s" width="%.1f" height="%s" fill="%s"/>'
                    '<text x="%.1f" y="%s">%s</text>'
                )
                % (
                    label_w,
                    y,
                    bar_w,
                    bar_h - 2,
                    colour,
                    label_w + bar_w + 4,
                    y + bar_h - 4,
                    f"{value:,.1f}" if value % 1 else f"{value:,.0f}",
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
