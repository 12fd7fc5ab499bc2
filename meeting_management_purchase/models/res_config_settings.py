from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    meeting_block_unqualified_vendor = fields.Boolean(
        related="company_id.meeting_block_unqualified_vendor", readonly=False
    )
    meeting_vendor_score_threshold = fields.Float(
        related="company_id.meeting_vendor_score_threshold", readonly=False
    )
