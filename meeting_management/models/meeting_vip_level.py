"""A VIP level (VIP等级, e.g. 政要 / 企业高管 / 重要客户) and its reception standard: the vehicle,
the accommodation, the seat zone, the security level, who welcomes the guest and how long
before the meeting and the guest's arrival the reception work is due. A VIP attendee's
reception plan is built from their level.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MeetingVipLevel(models.Model):
    _name = "meeting.vip.level"
    _description = "VIP Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        help="Leave empty to use the level in every company.",
    )
    description = fields.Text(translate=True)

    # ------------------------------------------------------------------
    # The reception standard
    # ------------------------------------------------------------------
    vehicle_class = fields.Char(
        string="Vehicle Class", translate=True, help="e.g. Business sedan, minibus"
    )
    accommodation_standard = fields.Char(
        string="Accommodation Standard", translate=True, help="e.g. Executive suite"
    )
    seat_zone = fields.Char(string="Seat Zone", translate=True, help="e.g. Front row, centre")
    security_level = fields.Selection(
        [("standard", "Standard"), ("enhanced", "Enhanced"), ("high", "High")],
        string="Security Level",
        default="standard",
        required=True,
    )
    welcome_user_id = fields.Many2one(
        "res.users",
        string="Welcomed By",
        domain="[('share', '=', False)]",
        help="The person who welcomes guests of this level in person.",
    )
    welcome_role = fields.Char(
        string="Welcomed By (Role)",
        translate=True,
        help="When no person is named: the role who welcomes them, e.g. General Manager.",
    )
    plan_lead_days = fields.Integer(
        string="Plan Ready (days before)",
        default=7,
        help="The reception plan's itinerary is due this many days before the meeting starts.",
    )
    room_check_lead_hours = fields.Integer(
        string="Room Check (hours before arrival)",
        default=3,
        help="The room checks are due this many hours before the guest arrives.",
    )
    pickup_lead_minutes = fields.Integer(
        string="Vehicle Ready (minutes before)",
        default=30,
        help="The vehicle waits at the arrival place this many minutes before the arrival.",
    )
    room_check_items = fields.Text(
        string="Room Checks",
        translate=True,
        help="One check per line (e.g. room temperature, lighting, tea): each becomes a task "
        "of the meeting's plan with an owner and a deadline.",
    )
    attendee_count = fields.Integer(compute="_compute_attendee_count", string="VIP Attendees")

    @api.constrains("plan_lead_days", "room_check_lead_hours", "pickup_lead_minutes")
    def _check_lead_times(self):
        for level in self:
            if (
                min(level.plan_lead_days, level.room_check_lead_hours, level.pickup_lead_minutes)
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The lead times of the VIP level %(level)s cannot be negative.",
                        level=level.name,
                    )
                )

    def _compute_attendee_count(self):
        groups = self.env["meeting.attendee"]._read_group(
            [("vip_level_id", "in", self.ids)], ["vip_level_id"], ["__count"]
        )
        counts = {level.id: count for level, count in groups}
        for level in self:
            level.attendee_count = counts.get(level.id, 0)

    def _get_room_check_lines(self):
        """The level's room checks, one per non-empty line."""
        self.ensure_one()
        return [line.strip() for line in (self.room_check_items or "").splitlines() if line.strip()]

    def _get_welcome_label(self):
        self.ensure_one()
        return self.welcome_user_id.name or self.welcome_role or ""
