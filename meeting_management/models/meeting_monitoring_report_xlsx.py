import io

import xlsxwriter

from odoo import fields, models


class MeetingMonitoringReportXlsx(models.AbstractModel):
    """The monitoring report (模板4) as an Excel workbook, one sheet per section.

    Same shape as OCA ``report_xlsx``: formats are created once per workbook, each sheet is
    filled by one method from the data of ``meeting.meeting._get_monitoring_report_data``.
    """

    _name = "meeting.monitoring.report.xlsx"
    _description = "Meeting Monitoring Report (Excel)"

    def _generate_workbook(self, meeting):
        data = meeting._get_monitoring_report_data()
        buf = io.BytesIO()
        workbook = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
        ctx = {
            "meeting": meeting,
            "data": data,
            "fmt": self._create_formats(workbook),
            "tz": meeting.initiator_id.tz or self.env.user.tz or "UTC",
        }
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
            fill(workbook, ctx)
        workbook.close()
        return buf.getvalue()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _create_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "head": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
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

    def _local(self, value, ctx):
        """Naive local datetime for Excel (xlsxwriter writes naive datetimes as they are)."""
        if not value:
            return None
        return fields.Datetime.context_timestamp(self.with_context(tz=ctx["tz"]), value).replace(
            tzinfo=None
        )

    def _add_sheet(self, workbook, ctx, name, titles, widths, row=0):
        sheet = workbook.add_worksheet(name[:31])
        self._header(sheet, ctx, row, titles, widths)
        return sheet

    def _header(self, sheet, ctx, row, titles, widths):
        for col, (title, width) in enumerate(zip(titles, widths, strict=True)):
            sheet.write(row, col, title, ctx["fmt"]["head"])
            sheet.set_column(col, col, width)

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------
    def _sheet_basic(self, workbook, ctx):
        data, fmt, meeting = ctx["data"], ctx["fmt"], ctx["meeting"]
        basic = data["basic"]
        sheet = workbook.add_worksheet(self.env._("Basic Information")[:31])
        sheet.write(0, 0, data["title"], fmt["title"])
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 40)
        rows = [
            (self.env._("Meeting"), basic["name"], None),
            (self.env._("Reference"), basic["reference"], None),
            (self.env._("Type"), basic["type"], None),
            (self.env._("Start"), self._local(meeting.date_start, ctx), "date"),
            (self.env._("End"), self._local(meeting.date_end, ctx), "date"),
            (self.env._("Venue"), basic["venue"], None),
            (self.env._("Initiator"), basic["initiator"], None),
            (self.env._("Executor"), basic["executor"], None),
            (self.env._("Expected internal attendees"), basic["expected_internal"], "int"),
            (self.env._("Expected external attendees"), basic["expected_external"], "int"),
            (self.env._("Expected attendees"), basic["expected"], "int"),
            (self.env._("Checked in"), basic["checked_in"], "int"),
            (self.env._("Attendance rate"), basic["attendance_rate"] / 100.0, "pct"),
        ]
        for index, (label, value, kind) in enumerate(rows, start=2):
            sheet.write(index, 0, label, fmt["label"])
            if kind == "date":
                if value:
                    sheet.write_datetime(index, 1, value, fmt["date"])
            elif kind:
                sheet.write_number(index, 1, value or 0, fmt[kind])
            else:
                sheet.write_string(index, 1, value or "")

    def _sheet_kpis(self, workbook, ctx):
        fmt = ctx["fmt"]
        sheet = self._add_sheet(
            workbook,
            ctx,
            self.env._("KPIs"),
            [
                self.env._("Indicator"),
                self.env._("Value"),
                self.env._("Target"),
                self.env._("Status"),
            ],
            [32, 14, 20, 14],
        )
        for index, kpi in enumerate(ctx["data"]["kpis"], start=1):
            sheet.write(index, 0, kpi["label"])
            if kpi["unit"] == "%":
                sheet.write_number(index, 1, kpi["value"] / 100.0, fmt["pct"])
            else:
                sheet.write_number(index, 1, kpi["value"], fmt["dec"])
            sheet.write(index, 2, kpi["target"])
            sheet.write(index, 3, kpi["status_label"], fmt[kpi["status"]])

    def _sheet_preparation(self, workbook, ctx):
        fmt = ctx["fmt"]
        sheet = self._add_sheet(
            workbook,
            ctx,
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
        for index, task in enumerate(ctx["data"]["tasks"], start=1):
            sheet.write(index, 0, task["name"])
            sheet.write(index, 1, task["owner"])
            if task["deadline"]:
                sheet.write_datetime(index, 2, self._local(task["deadline"], ctx), fmt["date"])
            if task["done"]:
                sheet.write_datetime(index, 3, self._local(task["done"], ctx), fmt["date"])
            sheet.write(index, 4, task["state"])
            sheet.write_number(index, 5, max(task["late_minutes"], 0), fmt["int"])
            sheet.write_boolean(index, 6, bool(task["is_milestone"]))

    def _sheet_agenda(self, workbook, ctx):
        fmt = ctx["fmt"]
        sheet = self._add_sheet(
            workbook,
            ctx,
            self.env._("Agenda"),
            [
                self.env._("Session"),
                self.env._("Owner"),
                self.env._("Planned"),
                self.env._("Actual"),
                self.env._("Planned (min)"),
                self.env._("Actual (min)"),
                self.env._("Deviation (min)"),
                self.env._("Status"),
            ],
            [32, 16, 14, 14, 12, 12, 14, 12],
        )
        for index, item in enumerate(ctx["data"]["agenda"], start=1):
            sheet.write(index, 0, item["name"])
            sheet.write(index, 1, item["owner"])
            sheet.write(index, 2, item["planned_display"])
            sheet.write(index, 3, item["actual_display"])
            sheet.write_number(index, 4, item["planned_minutes"], fmt["int"])
            sheet.write_number(index, 5, item["actual_minutes"], fmt["int"])
            sheet.write_number(index, 6, item["deviation_minutes"], fmt["int"])
            sheet.write(index, 7, item["state"])

    def _sheet_incidents(self, workbook, ctx):
        fmt = ctx["fmt"]
        sheet = self._add_sheet(
            workbook,
            ctx,
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
        for index, incident in enumerate(ctx["data"]["incidents"], start=1):
            for col, key in enumerate(text_keys):
                sheet.write_string(index, col, incident[key], fmt["text"])
            if incident["response_minutes"] is not None:
                sheet.write_number(index, 6, incident["response_minutes"], fmt["int"])
            sheet.write_boolean(index, 7, incident["timely"])
            sheet.write(index, 8, incident["state"])

    def _sheet_effect(self, workbook, ctx):
        data, fmt, meeting = ctx["data"], ctx["fmt"], ctx["meeting"]
        sheet = self._add_sheet(
            workbook,
            ctx,
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
            sheet.write_number(row, 2, objective["actual"], fmt["dec"])
            sheet.write(row, 3, objective["unit"])
            sheet.write_number(row, 4, objective["attainment"] / 100.0, fmt["pct"])
            row += 1
        row += 1
        self._header(sheet, ctx, row, [self.env._("Aspect"), self.env._("Average score")], [30, 12])
        scores = [(self.env._("Overall"), meeting.kpi_satisfaction)]
        scores += [(aspect["label"], aspect["score"]) for aspect in data["aspects"]]
        for label, score in scores:
            row += 1
            sheet.write(row, 0, label)
            sheet.write_number(row, 1, score, fmt["dec"])
        row += 1
        sheet.write(row, 0, self.env._("Lowest aspect"), fmt["label"])
        sheet.write(row, 1, data["lowest_aspect"])
        row += 1
        sheet.write(row, 0, self.env._("Answers"), fmt["label"])
        sheet.write_number(row, 1, meeting.kpi_feedback_count, fmt["int"])

    def _sheet_budget(self, workbook, ctx):
        data, fmt, meeting = ctx["data"], ctx["fmt"], ctx["meeting"]
        sheet = self._add_sheet(
            workbook,
            ctx,
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
            sheet.write_number(index, 3, line["actual"], fmt["money"])
            sheet.write_number(index, 4, line["variance"], fmt["money"])
            sheet.write_number(index, 5, line["variance_percent"] / 100.0, fmt["pct"])
            sheet.write(index, 6, line["reason"])
        if not data["budget"]:
            return
        last = len(data["budget"]) + 1  # last line, 1-based Excel row
        sheet.write(last, 1, self.env._("Total"), fmt["label"])
        sheet.write_formula(last, 2, f"=SUM(C2:C{last})", fmt["money"], meeting.kpi_budget_planned)
        sheet.write_formula(last, 3, f"=SUM(D2:D{last})", fmt["money"], meeting.kpi_budget_actual)
        sheet.write_formula(
            last,
            4,
            f"=D{last + 1}-C{last + 1}",
            fmt["money"],
            meeting.kpi_budget_actual - meeting.kpi_budget_planned,
        )
        sheet.write_formula(
            last,
            5,
            f"=IF(C{last + 1}=0,0,E{last + 1}/C{last + 1})",
            fmt["pct"],
            meeting.kpi_budget_variance / 100.0,
        )

    def _sheet_suggestions(self, workbook, ctx):
        fmt = ctx["fmt"]
        sheet = self._add_sheet(
            workbook,
            ctx,
            self.env._("Suggestions"),
            ["#", self.env._("Improvement suggestion")],
            [5, 100],
        )
        for index, line in enumerate(ctx["data"]["suggestions_lines"], start=1):
            sheet.write_number(index, 0, index, fmt["int"])
            sheet.write_string(index, 1, line, fmt["text"])
