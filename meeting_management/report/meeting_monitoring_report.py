from markupsafe import Markup

from odoo import fields, models
from odoo.tools import html2plaintext, is_html_empty

from ..models.meeting_meeting_kpi import ASPECTS, KPIS
from .meeting_report_tools import XLSX_MIMETYPE, svg_bar_chart, write_header

DELAYS_SHOWN = 10


class ReportMeetingMonitoring(models.AbstractModel):
    """The execution monitoring report (模板4 会议执行监控报告): the PDF and the workbook.

    The workbook has the shape of OCA ``report_xlsx``: formats created once per workbook,
    one method per sheet, every sheet filled from :meth:`_get_report_data`.
    """

    _name = "report.meeting_management.report_meeting_monitoring"
    _inherit = ["meeting.report.mixin"]
    _description = "Meeting Monitoring Report"

    _has_workbook = True

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------

    def _get_report_data(self, meeting):
        """Everything the monitoring report shows, for the PDF and the workbook.

        The number of queries does not depend on the number of attendees or answers:
        attendees and answers are aggregated in SQL, the other lines are fetched in one
        search each.
        """
        meeting.ensure_one()
        fmt_dt = meeting._format_dt
        tasks, task_rows, delays = self._get_task_rows(meeting)
        done_count = sum(1 for t in tasks if t.state == "done")
        agenda_rows = self._get_agenda_rows(meeting)
        incident_rows = self._get_incident_rows(meeting)
        objective_rows, budget_rows = self._get_plan_rows(meeting)
        aspect_labels = dict(meeting._fields["kpi_lowest_aspect"]._description_selection(self.env))
        aspect_rows = [
            {
                "key": key,
                "label": aspect_labels[key],
                "score": meeting[f"kpi_satisfaction_{key}"] if meeting.kpi_feedback_count else None,
            }
            for key, _label in ASPECTS
        ]
        texts = self._get_texts(meeting)
        suggestions_text = html2plaintext(texts["report_suggestions"])
        return {
            "title": self.env._("%(name)s – Execution Monitoring Report", name=meeting.name),
            # the face of the PDF: Simplified Chinese for zh_CN (see the report stylesheet)
            "html_lang": (self.env.lang or "en_US").replace("_", "-"),
            "tz": meeting.initiator_id.tz or self.env.user.tz or "UTC",
            "basic": {
                "name": meeting.name,
                "reference": meeting.reference,
                "type": meeting.type_id.name,
                "date_start": meeting.date_start,
                "date_end": meeting.date_end,
                "date_display": f"{fmt_dt(meeting.date_start)} – {fmt_dt(meeting.date_end)}",
                "venue": meeting.venue or "",
                "initiator": meeting.initiator_id.name,
                "executor": meeting.executor_id.name or "",
                "department": meeting.department_id.name or "",
                "expected_internal": meeting.expected_internal_count,
                "expected_external": meeting.expected_external_count,
                "expected": meeting.kpi_attendance_expected,
                "checked_in": meeting.kpi_attendance_checked_in,
                "attendance_rate": self._or_none(meeting.kpi_attendance_rate),
            },
            "tasks": task_rows,
            "task_count": len(tasks),
            "task_done_count": done_count,
            # the report names the delays that matter most (still open first, then the
            # longest); every task is in the workbook and the task tracking table (模板3)
            "delays": sorted(delays, key=lambda row: (row["closed"], -row["late_minutes"]))[
                :DELAYS_SHOWN
            ],
            "delay_count": len(delays),
            "agenda": agenda_rows,
            "agenda_completion": self._or_none(meeting.kpi_agenda_completion),
            "agenda_deviation": self._or_none(meeting.kpi_agenda_deviation),
            "agenda_planned_minutes": sum(row["planned_minutes"] for row in agenda_rows),
            "incidents": incident_rows,
            "objectives": objective_rows,
            "budget": budget_rows,
            "budget_total": self._get_budget_total(meeting, budget_rows),
            "satisfaction": meeting.kpi_satisfaction if meeting.kpi_feedback_count else None,
            "feedback_count": meeting.kpi_feedback_count,
            "aspects": aspect_rows,
            "lowest_aspect": aspect_labels.get(meeting.kpi_lowest_aspect, ""),
            "lowest_aspect_score": meeting[f"kpi_satisfaction_{meeting.kpi_lowest_aspect}"]
            if meeting.kpi_lowest_aspect
            else None,
            "kpis": meeting._get_kpi_rows(),
            "suggestions_html": texts["report_suggestions"],
            "suggestions_lines": [
                line.strip() for line in suggestions_text.splitlines() if line.strip()
            ],
            "summary_html": texts["report_summary"],
            "published_by": meeting.report_published_by_id.name or "",
            "published_display": fmt_dt(meeting.report_published_date),
            "charts": self._get_charts(agenda_rows, aspect_rows, budget_rows),
        }

    def _get_task_rows(self, meeting):
        """Plan vs execution: the preparation nodes, and the late ones."""
        fmt_dt = meeting._format_dt
        tasks = self.env["meeting.task"].search_fetch(
            [("meeting_id", "=", meeting.id)],
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
                "deadline_display": fmt_dt(task.date_deadline),
                "done": task.date_done,
                "done_display": fmt_dt(task.date_done),
                "state": task_states.get(task.state, task.state),
                "is_milestone": task.is_milestone,
                "late_minutes": late_minutes,
                "closed": task.state == "done",
            }
            task_rows.append(row)
            if late_minutes > 0:
                row["delay_display"] = task._format_duration(late_minutes)
                delays.append(row)
        return tasks, task_rows, delays

    def _get_agenda_rows(self, meeting):
        """The agenda, planned and actual.

        The deviations are the agenda item's own figures (``start_deviation``,
        ``end_deviation``: actual minus planned, positive = late), the ones the meeting's
        agenda tab shows and the agenda deviation KPI takes its largest gap from; an item
        not started (ended) yet has no start (end) deviation (None).
        """
        fmt_dt = meeting._format_dt
        items = self.env["meeting.agenda.item"].search_fetch(
            [("meeting_id", "=", meeting.id)],
            [
                "name",
                "date_start",
                "date_end",
                "actual_start",
                "actual_end",
                "state",
                "user_id",
                "start_deviation",
                "end_deviation",
            ],
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
                    "planned_display": f"{fmt_dt(item.date_start, 'HH:mm')}"
                    f"–{fmt_dt(item.date_end, 'HH:mm')}",
                    "actual_display": f"{fmt_dt(item.actual_start, 'HH:mm')}"
                    f"–{fmt_dt(item.actual_end, 'HH:mm')}"
                    if item.actual_start
                    else "",
                    "planned_minutes": planned,
                    "actual_minutes": actual,
                    "start_deviation_minutes": (
                        item.start_deviation if item.actual_start else None
                    ),
                    "deviation_minutes": item.end_deviation if item.actual_end else None,
                    "state": agenda_states.get(item.state, item.state),
                }
            )
        return agenda_rows

    def _get_incident_rows(self, meeting):
        """The incident summary: description, handler, cause, impact, resolution."""
        fmt_dt = meeting._format_dt
        incidents = self.env["meeting.incident"].search_fetch(
            [("meeting_id", "=", meeting.id)],
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
                "response_minutes",
                "responded_in_sla",
                "state",
            ],
            order="date_reported, id",
        )
        incident_states = dict(
            self.env["meeting.incident"]._fields["state"]._description_selection(self.env)
        )
        incident_rows = []
        for incident in incidents:
            incident_rows.append(
                {
                    "name": incident.name,
                    "description": incident.description or "",
                    "impact": incident.impact or "",
                    "cause": incident.cause or "",
                    "resolution": incident.resolution or "",
                    "handler": incident.handler_id.name or "",
                    "reported_display": fmt_dt(incident.date_reported),
                    "response_minutes": incident.response_minutes
                    if incident.date_responded
                    else None,
                    # the incident's own figure, as the KPI counts it
                    "timely": incident.responded_in_sla,
                    "state": incident_states.get(incident.state, incident.state),
                }
            )
        return incident_rows

    def _get_plan_rows(self, meeting):
        """The objectives and the budget lines, planned and actual (a few lines)."""
        objective_rows = [
            {
                "name": objective.name,
                "target": objective.target_value,
                "actual": objective.actual_value,
                # no actual value entered: missing ("Not entered"), not 0 %
                "reported": bool(objective.actual_value),
                "unit": objective.unit or "",
                "attainment": objective.attainment,
            }
            for objective in meeting.objective_ids
        ]
        category_labels = dict(
            self.env["meeting.budget.line"]._fields["category"]._description_selection(self.env)
        )
        budget_rows = [
            {
                "category": category_labels.get(line.category, line.category),
                "name": line.name or "",
                "planned": line.amount_planned,
                # a missing actual is None (shown as "—"), not a cost of 0
                "actual": self._or_none(line.amount_actual),
                "variance": self._or_none(line.variance),
                "variance_percent": self._or_none(line.variance_percent),
                "reason": line.variance_reason or "",
            }
            for line in meeting.budget_line_ids
        ]
        return objective_rows, budget_rows

    @staticmethod
    def _or_none(value):
        """A figure that may be missing: ``False`` (no data) becomes ``None``, 0 stays 0."""
        return None if value is False or value is None else value

    def _get_budget_total(self, meeting, budget_rows):
        """The budget total: planned, actual and variance over the lines with an actual."""
        reported = [row for row in budget_rows if row["actual"] is not None]
        planned_reported = sum(row["planned"] for row in reported)
        actual = sum(row["actual"] for row in reported) if reported else None
        return {
            "planned": meeting.kpi_budget_planned,
            "actual": actual,
            "variance": actual - planned_reported if reported else None,
            "variance_percent": self._or_none(meeting.kpi_budget_variance),
            "missing_count": len(budget_rows) - len(reported),
        }

    def _get_charts(self, agenda_rows, aspect_rows, budget_rows):
        """The report's charts (inline SVG), where a reader would rather look than read."""
        return {
            "agenda": svg_bar_chart(
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
            "satisfaction": svg_bar_chart(
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
            "budget": svg_bar_chart(
                [row["category"] for row in budget_rows],
                [
                    (self.env._("Planned"), "#4e79a7", [row["planned"] for row in budget_rows]),
                    (self.env._("Actual"), "#e15759", [row["actual"] for row in budget_rows]),
                ],
            ),
        }

    def _get_draft_values(self, meeting):
        """The summary and the improvement suggestions drafted from the current data (HTML).

        Never empty: with nothing to improve, the suggestion is to keep the plan."""
        meeting.ensure_one()
        items = meeting._get_improvement_suggestions() or [
            self.env._("All targets were met: keep the same preparation plan.")
        ]
        return {
            "report_summary": Markup("<p>%s</p>") % " ".join(self._get_summary_sentences(meeting)),
            "report_suggestions": Markup("<ol>%s</ol>")
            % Markup("").join(Markup("<li>%s</li>") % item for item in items),
        }

    def _get_summary_sentences(self, meeting):
        """The summary, one sentence per part of the report, as the seed's 模板4 reads."""
        task_model = self.env["meeting.task"]
        sentences = []
        if meeting.kpi_attendance_expected:
            sentences.append(
                self.env._(
                    "%(checked)s of %(expected)s expected attendees checked in (%(rate).0f%%).",
                    checked=meeting.kpi_attendance_checked_in,
                    expected=meeting.kpi_attendance_expected,
                    rate=meeting.kpi_attendance_rate or 0.0,
                )
            )
        tasks, _rows, delays = self._get_task_rows(meeting)
        if tasks:
            done = sum(1 for task in tasks if task.state == "done")
            if delays:
                longest = max(delays, key=lambda row: row["late_minutes"])
                open_delays = sum(1 for row in delays if not row["closed"])
                sentences.append(
                    self.env._(
                        "Preparation: %(done)s of %(total)s tasks done; %(late)s delayed "
                        "(longest %(longest)s), %(open)s still open.",
                        done=done,
                        total=len(tasks),
                        late=len(delays),
                        longest=task_model._format_duration(longest["late_minutes"]),
                        open=open_delays,
                    )
                )
            else:
                sentences.append(
                    self.env._(
                        "Preparation: %(done)s of %(total)s tasks done, none delayed.",
                        done=done,
                        total=len(tasks),
                    )
                )
        if meeting.kpi_agenda_item_count:
            sentences.append(
                self.env._(
                    "Agenda: completion %(completion).0f%%, largest deviation %(deviation)s.",
                    completion=meeting.kpi_agenda_completion or 0.0,
                    deviation=task_model._format_duration(meeting.kpi_agenda_deviation or 0),
                )
            )
        if meeting.kpi_incident_count:
            sentences.append(
                self.env._(
                    "Incidents: %(count)s, %(timely).0f%% answered in time.",
                    count=meeting.kpi_incident_count,
                    timely=meeting.kpi_incident_timeliness or 0.0,
                )
            )
        else:
            sentences.append(self.env._("No incident was reported."))
        if meeting.kpi_feedback_count:
            labels = dict(meeting._fields["kpi_lowest_aspect"]._description_selection(self.env))
            sentences.append(
                self.env._(
                    "Satisfaction %(score).1f / 5 from %(count)s answers (lowest: %(aspect)s, "
                    "%(low).1f).",
                    score=meeting.kpi_satisfaction,
                    count=meeting.kpi_feedback_count,
                    aspect=labels.get(meeting.kpi_lowest_aspect, ""),
                    low=meeting[f"kpi_satisfaction_{meeting.kpi_lowest_aspect}"] or 0.0,
                )
            )
        else:
            sentences.append(self.env._("No survey answer yet."))
        if meeting.kpi_objective_attainment is not False:
            sentences.append(
                self.env._(
                    "Objectives attained at %(value).0f%% on average.",
                    value=meeting.kpi_objective_attainment,
                )
            )
        budget_rows = self._get_plan_rows(meeting)[1]
        if budget_rows:
            total = self._get_budget_total(meeting, budget_rows)
            if total["variance_percent"] is not None:
                sentences.append(
                    self.env._(
                        "Budget: actual %(actual)s against %(planned)s planned "
                        "(%(variance)+.1f%%).",
                        actual=f"{total['actual']:,.0f}",
                        planned=f"{total['planned']:,.0f}",
                        variance=total["variance_percent"],
                    )
                )
            if total["missing_count"]:
                sentences.append(
                    self.env._(
                        "%(count)s budget line(s) without an actual amount yet.",
                        count=total["missing_count"],
                    )
                )
        sentences.append(
            self.env._("%(met)s of %(total)s KPIs met.", met=meeting.kpi_met_count, total=len(KPIS))
        )
        return sentences

    def _get_texts(self, meeting):
        """The summary and suggestions the report shows: as the executor or initiator edited
        them; drafted from the current data when empty or still the unedited draft."""
        drafts = None
        texts = {}
        for fname in ("report_summary", "report_suggestions"):
            text = meeting[fname]
            if is_html_empty(text) or text == meeting[f"{fname}_draft"]:
                drafts = drafts or self._get_draft_values(meeting)
                texts[fname] = drafts[fname]
            else:
                texts[fname] = text
        return texts

    def _draft_texts(self, meeting, force=False):
        """Draft the summary and the improvement suggestions of the report from the data.

        Texts the user edited are kept, unless ``force``; empty or unedited drafts are
        drafted again from the current data."""
        meeting.ensure_one()
        texts, drafts = {}, {}
        for fname, draft in self._get_draft_values(meeting).items():
            text = meeting[fname]
            if force or is_html_empty(text) or text == meeting[f"{fname}_draft"]:
                texts[fname] = draft
                drafts[f"{fname}_draft"] = draft
        if texts:
            meeting.write(texts)
            # sudo: the read-only copy of what was just drafted from the data, written by the
            # caller's action (finish, re-draft, publish) after its guard
            meeting.sudo().write(drafts)

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------

    def _get_filename(self, meeting, extension):
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in meeting.name).strip()
        return f"{self.env._('Monitoring Report')} - {safe}.{extension}"

    def _get_workbook_filename(self, meeting):
        return self._get_filename(meeting, "xlsx")

    def _get_pdf(self, meeting):
        meeting.ensure_one()
        content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            "meeting_management.action_report_meeting_monitoring", meeting.ids
        )
        return content

    def _get_attachment_values(self, meeting):
        """The PDF and the workbook, as values of two attachments (published report)."""
        return [
            {
                "name": self._get_filename(meeting, "pdf"),
                "raw": self._get_pdf(meeting),
                "mimetype": "application/pdf",
            },
            {
                "name": self._get_filename(meeting, "xlsx"),
                "raw": self._get_workbook(meeting),
                "mimetype": XLSX_MIMETYPE,
            },
        ]

    # ------------------------------------------------------------------
    # Workbook: one sheet per section
    # ------------------------------------------------------------------

    def _fill_workbook(self, workbook, fmt, data):
        for fill in (
            self._sheet_basic,
            self._sheet_kpis,
            self._sheet_preparation,
            self._sheet_agenda,
            self._sheet_incidents,
            self._sheet_effect,
            self._sheet_budget,
            self._sheet_suggestions,
        ):
            fill(workbook, fmt, data)

    def _local(self, value, data):
        """Naive local datetime for Excel (xlsxwriter writes naive datetimes as they are)."""
        if not value:
            return None
        return fields.Datetime.context_timestamp(self.with_context(tz=data["tz"]), value).replace(
            tzinfo=None
        )

    def _add_sheet(self, workbook, fmt, name, titles, widths):
        sheet = workbook.add_worksheet(name[:31])
        write_header(sheet, 0, titles, widths, fmt["head"])
        return sheet

    def _sheet_basic(self, workbook, fmt, data):
        basic = data["basic"]
        sheet = workbook.add_worksheet(self.env._("Basic Information")[:31])
        sheet.write(0, 0, data["title"], fmt["title"])
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 40)
        rows = [
            (self.env._("Meeting"), basic["name"], None),
            (self.env._("Reference"), basic["reference"], None),
            (self.env._("Type"), basic["type"], None),
            (self.env._("Start"), self._local(basic["date_start"], data), "date"),
            (self.env._("End"), self._local(basic["date_end"], data), "date"),
            (self.env._("Venue"), basic["venue"], None),
            (self.env._("Initiator"), basic["initiator"], None),
            (self.env._("Executor"), basic["executor"], None),
            (self.env._("Expected internal attendees"), basic["expected_internal"], "int"),
            (self.env._("Expected external attendees"), basic["expected_external"], "int"),
            (self.env._("Expected attendees"), basic["expected"], "int"),
            (self.env._("Checked in"), basic["checked_in"], "int"),
            (
                self.env._("Attendance rate"),
                basic["attendance_rate"] / 100.0 if basic["attendance_rate"] is not None else None,
                "pct",
            ),
        ]
        for index, (label, value, kind) in enumerate(rows, start=2):
            sheet.write(index, 0, label, fmt["label"])
            if kind == "date":
                if value:
                    sheet.write_datetime(index, 1, value, fmt["date"])
            elif kind and value is not None:
                sheet.write_number(index, 1, value, fmt[kind])
            else:
                sheet.write_string(index, 1, value or "")

    def _sheet_kpis(self, workbook, fmt, data):
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("KPIs"),
            [
                self.env._("Indicator"),
                self.env._("Value"),
                self.env._("Target"),
                self.env._("Status"),
            ],
            [32, 14, 20, 14],
        )
        for index, kpi in enumerate(data["kpis"], start=1):
            sheet.write(index, 0, kpi["label"])
            if kpi["value"] is None:
                sheet.write_blank(index, 1, None)  # no data: an empty cell, not 0
            elif kpi["unit"] == "%":
                sheet.write_number(index, 1, kpi["value"] / 100.0, fmt["pct"])
            else:
                sheet.write_number(index, 1, kpi["value"], fmt["dec"])
            sheet.write(index, 2, kpi["target"])
            sheet.write(index, 3, kpi["status_label"], fmt[kpi["status"]])

    def _sheet_preparation(self, workbook, fmt, data):
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("Preparation"),
            [
                self.env._("Task"),
                self.env._("Owner"),
                self.env._("Deadline"),
                self.env._("Finished"),
                self.env._("Status"),
                self.env._("Delay (min)"),
                self.env._("Milestone"),
            ],
            [36, 18, 18, 18, 14, 12, 10],
        )
        for index, task in enumerate(data["tasks"], start=1):
            sheet.write(index, 0, task["name"])
            sheet.write(index, 1, task["owner"])
            if task["deadline"]:
                sheet.write_datetime(index, 2, self._local(task["deadline"], data), fmt["date"])
            if task["done"]:
                sheet.write_datetime(index, 3, self._local(task["done"], data), fmt["date"])
            sheet.write(index, 4, task["state"])
            sheet.write_number(index, 5, max(task["late_minutes"], 0), fmt["int"])
            sheet.write_boolean(index, 6, bool(task["is_milestone"]))

    def _sheet_agenda(self, workbook, fmt, data):
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("Agenda"),
            [
                self.env._("Session"),
                self.env._("Owner"),
                self.env._("Planned"),
                self.env._("Actual"),
                self.env._("Planned (min)"),
                self.env._("Actual (min)"),
                self.env._("Start Deviation (min)"),
                self.env._("Deviation (min)"),
                self.env._("Status"),
            ],
            [32, 16, 14, 14, 12, 12, 14, 14, 12],
        )
        for index, item in enumerate(data["agenda"], start=1):
            sheet.write(index, 0, item["name"])
            sheet.write(index, 1, item["owner"])
            sheet.write(index, 2, item["planned_display"])
            sheet.write(index, 3, item["actual_display"])
            sheet.write_number(index, 4, item["planned_minutes"], fmt["int"])
            sheet.write_number(index, 5, item["actual_minutes"], fmt["int"])
            # an item not started (ended) yet has no deviation: the cell stays empty
            for column, key in ((6, "start_deviation_minutes"), (7, "deviation_minutes")):
                if item[key] is not None:
                    sheet.write_number(index, column, item[key], fmt["int"])
            sheet.write(index, 8, item["state"])

    def _sheet_incidents(self, workbook, fmt, data):
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("Incidents"),
            [
                self.env._("Incident"),
                self.env._("Description"),
                self.env._("Handler"),
                self.env._("Cause"),
                self.env._("Impact"),
                self.env._("Resolution"),
                self.env._("Response (min)"),
                self.env._("On time"),
                self.env._("Status"),
            ],
            [26, 32, 16, 24, 24, 30, 12, 10, 14],
        )
        text_keys = ("name", "description", "handler", "cause", "impact", "resolution")
        for index, incident in enumerate(data["incidents"], start=1):
            for col, key in enumerate(text_keys):
                sheet.write_string(index, col, incident[key], fmt["text"])
            if incident["response_minutes"] is not None:
                sheet.write_number(index, 6, incident["response_minutes"], fmt["int"])
            sheet.write_boolean(index, 7, incident["timely"])
            sheet.write(index, 8, incident["state"])

    def _sheet_effect(self, workbook, fmt, data):
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("Effect Evaluation"),
            [
                self.env._("Objective"),
                self.env._("Target"),
                self.env._("Actual"),
                self.env._("Unit"),
                self.env._("Attainment"),
            ],
            [30, 12, 12, 10, 12],
        )
        row = 1
        for objective in data["objectives"]:
            sheet.write(row, 0, objective["name"])
            sheet.write_number(row, 1, objective["target"], fmt["dec"])
            if objective["reported"]:
                sheet.write_number(row, 2, objective["actual"], fmt["dec"])
                sheet.write_number(row, 4, objective["attainment"] / 100.0, fmt["pct"])
            sheet.write(row, 3, objective["unit"])
            row += 1
        row += 1
        write_header(
            sheet,
            row,
            [self.env._("Aspect"), self.env._("Average score")],
            [30, 12],
            fmt["head"],
        )
        scores = [(self.env._("Overall"), data["satisfaction"])]
        scores += [(aspect["label"], aspect["score"]) for aspect in data["aspects"]]
        for label, score in scores:
            row += 1
            sheet.write(row, 0, label)
            if score is not None:
                sheet.write_number(row, 1, score, fmt["dec"])
        row += 1
        sheet.write(row, 0, self.env._("Lowest aspect"), fmt["label"])
        sheet.write(row, 1, data["lowest_aspect"])
        row += 1
        sheet.write(row, 0, self.env._("Answers"), fmt["label"])
        sheet.write_number(row, 1, data["feedback_count"], fmt["int"])

    def _sheet_budget(self, workbook, fmt, data):
        missing = self.env._("Not entered")
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("Budget"),
            [
                self.env._("Category"),
                self.env._("Description"),
                self.env._("Planned"),
                self.env._("Actual"),
                self.env._("Variance"),
                self.env._("Variance (%)"),
                self.env._("Reason"),
            ],
            [14, 30, 14, 14, 14, 12, 34],
        )
        for index, line in enumerate(data["budget"], start=1):
            sheet.write(index, 0, line["category"])
            sheet.write(index, 1, line["name"])
            sheet.write_number(index, 2, line["planned"], fmt["money"])
            if line["actual"] is None:
                # missing, not 0: an empty cell that SUM leaves out
                sheet.write_string(index, 3, missing, fmt["na"])
            else:
                sheet.write_number(index, 3, line["actual"], fmt["money"])
            if line["variance"] is not None:
                sheet.write_number(index, 4, line["variance"], fmt["money"])
            if line["variance_percent"] is not None:
                sheet.write_number(index, 5, line["variance_percent"] / 100.0, fmt["pct"])
            sheet.write(index, 6, line["reason"])
        if not data["budget"]:
            return
        total = data["budget_total"]
        last = len(data["budget"]) + 1  # last line, 1-based Excel row
        sheet.write(last, 1, self.env._("Total"), fmt["label"])
        sheet.write_formula(last, 2, f"=SUM(C2:C{last})", fmt["money"], total["planned"])
        # lines without an actual are left out of the actual and the variance (missing ≠ 0)
        sheet.write_formula(last, 3, f"=SUM(D2:D{last})", fmt["money"], total["actual"] or 0)
        sheet.write_formula(last, 4, f"=SUM(E2:E{last})", fmt["money"], total["variance"] or 0)
        reported_planned = f"SUMPRODUCT(--ISNUMBER(D2:D{last}),C2:C{last})"
        sheet.write_formula(
            last,
            5,
            f'=IF({reported_planned}=0,"",E{last + 1}/{reported_planned})',
            fmt["pct"],
            (total["variance_percent"] or 0) / 100.0,
        )

    def _sheet_suggestions(self, workbook, fmt, data):
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("Suggestions"),
            ["#", self.env._("Improvement suggestion")],
            [5, 100],
        )
        for index, line in enumerate(data["suggestions_lines"], start=1):
            sheet.write_number(index, 0, index, fmt["int"])
            sheet.write_string(index, 1, line, fmt["text"])
