from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    meeting_block_unqualified_vendor = fields.Boolean(
        string="Block Unqualified Vendors",
        help="Confirming a meeting's purchase order from a vendor whose business license or "
        "industry qualification is missing or expired is refused (otherwise the buyer is "
        "warned).",
    )
    meeting_vendor_score_threshold = fields.Float(
        string="Supplier Score Threshold",
        default=60.0,
        help="A vendor whose average evaluation score (0-100) stays below it two quarters in a "
        "row is flagged for replacement.",
    )
