from odoo import api, fields, models
from odoo.exceptions import ValidationError

# FMEA-style rating: likelihood and impact from 1 to 5, their product is the risk's score
RATINGS = [
    ("1", "1 – Very Low"),
    ("2", "2 – Low"),
    ("3", "3 – Medium"),
    ("4", "4 – High"),
    ("5", "5 – Very High"),
]
RISK_CATEGORIES = [
    ("venue", "Venue Safety"),
    ("power", "Power and Equipment"),
    ("supplier", "Supplier"),
    ("weather", "Weather and Transport"),
    ("vip", "VIP Itinerary"),
    ("legal", "Legal and Compliance"),
    ("other", "Other"),
]
CONTINGENCY_TYPES = [
    ("venue", "Backup Venue"),
    ("equipment", "Backup Equipment"),
    ("supplier", "Backup Supplier"),
    ("funds", "Emergency Funds"),
    ("other", "Other"),
]


class MeetingRiskTemplate(models.Model):
    """A risk a meeting type usually carries (风险识别): proposed to each meeting's register."""

    _name = "meeting.risk.template"
    _description = "Meeting Risk Template"
    _order = "type_id, sequence, id"

    type_id = fields.Many2one(
        "meeting.type", string="Meeting Type", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(string="Risk", required=True, translate=True)
    category = fields.Selection(RISK_CATEGORIES, required=True, default="other")
    likelihood = fields.Selection(RATINGS, required=True, default="3")
    impact = fields.Selection(RATINGS, required=True, default="3")
    mitigation = fields.Text(
        translate=True,
        help="Suggested prevention, copied to the register; each meeting writes its own.",
    )
    contingency_type = fields.Selection(CONTINGENCY_TYPES)
    contingency = fields.Text(string="Contingency Plan", translate=True)
    incident_type_id = fields.Many2one(
        "meeting.incident.type",
        string="Incident Type",
        help="The kind of incident this risk becomes when it materialises.",
    )

    @api.constrains("type_id", "name")
    def _check_unique_name(self):
        for template in self:
            if (
                self.search_count(
                    [
                        ("type_id", "=", template.type_id.id),
                        ("name", "=", template.name),
                        ("id", "!=", template.id),
                    ]
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The meeting type %(type)s already has the risk template %(name)s.",
                        type=template.type_id.name,
                        name=template.name,
                    )
                )

    def _prepare_risk_vals(self, meeting):
        self.ensure_one()
        return {
            "meeting_id": meeting.id,
            "template_id": self.id,
            "sequence": self.sequence,
            "name": self.name,
            "category": self.category,
            "likelihood": self.likelihood,
            "impact": self.impact,
            "mitigation": self.mitigation or False,
            "contingency_type": self.contingency_type or False,
            "contingency": self.contingency or False,
            "incident_type_id": self.incident_type_id.id,
            "owner_id": (meeting.executor_id or meeting.initiator_id).id,
        }
