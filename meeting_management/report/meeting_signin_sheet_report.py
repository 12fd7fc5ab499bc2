from odoo import models

from .meeting_report_tools import write_header


class ReportMeetingSigninSheet(models.AbstractModel):
    """The sign-in sheet (签到表): the PDF and the workbook.

    The lines and counters come from ``meeting.attendee.get_signin_sheet_data``, the method the
    live sheet screen calls: the same access rules (check-in staff of the meeting; phone numbers
    for coordinators only) and the one attendance definition.
    """

    _name = "report.meeting_management.report_signin_sheet"
    _inherit = ["meeting.report.mixin"]
    _description = "Sign-in Sheet"

    _has_workbook = True

    def _get_report_data(self, meeting):
        meeting.ensure_one()
        sheet = self.env["meeting.attendee"].get_signin_sheet_data(meeting.id, limit=None)
        return {
            # a channel column only for meetings checked in through channels (多通道分流)
            "with_channels": any(line.get("channel") for line in sheet["checked_list"]),
            "title": sheet["meeting"]["name"],
            "expected": sheet["expected"],
            "checked_in": sheet["checked_in"],
            "missing": sheet["missing"],
            "with_contact": sheet["with_contact"],
            # the screen lists the latest arrivals first; the sheet in order of arrival
            "checked_list": sheet["checked_list"][::-1],
            "missing_list": sheet["missing_list"],
        }

    def _get_workbook_meeting(self, meeting_id):
        # check-in staff only (403), then the meeting must exist (404); whether the user
        # staffs this meeting is checked by get_signin_sheet_data (AccessError: 403)
        self.env["meeting.attendee"]._check_can_checkin()
        return self.env["meeting.meeting"].browse(meeting_id).exists()

    def _get_workbook_filename(self, meeting):
        return self.env._("Sign-in sheet %(meeting)s.xlsx", meeting=meeting.display_name)

    def _fill_workbook(self, workbook, fmt, data):
        sheet = workbook.add_worksheet(self.env._("Sign-in Sheet"))
        sheet.write(0, 0, data["title"], fmt["title"])
        sheet.write_row(
            1,
            0,
            [self.env._("Expected"), self.env._("Checked In"), self.env._("Missing")],
            fmt["head"],
        )
        sheet.write_row(2, 0, [data["expected"], data["checked_in"], data["missing"]], fmt["cell"])
        columns = [
            self.env._("Full Name"),
            self.env._("Company / Department"),
            self.env._("Title"),
            self.env._("Check-in Time"),
            self.env._("Lane"),
        ]
        keys = ["name", "company", "title", "checkin_time", "lane"]
        if data["with_channels"]:
            columns += [self.env._("Channel"), self.env._("Other Channel")]
            keys += ["channel", "other_channel"]
        if data["with_contact"]:
            columns.append(self.env._("Phone"))
            keys.append("phone")
        sheet.write_row(4, 0, columns, fmt["head"])
        yes = self.env._("Yes")
        for row, line in enumerate(data["checked_list"], start=5):
            values = [line[key] for key in keys]
            if data["with_channels"]:
                position = keys.index("other_channel")
                values[position] = yes if values[position] else ""
            sheet.write_row(row, 0, values, fmt["cell"])
        sheet.set_column(0, 0, 16)
        sheet.set_column(1, 1, 34)
        sheet.set_column(2, 5, 14)
        missing = workbook.add_worksheet(self.env._("Not Arrived"))
        write_header(
            missing,
            0,
            [
                self.env._("Full Name"),
                self.env._("Company / Department"),
                self.env._("Title"),
                self.env._("Phone"),
            ],
            [16, 34, 16, 16],
            fmt["head"],
        )
        for row, line in enumerate(data["missing_list"], start=1):
            missing.write_row(
                row, 0, [line["name"], line["company"], line["title"], line["phone"]], fmt["cell"]
            )
