"""The data of the meeting's printed reports and workbooks (模板2, 模板3, 模板4)."""

import io

import xlsxwriter
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime, html2plaintext, is_html_empty

from .meeting_meeting_kpi import ASPECTS
from .meeting_task import TASK_STATES


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    def _draft_report_texts(self, force=False):
        self.ensure_one()
        vals = {}
        if force or is_html_empty(self.report_suggestions):
            items = self._get_improvement_suggestions() or [
                self.env._("All targets were met: keep the same preparation plan.")
            ]
            vals["report_suggestions"] = Markup("<ol>%s</ol>") % Markup("").join(
                Markup("<li>%s</li>") % item for item in items
            )
        if force or is_html_empty(self.report_summary):
            vals["report_summary"] = Markup("<p>%s</p>") % self.env._(
                "%(name)s: %(checked)s of %(expected)s expected attendees checked in; "
                "agenda completion %(agenda).0f%%; satisfaction %(satisfaction).1f / 5; "
                "%(incidents)s incident(s); %(met)s of 8 KPIs met.",
                name=self.name,
                checked=self.kpi_attendance_checked_in,
                expected=self.kpi_attendance_expected,
                agenda=self.kpi_agenda_completion,
                satisfaction=self.kpi_satisfaction,
                incidents=self.kpi_incident_count,
                met=self.kpi_met_count,
            )
        if vals:
            self.write(vals)

    def _format_dt(self, value, dt_format="short"):
        if not value:
            return ""
        tz = self.initiator_id.tz or self.env.user.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format=dt_format)

    @api.model
    def _format_duration(self, minutes):
        minutes = round(minutes)
        if abs(minutes) >= 60 and minutes % 60 == 0:
            return self.env._("%(hours)s h", hours=minutes // 60)
        if abs(minutes) >= 60:
            return self.env._(
                "%(hours)s h %(minutes)s min", hours=minutes // 60, minutes=minutes % 60
            )
        return self.env._("%(minutes)s min", minutes=minutes)

    def _get_monitoring_report_data(self):
        """Everything the monitoring report (模板4) shows, for the PDF and the workbook.

        The number of queries does not depend on the number of attendees or answers:
        attendees and answers are aggregated in SQL, the other lines are fetched in one
        search each.
        """
        self.ensure_one()
        # Plan vs execution: preparation nodes
        tasks = self.env["meeting.task"].search_fetch(
            [("meeting_id", "=", self.id)],
            ["name", "user_id", "date_deadline", "date_done", "state", "is_milestone"],
        )
        task_states = dict(
            self.env["meeting.task"]._fields["state"]._description_selection(self.env)
        )
        delays = []
        task_rows = []
        for task in tasks:
            late_minutes = task._get_late_minutes()
            row = {
                "name": task.name,
                "owner": task.user_id.name or "",
                "deadline": task.date_deadline,
                "deadline_display": self._format_dt(task.date_deadline),
                "done": task.date_done,
                "done_display": self._format_dt(task.date_done),
                "state": task_states.get(task.state, task.state),
                "is_milestone": task.is_milestone,
                "late_minutes": late_minutes,
                "closed": task.state == "done",
            }
            task_rows.append(row)
            if late_minutes > 0:
                row["delay_display"] = self._format_duration(late_minutes)
                delays.append(row)
        done_count = sum(1 for t in tasks if t.state == "done")
        # Agenda
        items = self.env["meeting.agenda.item"].search_fetch(
            [("meeting_id", "=", self.id)],
            ["name", "date_start", "date_end", "actual_start", "actual_end", "state", "user_id"],
        )
        agenda_states = dict(
            self.env["meeting.agenda.item"]._fields["state"]._description_selection(self.env)
        )
        agenda_rows = []
        for item in items:
            planned = (item.date_end - item.date_start).total_seconds() / 60.0
            actual = (
                (item.actual_end - item.actual_start).total_seconds() / 60.0
                if item.actual_start and item.actual_end
                else 0.0
            )
            agenda_rows.append(
                {
                    "name": item.name,
                    "owner": item.user_id.name or "",
                    "planned_display": f"{self._format_dt(item.date_start, 'HH:mm')}"
                    f"–{self._format_dt(item.date_end, 'HH:mm')}",
                    "actual_display": f"{self._format_dt(item.actual_start, 'HH:mm')}"
                    f"–{self._format_dt(item.actual_end, 'HH:mm')}"
                    if item.actual_start
                    else "",
                    "planned_minutes": planned,
                    "actual_minutes": actual,
                    "deviation_minutes": actual - planned if actual else 0.0,
                    "state": agenda_states.get(item.state, item.state),
                }
            )
        # Incidents
        incidents = self.env["meeting.incident"].search_fetch(
            [("meeting_id", "=", self.id)],
            [
                "name",
                "description",
                "impact",
                "cause",
                "resolution",
                "handler_id",
                "date_reported",
                "date_responded",
                "date_resolved",
                "sla_deadline",
                "state",
            ],
            order="date_reported, id",
        )
        incident_states = dict(
            self.env["meeting.incident"]._fields["state"]._description_selection(self.env)
        )
        incident_rows = []
        for incident in incidents:
            response = (
                (incident.date_responded - incident.date_reported).total_seconds() / 60.0
                if incident.date_responded
                else None
            )
            incident_rows.append(
                {
                    "name": incident.name,
                    "description": incident.description or "",
                    "impact": incident.impact or "",
                    "cause": incident.cause or "",
                    "resolution": incident.resolution or "",
                    "handler": incident.handler_id.name or "",
                    "reported_display": self._format_dt(incident.date_reported),
                    "response_minutes": response,
                    "timely": bool(
                        incident.date_responded
                        and (
                            not incident.sla_deadline
                            or incident.date_responded <= incident.sla_deadline
                        )
                    ),
                    "state": incident_states.get(incident.state, incident.state),
                }
            )
        # Objectives and budget (few lines)
        objective_rows = [
            {
                "name": objective.name,
                "target": objective.target_value,
                "actual": objective.actual_value,
                "unit": objective.unit or "",
                "attainment": objective.attainment,
            }
            for objective in self.objective_ids
        ]
        category_labels = dict(
            self.env["meeting.budget.line"]._fields["category"]._description_selection(self.env)
        )
        budget_rows = [
            {
                "category": category_labels.get(line.category, line.category),
                "name": line.name or "",
                "planned": line.amount_planned,
                "actual": line.amount_actual,
                "variance": line.variance,
                "variance_percent": line.variance_percent,
                "reason": line.variance_reason or "",
            }
            for line in self.budget_line_ids
        ]
        aspect_labels = dict(self._fields["kpi_lowest_aspect"]._description_selection(self.env))
        aspect_rows = [
            {"key": key, "label": aspect_labels[key], "score": self[f"kpi_satisfaction_{key}"]}
            for key, _label in ASPECTS
        ]
        suggestions_text = html2plaintext(self.report_suggestions or "")
        return {
            "meeting": self,
            "title": self.env._("%(name)s – Execution Monitoring Report", name=self.name),
            "basic": {
                "name": self.name,
                "reference": self.reference,
                "type": self.type_id.name,
                "date_display": f"{self._format_dt(self.date_start)} – "
                f"{self._format_dt(self.date_end)}",
                "venue": self.venue or "",
                "initiator": self.initiator_id.name,
                "executor": self.executor_id.name or "",
                "department": self.department_id.name or "",
                "expected_internal": self.expected_internal_count,
                "expected_external": self.expected_external_count,
                "expected": self.kpi_attendance_expected,
                "checked_in": self.kpi_attendance_checked_in,
                "attendance_rate": self.kpi_attendance_rate,
            },
            "tasks": task_rows,
            "task_count": len(tasks),
            "task_done_count": done_count,
            "delays": delays,
            "agenda": agenda_rows,
            "incidents": incident_rows,
            "objectives": objective_rows,
            "budget": budget_rows,
            "aspects": aspect_rows,
            "lowest_aspect": aspect_labels.get(self.kpi_lowest_aspect, ""),
            "kpis": self._get_kpi_rows(),
            "suggestions_html": self.report_suggestions or "",
            "suggestions_lines": [
                line.strip() for line in suggestions_text.splitlines() if line.strip()
            ],
            "summary_html": self.report_summary or "",
            "charts": {
                "agenda": self._svg_bar_chart(
                    [row["name"] for row in agenda_rows],
                    [
                        (
                            self.env._("Planned (min)"),
                            "#4e79a7",
                            [r["planned_minutes"] for r in agenda_rows],
                        ),
                        (
                            self.env._("Actual (min)"),
                            "#f28e2b",
                            [r["actual_minutes"] for r in agenda_rows],
                        ),
                    ],
                ),
                "satisfaction": self._svg_bar_chart(
                    [row["label"] for row in aspect_rows],
                    [
                        (
                            self.env._("Average score"),
                            "#59a14f",
                            [row["score"] for row in aspect_rows],
                        )
                    ],
                    max_value=5.0,
                ),
                "budget": self._svg_bar_chart(
                    [row["category"] for row in budget_rows],
                    [
                        (self.env._("Planned"), "#4e79a7", [row["planned"] for row in budget_rows]),
                        (self.env._("Actual"), "#e15759", [row["actual"] for row in budget_rows]),
                    ],
                ),
            },
        }

    @api.model
    def _svg_bar_chart(self, labels, series, max_value=None, width=640):
        """A horizontal grouped bar chart as inline SVG (rendered by wkhtmltopdf and browsers).

        :param labels: category labels
        :param series: list of (name, colour, values)
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
                    '<rect x="%s" y="4" width="10" height="10" fill="%s"/>'
                    '<text x="%s" y="13">%s</text>'
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

    def _report_filename(self, extension):
        self.ensure_one()
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in self.name).strip()
        return f"{self.env._('Monitoring Report')} - {safe}.{extension}"

    def _generate_report_pdf(self):
        self.ensure_one()
        content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            "meeting_management.action_report_meeting_monitoring", self.ids
        )
        return content

    def _generate_report_xlsx(self):
        """The monitoring report as an xlsx workbook (one sheet per section)."""
        self.ensure_one()
        return self.env["meeting.monitoring.report.xlsx"]._generate_workbook(self)

    def _create_report_attachments(self):
        self.ensure_one()
        pdf = self._generate_report_pdf()
        xlsx = self._generate_report_xlsx()
        Attachment = self.env["ir.attachment"]
        return Attachment.create(
            [
                {
                    "name": self._report_filename("pdf"),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                },
                {
                    "name": self._report_filename("xlsx"),
                    "raw": xlsx,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "res_model": self._name,
                    "res_id": self.id,
                },
            ]
        )

    def _get_task_tracking_rows(self):
        """Rows of the task tracking table (模板3 执行进度跟踪表)."""
        self.ensure_one()
        states = dict(TASK_STATES)
        rows = []
        for task in self.task_ids:
            status = states[task.state]
            if task.delay_display:
                status = (
                    task.delay_display
                    if task.state == "done"
                    else f"{status} ({task.delay_display})"
                )
            rows.append(
                {
                    "task": task,
                    "status": status,
                    "deliverable": ", ".join(task.deliverable_ids.mapped("name"))
                    or task.deliverable
                    or "",
                }
            )
        return rows

    def _get_task_tracking_xlsx(self):
        """The task tracking table as an Excel workbook (bytes)."""
        self.ensure_one()
        tz_self = self.with_context(tz=self.env.user.tz or "UTC")
        buf = io.BytesIO()
        workbook = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.env._("Task Tracking")[:31])
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        late = workbook.add_format({"border": 1, "font_color": "#C00000", "valign": "top"})
        sheet.write(0, 0, self.env._("Task Tracking Table: %(name)s", name=self.name), title)
        sheet.write(
            1,
            0,
            self.env._(
                "Progress %(done)s/%(total)s, on-time rate %(rate)s%%",
                done=self.task_done_count,
                total=self.task_count,
                rate=round(self.task_ontime_rate),
            ),
        )
        columns = [
            (self.env._("Task"), 36),
            (self.env._("Owner"), 16),
            (self.env._("Planned Finish"), 18),
            (self.env._("Actual Finish"), 18),
            (self.env._("Status"), 22),
            (self.env._("Deliverable"), 28),
            (self.env._("Notes"), 36),
        ]
        for col, (label, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(3, col, label, header)

        def fmt(value):
            if not value:
                return "-"
            return fields.Datetime.context_timestamp(tz_self, value).strftime("%Y-%m-%d %H:%M")

        for row, line in enumerate(self._get_task_tracking_rows(), start=4):
            task = line["task"]
            values = [
                task.name,
                task.user_id.name,
                fmt(task.date_deadline),
                fmt(task.date_done),
                line["status"],
                line["deliverable"] or "-",
                task.notes or "-",
            ]
            for col, value in enumerate(values):
                sheet.write(row, col, value, late if col == 4 and task.delay_display else cell)
        workbook.close()
        return buf.getvalue()

    def _agenda_rows(self):
        """The agenda as display rows (times in the user's timezone), for PDF and Excel."""
        self.ensure_one()
        state_labels = dict(
            self.env["meeting.agenda.item"]._fields["state"]._description_selection(self.env)
        )

        def hm(value):
            return fields.Datetime.context_timestamp(self, value).strftime("%H:%M") if value else ""

        rows = []
        for item in self.agenda_item_ids.sorted(lambda i: (i.date_start, i.sequence, i.id)):
            rows.append(
                {
                    "time": f"{hm(item.date_start)}-{hm(item.date_end)}",
                    "name": item.name,
                    "owner": item.user_id.name or "",
                    "location": item.location or "",
                    "notes": item.notes or "",
                    "actual": (
                        f"{hm(item.actual_start)}-{hm(item.actual_end)}"
                        if item.actual_start
                        else ""
                    ),
                    "deviation": item.end_deviation if item.actual_end else "",
                    "state": state_labels.get(item.state),
                    "skip_reason": item.skip_reason or "",
                }
            )
        return rows

    def _agenda_xlsx_content(self):
        """The agenda (模板2) as an Excel workbook, returned as bytes."""
        self.ensure_one()
        buf = io.BytesIO()
        workbook = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.env._("Agenda")[:31])
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        start = fields.Datetime.context_timestamp(self, self.date_start)
        sheet.write(0, 0, self.env._("Meeting Agenda: %(name)s", name=self.name), title)
        sheet.write(
            1,
            0,
            self.env._(
                "%(date)s, %(venue)s", date=start.strftime("%Y-%m-%d"), venue=self.venue or ""
            ),
        )
        headers = [
            self.env._("Time"),
            self.env._("Session"),
            self.env._("Owner"),
            self.env._("Location"),
            self.env._("Materials / Equipment"),
            self.env._("Actual Time"),
            self.env._("Deviation (min)"),
            self.env._("Status"),
        ]
        widths = [14, 30, 14, 18, 36, 14, 14, 14]
        for col, (label, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write(3, col, label, header)
            sheet.set_column(col, col, width)
        keys = ["time", "name", "owner", "location", "notes", "actual", "deviation", "state"]
        for row, data in enumerate(self._agenda_rows(), start=4):
            for col, key in enumerate(keys):
                sheet.write(row, col, data[key], cell)
        workbook.close()
        return buf.getvalue()
