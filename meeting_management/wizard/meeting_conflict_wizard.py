from odoo import fields, models
from odoo.exceptions import UserError


class MeetingConflictWizard(models.TransientModel):
    _name = "meeting.conflict.wizard"
    _description = "Acknowledge Meeting Conflicts"

    approval_id = fields.Many2one("meeting.approval", required=True, ondelete="cascade")
    meeting_id = fields.Many2one(related="approval_id.meeting_id")
    conflict_html = fields.Html(related="approval_id.meeting_id.conflict_html")
    acknowledged = fields.Boolean(string="I have seen these conflicts and approve anyway")

    def action_confirm(self):
        self.ensure_one()
        if not self.acknowledged:
            raise UserError(self.env._("Tick the acknowledgement to approve despite conflicts."))
        self.approval_id.action_acknowledge_conflicts()
        self.approval_id.action_approve()
        return {"type": "ir.actions.act_window_close"}
