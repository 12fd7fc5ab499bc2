"""A staff member's acknowledgement of the confidentiality terms (保密协议) of one VIP
reception: pending when they are assigned, acknowledged by themselves, with the terms they
accepted and when. Only then do they see the guest's itinerary."""

from odoo import fields, models
from odoo.exceptions import AccessError


class MeetingVipAcknowledgement(models.Model):
    _name = "meeting.vip.acknowledgement"
    _description = "VIP Reception Confidentiality Acknowledgement"
    _order = "state desc, create_date desc, id desc"
    _rec_name = "guest_name"

    plan_id = fields.Many2one(
        "meeting.vip.plan", string="Reception Plan", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one("res.users", string="Staff Member", required=True, index=True)
    meeting_id = fields.Many2one(related="plan_id.meeting_id", store=True, string="Meeting")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    guest_name = fields.Char(related="plan_id.guest_name", string="Guest")
    state = fields.Selection(
        [("pending", "To Acknowledge"), ("acknowledged", "Acknowledged")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    date_acknowledged = fields.Datetime(string="Acknowledged On", readonly=True)
    terms = fields.Text(
        string="Confidentiality Terms",
        readonly=True,
        help="The terms shown to the staff member, kept as they accepted them.",
    )

    _plan_user_unique = models.Constraint(
        "unique(plan_id, user_id)", "A staff member acknowledges a reception once."
    )

    def action_acknowledge(self):
        """The staff member accepts the terms; state moves only through this action."""
        for ack in self:
            if ack.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(user)s can acknowledge their own confidentiality terms.",
                        user=ack.user_id.name,
                    )
                )
        pending = self.filtered(lambda a: a.state == "pending")
        # sudo: users have no write access on acknowledgements; their own pending lines are
        # accepted here (checked above), with the date and the terms they were shown
        pending.sudo().write({"state": "acknowledged", "date_acknowledged": fields.Datetime.now()})
        # the responsibles' calendar events of the legs follow
        pending.sudo().plan_id.leg_ids._sync_calendar_events()
        return True
