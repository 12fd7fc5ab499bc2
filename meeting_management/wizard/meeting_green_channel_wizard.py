from odoo import api, fields, models
from odoo.exceptions import UserError


class MeetingGreenChannelWizard(models.TransientModel):
    """Offered on submission when the meeting starts before its review would end."""

    _name = "meeting.green.channel.wizard"
    _description = "Suggest the Green Channel on Submission"

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade")
    date_start = fields.Datetime(related="meeting_id.date_start", string="Meeting Start")
    review_end_estimate = fields.Datetime(related="meeting_id.review_end_estimate")
    urgent_hours = fields.Integer(compute="_compute_urgent_hours", string="Green Channel Hours")
    urgent_reason = fields.Text(
        string="Urgency Reason", help="Why the meeting cannot wait for the normal review."
    )

    @api.depends("meeting_id")
    def _compute_urgent_hours(self):
        for wizard in self:
            wizard.urgent_hours = self.env["meeting.meeting"]._get_step_hours(
                "resource", True, wizard.meeting_id.type_id
            )

    def action_use_green_channel(self):
        """Mark the meeting urgent with the reason, then submit it."""
        self.ensure_one()
        if not (self.urgent_reason or "").strip():
            raise UserError(self.env._("Explain why the meeting needs the green channel."))
        # The initiator's own write: the plan's guards (who may edit it, in which state) apply.
        self.meeting_id.write({"is_urgent": True, "urgent_reason": self.urgent_reason})
        return self.meeting_id.action_submit()

    def action_submit_anyway(self):
        """Submit on the normal time limits, as the initiator chose."""
        self.ensure_one()
        return self.meeting_id.with_context(meeting_green_channel_declined=True).action_submit()
