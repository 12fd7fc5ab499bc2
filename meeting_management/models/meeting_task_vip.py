"""Tasks of the meeting's plan that belong to a VIP reception plan (itinerary confirmation,
room checks): they are ordinary tasks, so the overdue alerts and the board cover them."""

from odoo import fields, models


class MeetingTask(models.Model):
    _inherit = "meeting.task"

    vip_plan_id = fields.Many2one(
        "meeting.vip.plan",
        string="VIP Reception Plan",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
    )
    vip_task_kind = fields.Selection(
        [("itinerary", "Itinerary"), ("room_check", "Room Check")],
        string="VIP Task",
        readonly=True,
    )
    vip_check = fields.Char(string="Room Check", readonly=True)
