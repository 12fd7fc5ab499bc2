from odoo import fields, models


class MeetingFeedback(models.Model):
    _name = "meeting.feedback"
    _description = "Meeting Feedback"
    _order = "meeting_id, id"
    _check_company_auto = True

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    attendee_id = fields.Many2one("meeting.attendee", required=True, ondelete="cascade", index=True)
    score_overall = fields.Integer(string="Overall Satisfaction", aggregator="avg")
    score_agenda = fields.Integer(string="Agenda", aggregator="avg")
    score_venue = fields.Integer(string="Venue", aggregator="avg")
    score_catering = fields.Integer(string="Catering", aggregator="avg")
    score_service = fields.Integer(string="Service", aggregator="avg")
    suggestions = fields.Text()
    source = fields.Selection(
        [("online", "Online"), ("paper", "Paper")], default="online", required=True
    )
