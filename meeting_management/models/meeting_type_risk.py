from odoo import fields, models


class MeetingType(models.Model):
    """The risks a meeting type usually carries, and the lessons its past meetings left."""

    _inherit = "meeting.type"

    risk_template_ids = fields.One2many(
        "meeting.risk.template", "type_id", string="Risk Templates", copy=True
    )
    lesson_ids = fields.One2many("meeting.type.lesson", "type_id", string="Lessons Learned")
