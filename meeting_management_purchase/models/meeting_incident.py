from odoo import fields, models


class MeetingIncident(models.Model):
    _inherit = "meeting.incident"

    vendor_id = fields.Many2one(
        "res.partner",
        string="Vendor Involved",
        index="btree_not_null",
        domain=[("is_company", "=", True)],
        help="The vendor whose service caused the incident: counted in its evaluation.",
    )
