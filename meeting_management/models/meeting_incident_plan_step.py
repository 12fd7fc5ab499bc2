from odoo import fields, models


class MeetingIncidentPlanStep(models.Model):
    """A first action of an incident type's emergency plan (突发预案), copied to each incident
    of that type as a checklist line the handler ticks."""

    _name = "meeting.incident.plan.step"
    _description = "Emergency Plan Step"
    _order = "type_id, sequence, id"

    type_id = fields.Many2one(
        "meeting.incident.type",
        string="Incident Type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Action", required=True, translate=True)
    description = fields.Text(translate=True)
