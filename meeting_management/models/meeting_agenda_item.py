from odoo import fields, models


class MeetingAgendaItem(models.Model):
    _name = "meeting.agenda.item"
    _description = "Meeting Agenda Item"
    _order = "meeting_id, date_start, sequence, id"
    _check_company_auto = True

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Session", required=True)
    date_start = fields.Datetime(string="Planned Start", required=True)
    date_end = fields.Datetime(string="Planned End", required=True)
    user_id = fields.Many2one("res.users", string="Owner")
    location = fields.Char()
    notes = fields.Text(string="Materials / Equipment")
    state = fields.Selection(
        [("planned", "Planned"), ("running", "Running"), ("done", "Done"), ("skipped", "Skipped")],
        default="planned",
        required=True,
        copy=False,
    )
    actual_start = fields.Datetime(copy=False)
    actual_end = fields.Datetime(copy=False)
    skip_reason = fields.Char()
