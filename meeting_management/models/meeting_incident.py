from odoo import fields, models


class MeetingIncident(models.Model):
    _name = "meeting.incident"
    _description = "Meeting Incident"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_reported desc, id desc"
    _check_company_auto = True

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    name = fields.Char(string="Summary", required=True)
    description = fields.Text()
    impact = fields.Text(string="Scope of Impact")
    urgency = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        default="medium",
        required=True,
    )
    state = fields.Selection(
        [
            ("reported", "Reported"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("external", "Needs External Support"),
            ("closed", "Closed"),
        ],
        default="reported",
        required=True,
        index=True,
        tracking=True,
    )
    reporter_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    handler_id = fields.Many2one("res.users", string="Handler", index=True, tracking=True)
    date_reported = fields.Datetime(default=fields.Datetime.now, required=True)
    date_responded = fields.Datetime(copy=False)
    date_resolved = fields.Datetime(copy=False)
    sla_deadline = fields.Datetime(string="Response Due")
    cause = fields.Text()
    resolution = fields.Text()
