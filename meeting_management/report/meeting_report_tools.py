"""What the meeting reports share: the workbook (options and formats) and the SVG bar chart."""

import io

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


def svg_bar_chart(labels, series, max_value=None, width=640):
    """A horizontal grouped bar chart as inline SVG (rendered by wkhtmltopdf and browsers).

    :param labels: category labels
    :param series: list of (name, colour, values)
    :param max_value: the value of a full bar (default: the largest value)
    """
    if not labels:
        return Markup("")
    bar_h, gap, label_w, value_w = 14, 10, 170, 70
    group_h = bar_h * len(series) + gap
    legend_h = 22
    height = legend_h + group_h * len(labels) + 6
    peak = max_value or max([v for _n, _c, values in series for v in values] + [1.0]) or 1.0
    plot_w = width - label_w - value_w
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" width="%(w)s" height="%(h)s" '
            'viewBox="0 0 %(w)s %(h)s" font-family="sans-serif" font-size="11" '
            'class="o_meeting_chart">'
        )
        % {"w": width, "h": height}
    ]
    x = label_w
    for name, colour, _values in series:
        parts.append(
            Markup(
                '<rect x="%s" y="4" width="10" height="10" fill="%s"/><text x="%s" y="13">%s</text>'
            )
            % (x, colour, x + 14, name)
        )
        x += 24 + 7 * len(str(name))
    for index, label in enumerate(labels):
        top = legend_h + index * group_h
        text = str(label)
        if len(text) > 26:
            text = text[:25] + "…"
        parts.append(
            Markup('<text x="%s" y="%s" text-anchor="end">%s</text>')
            % (label_w - 6, top + bar_h * len(series) / 2 + 4, text)
        )
        for s_index, (_name, colour, values) in enumerate(series):
            value = values[index] or 0.0
            bar_w = max(0.0, min(1.0, value / peak)) * plot_w
            y = top + s_index * bar_h
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
