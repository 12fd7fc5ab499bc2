from odoo import fields, models

EVENT_KINDS = [
    ("reported", "Reported"),
    ("responded", "Responded"),
    ("external", "External Support Requested"),
    ("check", "Action Done"),
    ("uncheck", "Action Undone"),
    ("escalated", "Escalated"),
    ("remedy", "Remedy Answered"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]


class MeetingIncidentEvent(models.Model):
    """A line of an incident's timeline, kept for the review (复盘): written by the system
    when the incident is reported, answered, escalated, an action of its plan is ticked, and
    when it is resolved and closed. Users read it; nobody edits it."""

    _name = "meeting.incident.event"
    _description = "Incident Timeline Event"
    _order = "incident_id, date, id"

    incident_id = fields.Many2one(
        "meeting.incident", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="incident_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    name = fields.Char(string="Detail", readonly=True)
    user_id = fields.Many2one("res.users", string="By", readonly=True)
    check_id = fields.Many2one(
        "meeting.incident.check", string="Action", readonly=True, ondelete="set null"
    )
