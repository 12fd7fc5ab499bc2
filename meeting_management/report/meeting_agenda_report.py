from odoo import fields, models

from .meeting_report_tools import write_header


class ReportMeetingAgenda(models.AbstractModel):
    """The agenda (模板2): the PDF and the workbook."""

    _name = "report.meeting_management.report_meeting_agenda"
    _inherit = ["meeting.report.mixin"]
    _description = "Meeting Agenda"

    _has_workbook = True

    def _get_lines(self, meeting):
        """The agenda as display rows (times in the user's timezone)."""
        meeting.ensure_one()
        state_labels = dict(
            self.env["meeting.agenda.item"]._fields["state"]._description_selection(self.env)
        )

        def hm(value):
            return (
                fields.Datetime.context_timestamp(meeting, value).strftime("%H:%M") if value else ""
            )

        return [
            {
                "time": f"{hm(item.date_start)}-{hm(item.date_end)}",
                "name": item.name,
                "owner": item.user_id.name or "",
                "location": item.location or "",
                "notes": item.notes or "",
                "actual": (
                    f"{hm(item.actual_start)}-{hm(item.actual_end)}" if item.actual_start else ""
                ),
                "deviation": item.end_deviation if item.actual_end else "",
                "state": state_labels.get(item.state),
                "skip_reason": item.skip_reason or "",
            }
            for item in meeting.agenda_item_ids.sorted(lambda i: (i.date_start, i.sequence, i.id))
        ]

    def _get_report_data(self, meeting):
        lines = self._get_lines(meeting)
        start = fields.Datetime.context_timestamp(meeting, meeting.date_start)
        return {
            "title": self.env._("Meeting Agenda: %(name)s", name=meeting.name),
            "date": start.strftime("%Y-%m-%d"),
            "venue": meeting.venue or "",
            "lines": lines,
            "has_actual": any(line["actual"] for line in lines),
        }

    def _get_workbook_filename(self, meeting):
        return f"{meeting.reference or 'agenda'} - {meeting.name}.xlsx".replace("/", "-")

    def _fill_workbook(self, workbook, fmt, data):
        sheet = workbook.add_worksheet(self.env._("Agenda")[:31])
        sheet.write(0, 0, data["title"], fmt["title"])
        sheet.write(1, 0, self.env._("%(date)s, %(venue)s", date=data["date"], venue=data["venue"]))
        write_header(
            sheet,
            3,
            [
                self.env._("Time"),
                self.env._("Session"),
                self.env._("Owner"),
                self.env._("Location"),
                self.env._("Materials / Equipment"),
                self.env._("Actual Time"),
                self.env._("Deviation (min)"),
                self.env._("Status"),
            ],
            [14, 30, 14, 18, 36, 14, 14, 14],
            fmt["head"],
        )
        keys = ["time", "name", "owner", "location", "notes", "actual", "deviation", "state"]
        for row, line in enumerate(data["lines"], start=4):
            for col, key in enumerate(keys):
                sheet.write(row, col, line[key], fmt["cell"])
