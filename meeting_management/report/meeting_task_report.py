from odoo import fields, models

from .meeting_report_tools import write_header


class ReportMeetingTaskTracking(models.AbstractModel):
    """The task tracking table (模板3 执行进度跟踪表): the PDF and the workbook."""

    _name = "report.meeting_management.report_meeting_task_tracking"
    _inherit = ["meeting.report.mixin"]
    _description = "Task Tracking Table"

    _has_workbook = True

    def _get_report_data(self, meeting):
        meeting.ensure_one()
        tz_meeting = meeting.with_context(tz=self.env.user.tz or "UTC")
        # the status labels in the report's language (the selection's source strings are
        # English)
        states = dict(self.env["meeting.task"]._fields["state"]._description_selection(self.env))

        def fmt(value):
            if not value:
                return "-"
            return fields.Datetime.context_timestamp(tz_meeting, value).strftime("%Y-%m-%d %H:%M")

        lines = []
        for task in meeting.task_ids:
            status = states[task.state]
            if task.delay_display:
                status = (
                    task.delay_display
                    if task.state == "done"
                    else f"{status} ({task.delay_display})"
                )
            lines.append(
                {
                    "name": task.name,
                    "is_milestone": task.is_milestone,
                    "owner": task.user_id.name or "",
                    "deadline": fmt(task.date_deadline),
                    "done": fmt(task.date_done),
                    "status": status,
                    "late": bool(task.delay_display),
                    "deliverable": ", ".join(task.deliverable_ids.mapped("name"))
                    or task.deliverable
                    or "-",
                    "notes": task.notes or "-",
                }
            )
        return {
            "title": self.env._("Task Tracking Table: %(name)s", name=meeting.name),
            "done_count": meeting.task_done_count,
            "task_count": meeting.task_count,
            "ontime_rate": round(meeting.task_ontime_rate),
            "lines": lines,
        }

    def _get_workbook_filename(self, meeting):
        return self.env._("Task Tracking - %(name)s.xlsx", name=meeting.name)

    def _fill_workbook(self, workbook, fmt, data):
        sheet = workbook.add_worksheet(self.env._("Task Tracking")[:31])
        sheet.write(0, 0, data["title"], fmt["title"])
        sheet.write(
            1,
            0,
            self.env._(
                "Progress %(done)s/%(total)s, on-time rate %(rate)s%%",
                done=data["done_count"],
                total=data["task_count"],
                rate=data["ontime_rate"],
            ),
        )
        write_header(
            sheet,
            3,
            [
                self.env._("Task"),
                self.env._("Owner"),
                self.env._("Planned Finish"),
                self.env._("Actual Finish"),
                self.env._("Status"),
                self.env._("Deliverable"),
                self.env._("Notes"),
            ],
            [36, 16, 18, 18, 22, 28, 36],
            fmt["head"],
        )
        keys = ["name", "owner", "deadline", "done", "status", "deliverable", "notes"]
        for row, line in enumerate(data["lines"], start=4):
            for col, key in enumerate(keys):
                late = col == 4 and line["late"]
                sheet.write(row, col, line[key], fmt["late"] if late else fmt["cell"])
