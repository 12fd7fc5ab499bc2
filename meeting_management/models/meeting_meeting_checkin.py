from odoo import api, fields, models


class MeetingMeeting(models.Model):
    """Attendees and check-in on the meeting (stage 3a)."""

    _inherit = "meeting.meeting"

    attendee_count = fields.Integer(compute="_compute_attendee_counts")
    attendee_checked_in_count = fields.Integer(
        string="Checked In", compute="_compute_attendee_counts"
    )

    @api.depends("attendee_ids.is_checked_in", "attendee_ids.invitation_state")
    def _compute_attendee_counts(self):
        groups = self.env["meeting.attendee"]._read_group(
            [("meeting_id", "in", self.ids), ("invitation_state", "!=", "declined")],
            ["meeting_id", "is_checked_in"],
            ["__count"],
        )
        counts = {}
        for meeting, checked, count in groups:
            total, done = counts.get(meeting.id, (0, 0))
            counts[meeting.id] = (total + count, done + (count if checked else 0))
        for meeting in self:
            meeting.attendee_count, meeting.attendee_checked_in_count = counts.get(
                meeting.id, (0, 0)
            )

    def action_view_attendees(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_attendee_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_group_lane": 0}
        return action

    def action_open_checkin_kiosk(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.checkin_kiosk",
            "name": self.env._("Check-in Kiosk"),
            "context": {"default_meeting_id": self.id},
        }

    def action_open_signin_sheet(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.signin_sheet",
            "name": self.env._("Sign-in Sheet"),
            "context": {"default_meeting_id": self.id},
        }

    def action_export_signin_sheet_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/signin_sheet/{self.id}/xlsx",
            "target": "download",
        }

    def action_add_department_employees(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Employees of a Department"),
            "res_model": "meeting.attendee.department.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }
