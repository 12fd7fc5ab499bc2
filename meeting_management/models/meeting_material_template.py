import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The outline's material categories (会务主管助理培训大纲 — 物资清单管理, 基础物资分类)
MATERIAL_CATEGORIES = [
    ("documents", "Meeting Documents"),
    ("office", "Office Supplies"),
    ("equipment", "Technical Equipment"),
    ("promotional", "Promotional Material"),
    ("other", "Other"),
]
MATERIAL_SOURCES = [
    ("buy", "Buy"),
    ("rent", "Rent"),
    ("stock", "From Stock"),
]


class MeetingMaterialTemplate(models.Model):
    """A line of a meeting type's default materials checklist (物资清单).

    Like the task templates, each template becomes a ``meeting.material.line`` of a meeting
    of the type (``meeting.meeting.action_generate_materials``): its quantity is fixed or
    scaled by the meeting's expected attendance ("per attendee"), plus a spare percentage;
    its due time is the meeting start plus the offset; its owner is the executor or the
    manager of a department.
    """

    _name = "meeting.material.template"
    _description = "Meeting Material Template"
    _order = "type_id, sequence, id"

    type_id = fields.Many2one(
        "meeting.type", string="Meeting Type", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Material", required=True, translate=True)
    category = fields.Selection(MATERIAL_CATEGORIES, required=True, default="documents")
    source = fields.Selection(MATERIAL_SOURCES, required=True, default="buy")
    quantity = fields.Float(
        default=1.0,
        digits=(16, 2),
        help="The quantity for the meeting, or for each expected attendee when the template "
        "is per attendee.",
    )
    per_attendee = fields.Boolean(
        string="Per Attendee",
        help="The quantity is multiplied by the meeting's expected attendance.",
    )
    spare_percent = fields.Float(
        string="Spare (%)",
        help="Added on top of the computed quantity, rounded up (e.g. 10 for the seed's 10% "
        "reserve).",
    )
    is_confidential = fields.Boolean(
        string="Confidential",
        help="Handed out against a signature and tracked until returned; only the meeting's "
        "staff see it.",
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Owner Department",
        help="The manager of this department owns the generated line; the meeting's executor "
        "when empty.",
    )
    offset_days = fields.Integer(
        string="Due (days)",
        default=-2,
        help="Due time relative to the meeting start, in days; negative values are before the "
        "meeting.",
    )
    notes = fields.Text(translate=True)

    @api.constrains("quantity", "spare_percent")
    def _check_quantities(self):
        for template in self:
            if template.quantity <= 0 or template.spare_percent < 0:
                raise ValidationError(
                    self.env._(
                        "The material template %(name)s needs a positive quantity and a spare "
                        "percentage of 0 or more.",
                        name=template.name,
                    )
                )

    def _get_quantity(self, attendance):
        """The planned quantity for a meeting expecting ``attendance`` people."""
        self.ensure_one()
        quantity = self.quantity * (attendance if self.per_attendee else 1)
        quantity *= 1 + self.spare_percent / 100.0
        # round up to whole items (a small epsilon so that 100 * 1.1 stays 110)
        return float(math.ceil(round(quantity, 6)))

    def _get_owner(self, meeting):
        self.ensure_one()
        fallback = meeting.executor_id or meeting.initiator_id
        if self.department_id:
            return self.department_id.manager_id.user_id or fallback
        return fallback

    def _prepare_line_vals(self, meeting, attendance):
        self.ensure_one()
        return {
            "meeting_id": meeting.id,
            "template_id": self.id,
            "sequence": self.sequence,
            "name": self.name,
            "category": self.category,
            "source": self.source,
            "quantity_planned": self._get_quantity(attendance),
            "is_confidential": self.is_confidential,
            "owner_id": self._get_owner(meeting).id,
            "date_due": meeting.date_start + timedelta(days=self.offset_days),
            "notes": self.notes,
        }


class MeetingType(models.Model):
    _inherit = "meeting.type"

    material_template_ids = fields.One2many(
        "meeting.material.template", "type_id", string="Material Templates", copy=True
    )
