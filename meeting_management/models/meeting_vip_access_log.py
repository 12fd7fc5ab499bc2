"""Who read a VIP guest's itinerary, and when: one line per read (form, list, export, print),
written by the system, never by users."""

from odoo import fields, models


class MeetingVipAccessLog(models.Model):
    _name = "meeting.vip.access.log"
    _description = "VIP Itinerary Access Log"
    _order = "access_date desc, id desc"

    plan_id = fields.Many2one(
        "meeting.vip.plan", string="Reception Plan", required=True, ondelete="cascade", index=True
    )
    meeting_id = fields.Many2one(related="plan_id.meeting_id", store=True, string="Meeting")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    guest_name = fields.Char(related="plan_id.guest_name", string="Guest")
    user_id = fields.Many2one("res.users", string="User", required=True, readonly=True)
    access_date = fields.Datetime(
        string="Accessed On", required=True, readonly=True, default=fields.Datetime.now
    )
    access_kind = fields.Selection(
        [("read", "Viewed"), ("export", "Exported"), ("print", "Printed")],
        string="Access",
        required=True,
        readonly=True,
        default="read",
    )
