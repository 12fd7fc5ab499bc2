from odoo import fields, models


class MeetingAttendee(models.Model):
    _name = "meeting.attendee"
    _description = "Meeting Attendee"
    _inherit = ["mail.thread"]
    _order = "meeting_id, is_key_decision_maker desc, name, id"
    _check_company_auto = True

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    attendee_type = fields.Selection(
        [("internal", "Internal"), ("external", "External")],
        default="external",
        required=True,
    )
    employee_id = fields.Many2one("hr.employee", check_company=True)
    user_id = fields.Many2one("res.users")
    partner_id = fields.Many2one("res.partner", string="Contact")
    company_name = fields.Char(string="Company / Department")
    job_title = fields.Char(string="Title")
    phone = fields.Char()
    email = fields.Char()
    is_key_decision_maker = fields.Boolean(string="Key Decision Maker")
    invitation_state = fields.Selection(
        [("invited", "Invited"), ("confirmed", "Confirmed"), ("declined", "Declined")],
        default="invited",
        required=True,
    )
    is_checked_in = fields.Boolean(string="Checked In", readonly=True, copy=False, index=True)
    checkin_date = fields.Datetime(string="Check-in Time", readonly=True, copy=False)
    checkin_lane = fields.Char(string="Lane", readonly=True, copy=False)
    is_walk_in = fields.Boolean(string="Walk-in", readonly=True)
