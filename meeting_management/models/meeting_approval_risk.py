from odoo import fields, models


class MeetingApproval(models.Model):
    """The approver sees the plan's top risks (score, mitigation) next to the decision."""

    _inherit = "meeting.approval"

    meeting_top_risk_ids = fields.Many2many(related="meeting_id.top_risk_ids", string="Top Risks")
    meeting_risk_blocking_count = fields.Integer(related="meeting_id.risk_blocking_count")
