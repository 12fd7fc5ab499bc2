from odoo import fields, models


class MeetingTypeLesson(models.Model):
    """A lesson learned (复盘总结) of a meeting, kept on its type and shown to whoever plans the
    next meeting of that type."""

    _name = "meeting.type.lesson"
    _description = "Lesson Learned"
    _order = "date desc, id desc"

    type_id = fields.Many2one(
        "meeting.type", string="Meeting Type", required=True, ondelete="cascade", index=True
    )
    meeting_id = fields.Many2one(
        "meeting.meeting", string="From Meeting", ondelete="set null", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Text(string="Lesson", required=True)
    author_id = fields.Many2one(
        "res.users", string="Written By", default=lambda self: self.env.user
    )
