from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_RESPONSE_MINUTES = 15


class MeetingIncidentType(models.Model):
    _name = "meeting.incident.type"
    _description = "Meeting Incident Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the type.")
    handler_user_id = fields.Many2one(
        "res.users",
        string="Default Handler",
        domain=[("share", "=", False)],
        help="Incidents of this type are routed to this user. When neither a default handler "
        "nor a handler group is set, they go to the executor of the meeting.",
    )
    handler_group_id = fields.Many2one(
        "res.groups",
        string="Handler Group",
        help="Used when no default handler is set: the incident goes to the member of this "
        "group with the fewest open incidents, and every member may handle it.",
    )
    response_minutes_high = fields.Integer(
        string="Response Time (High)", default=DEFAULT_RESPONSE_MINUTES
    )
    response_minutes_medium = fields.Integer(
        string="Response Time (Medium)", default=DEFAULT_RESPONSE_MINUTES
    )
    response_minutes_low = fields.Integer(
        string="Response Time (Low)", default=DEFAULT_RESPONSE_MINUTES
    )
    description = fields.Text()

    @api.constrains("response_minutes_high", "response_minutes_medium", "response_minutes_low")
    def _check_response_minutes(self):
        for itype in self:
            minutes = (
                itype.response_minutes_high,
                itype.response_minutes_medium,
                itype.response_minutes_low,
            )
            if any(m <= 0 for m in minutes):
                raise ValidationError(
                    self.env._(
                        "The response times of the incident type %(name)s must be positive.",
                        name=itype.name,
                    )
                )

    def _get_response_minutes(self, urgency):
        """Minutes allowed before the first response for the given urgency."""
        self.ensure_one()
        return self[f"response_minutes_{urgency or 'medium'}"] or DEFAULT_RESPONSE_MINUTES

    def _get_handler(self):
        """The user an incident of this type is routed to (may be empty)."""
        self.ensure_one()
        if self.handler_user_id:
            return self.handler_user_id
        members = self.handler_group_id.user_ids.filtered(lambda u: not u.share and u.active)
        if not members:
            return self.env["res.users"]
        # route to the least loaded member; one grouped query for all members
        loads = dict(
            self.env["meeting.incident"]
            .sudo()  # sudo: counting open incidents per member only, nothing is returned
            ._read_group(
                [
                    ("handler_id", "in", members.ids),
                    ("state", "in", ("reported", "in_progress")),
                ],
                ["handler_id"],
                ["__count"],
            )
        )
        return min(members, key=lambda u: (loads.get(u, 0), u.id))
