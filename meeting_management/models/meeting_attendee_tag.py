from odoo import fields, models


class MeetingAttendeeTag(models.Model):
    """A group of attendees (e.g. a dealer delegation): who may pass a check-in channel."""

    _name = "meeting.attendee.tag"
    _description = "Attendee Group"
    _order = "name, id"

    name = fields.Char(required=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _name_company_unique = models.Constraint(
        "unique(name, company_id)", "An attendee group with this name already exists."
    )
