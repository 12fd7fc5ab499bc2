from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.meeting_feedback import SCORE_FIELDS

SCORES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")]


class MeetingFeedbackPaperWizard(models.TransientModel):
    """Staff record an attendee's paper questionnaire (marked as a paper answer)."""

    _name = "meeting.feedback.paper.wizard"
    _description = "Record a Paper Survey Answer"

    meeting_id = fields.Many2one("meeting.meeting", required=True, readonly=True)
    attendee_id = fields.Many2one(
        "meeting.attendee",
        required=True,
        domain="[('meeting_id', '=', meeting_id), ('has_feedback', '=', False)]",
    )
    score_overall = fields.Selection(SCORES, string="Overall Satisfaction", required=True)
    score_agenda = fields.Selection(SCORES, string="Agenda", required=True)
    score_venue = fields.Selection(SCORES, string="Venue", required=True)
    score_catering = fields.Selection(SCORES, string="Catering", required=True)
    score_service = fields.Selection(SCORES, string="Service", required=True)
    suggestions = fields.Text()

    @api.constrains("attendee_id", "meeting_id")
    def _check_attendee(self):
        for wizard in self:
            if wizard.attendee_id.meeting_id != wizard.meeting_id:
                raise UserError(self.env._("Choose an attendee of this meeting."))

    def action_record(self):
        """Record the questionnaire as a paper answer typed in by the current user."""
        self.ensure_one()
        self.env["meeting.feedback"]._record_paper_answer(
            self.meeting_id,
            self.attendee_id,
            {fname: int(self[fname]) for fname in SCORE_FIELDS},
            self.suggestions,
        )
        return {"type": "ir.actions.act_window_close"}
