from odoo import fields, models


class MeetingApprovalRejectWizard(models.TransientModel):
    _name = "meeting.approval.reject.wizard"
    _description = "Reject a Meeting Approval Step"

    approval_id = fields.Many2one("meeting.approval", required=True, ondelete="cascade")
    meeting_id = fields.Many2one(related="approval_id.meeting_id")
    comment = fields.Text(required=True, help="Tell the initiator what to change.")

    def action_confirm(self):
        self.ensure_one()
        self.approval_id._reject(self.comment)
        return {"type": "ir.actions.act_window_close"}
